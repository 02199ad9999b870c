"""Forms built from `db.schema`: one editor per field kind, checked as the person types."""
