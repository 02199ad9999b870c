"""Dialogs and small helpers of the sync, reports, settings and first-start screens."""
