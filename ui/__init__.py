"""What a person sees: the PySide6 window of Sổ Hội.

The only package that imports PySide6. `ui.app.run` starts at the login window of a data folder
(or at the main window of a session already signed in); `ui.run.main`, which the entry point
(desktop/__main__.py) hands `python -m desktop`'s arguments, checks the folder first and
imports it lazily.
"""
