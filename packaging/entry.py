"""The script PyInstaller freezes into `SoHoi` (see packaging/sohoi.spec).

The window by default, the `sohoi` command line for `SoHoi cli …`, the self-test for
`SoHoi --self-test`: the choice is desktop.__main__.route, the same as `python -m desktop`.
"""

from desktop.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
