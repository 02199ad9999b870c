"""What Sổ Hội does, headless: paths, units, the `sohoi` command line and the GUI entry point.

No Qt widgets here: `ui.run` imports ui/ lazily, only when the window is wanted.
"""
