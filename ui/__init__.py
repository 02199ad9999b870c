"""What a person sees: the PySide6 window of Sổ Hội.

The only package that imports PySide6. `ui.app.run` starts the window over an open unit;
`desktop.gui` (the `python -m desktop` entry point) imports it lazily.
"""
