"""Every command of `sohoi` is documented in --help and in docs/CLI.md (as sqlite-utils does)."""

from pathlib import Path

import pytest

from desktop.cli.main import build_parser

DOC = (Path(__file__).resolve().parents[2] / "docs" / "CLI.md").read_text(encoding="utf-8")


def commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub, sorted(sub.choices)


@pytest.mark.parametrize("name", commands()[1])
def test_command_is_documented(name):
    sub, _ = commands()
    assert f"## `sohoi {name}`" in DOC, f"docs/CLI.md has no section for `sohoi {name}`"
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert helps.get(name), f"`sohoi {name}` has no help line"
    for action in sub.choices[name]._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in DOC, f"{flag} of `sohoi {name}` is not in docs/CLI.md"


def test_root_options_are_documented():
    for action in build_parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert f"`sohoi {flag}" in DOC, f"{flag} of `sohoi` is not in docs/CLI.md"
