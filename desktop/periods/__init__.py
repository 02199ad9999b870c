"""Reporting periods at a unit: closing a period (its figures frozen in a snapshot) and
reopening it for a correction."""
