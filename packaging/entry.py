"""The script PyInstaller freezes into `SoHoi` (see packaging/sohoi.spec).

The window by default, the `sohoi` command line for `SoHoi cli …`, the self-test for
`SoHoi --self-test`: the choice is desktop.__main__.route, the same as `python -m desktop`.
"""

import multiprocessing

from desktop.__main__ import main

if __name__ == "__main__":
    # A large import's first stage runs in a spawned child of this program
    # (desktop/sync/first_stage.py): frozen, the child is this executable, and this call makes
    # it run the child's work instead of the window.
    multiprocessing.freeze_support()
    raise SystemExit(main())
