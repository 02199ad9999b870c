"""What Sổ Hội does, headless: the `sohoi` command line, this machine's installation, accounts
and encryption at rest, sync, reports, spreadsheets, backups, the units below, demo data.

No Qt here, and nothing imports ui/: `desktop/__main__.py` is the entry point above both front
ends and loads ui/ only inside a function, when the window is wanted (docs/ARCHITECTURE.md).
"""
