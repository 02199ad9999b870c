"""One program, `SoHoi`: the window, the command line or the self-test (desktop/__main__.py)."""

from __future__ import annotations

import pytest

from desktop.__main__ import route


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ("gui", [])),
        (["--portable"], ("gui", ["--portable"])),
        (
            ["--data", "D:\\SoHoi\\data", "--user", "admin"],
            ("gui", ["--data", "D:\\SoHoi\\data", "--user", "admin"]),
        ),
        (["--screenshot", "x.png"], ("gui", ["--screenshot", "x.png"])),
        (["cli", "demo", "--data", "x"], ("cli", ["demo", "--data", "x"])),
        (["--cli", "keys", "--data", "x"], ("cli", ["keys", "--data", "x"])),
        (["cli"], ("cli", [])),
        (["demo", "--data", "x"], ("cli", ["demo", "--data", "x"])),
        (["--portable", "indicators"], ("cli", ["--portable", "indicators"])),
        (["--self-test"], ("cli", ["--self-test"])),
        (["--self-test", "--portable"], ("cli", ["--self-test", "--portable"])),
        (["--portable", "--self-test"], ("cli", ["--portable", "--self-test"])),
    ],
)
def test_route(argv, expected):
    assert route(argv) == expected


def test_the_command_line_runs_through_the_dispatcher(capsys):
    from desktop.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["cli", "--help"])
    assert exit_.value.code == 0
    assert "--self-test" in capsys.readouterr().out


def test_the_installed_sohoi_goes_through_the_entry_point():
    """`sohoi --self-test` gets the window check as `SoHoi --self-test` does (desktop.__main__)."""
    import tomllib
    from pathlib import Path

    import desktop.__main__ as entry

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    target = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]["sohoi"]
    module, _, name = target.partition(":")
    assert module == "desktop.__main__" and callable(getattr(entry, name))
