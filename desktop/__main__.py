"""`python -m desktop`: start the Sổ Hội window (see desktop.gui)."""

from desktop.gui import main

if __name__ == "__main__":
    raise SystemExit(main())
