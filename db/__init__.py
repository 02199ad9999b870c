"""Sổ Hội's data and its rules: schema, validation, the write path, queries and indicators.

No Qt, no reportlab, no files outside the database.
"""

DB_FILENAME = "sohoi.db"  # a unit's database in its data folder (kept light: no imports)
