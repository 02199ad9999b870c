from pathlib import Path

from desktop.installation.paths import PORTABLE_MARKER, resolve_data_dir


def test_command_line_comes_first(tmp_path):
    env = {"SOHOI_DATA": str(tmp_path / "env")}
    assert resolve_data_dir(tmp_path / "cli", env=env, base=tmp_path) == tmp_path / "cli"


def test_environment_before_portable(tmp_path):
    (tmp_path / PORTABLE_MARKER).write_text("")
    env = {"SOHOI_DATA": str(tmp_path / "env")}
    assert resolve_data_dir(None, env=env, base=tmp_path) == tmp_path / "env"


def test_portable_folder_beside_the_program(tmp_path):
    (tmp_path / PORTABLE_MARKER).write_text("")
    assert resolve_data_dir(None, env={}, base=tmp_path) == tmp_path / "data"


def test_platform_default_otherwise(tmp_path):
    path = resolve_data_dir(None, env={}, base=tmp_path)
    assert path.name == "SoHoi" and Path(tmp_path) not in path.parents
