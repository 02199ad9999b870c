"""The log: events only; IDs, phone numbers and dates never reach the file."""

from __future__ import annotations

import logging

import pytest

from desktop.installation import logs


@pytest.fixture
def log_file(tmp_path):
    path = logs.setup_logging(tmp_path / "logs", hook_exceptions=False)
    yield path
    logs.stop_logging()


def read(path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "secret",
    [
        "001185000123",  # CCCD, 12 digits
        "012345678",  # CMND, 9 digits
        "0912345678",  # mobile
        "0912 345 678",
        "+84 912 345 678",
        "1985-03-02",
        "2/3/1985",
        "02.03.1985",
    ],
)
def test_ids_phones_and_dates_are_scrubbed(log_file, secret):
    logging.getLogger("desktop.test").info("member %s saved", secret)
    logging.getLogger("desktop.test").warning(f"inline {secret} too")
    text = read(log_file)
    assert secret not in text
    assert "member <redacted> saved" in text and "inline <redacted> too" in text


def test_exceptions_are_logged_by_type_and_stack_never_message(log_file):
    record = {"full_name": "Nguyễn Thị Ánh", "citizen_id": "001185000123"}

    def save():
        raise ValueError(f"{record['full_name']}, CCCD {record['citizen_id']}")

    try:
        save()
    except ValueError:
        logging.getLogger("desktop.test").exception("save failed")
    text = read(log_file)
    assert "save failed" in text and "builtins.ValueError" in text and "in save" in text
    assert "Nguyễn" not in text and "001185000123" not in text


def test_events_and_counts_pass_through(log_file):
    logging.getLogger("desktop.cli.main").info("unit %s opened: %d members", "06076", 2000)
    assert "INFO desktop.cli.main: unit 06076 opened: 2000 members" in read(log_file)


def test_other_libraries_log_warnings_only(log_file):
    logging.getLogger("somelib").info("chatter")
    logging.getLogger("somelib").warning("trouble")
    text = read(log_file)
    assert "chatter" not in text and "trouble" in text


def test_the_file_rotates_at_a_megabyte_keeping_five(log_file):
    line = "x" * 1000
    for _ in range(7000):
        logging.getLogger("desktop.test").info(line)
    files = sorted(p.name for p in log_file.parent.iterdir())
    assert files == ["sohoi.log"] + [f"sohoi.log.{n}" for n in range(1, 6)]
    assert all(p.stat().st_size <= logs.MAX_BYTES for p in log_file.parent.iterdir())


def test_setting_up_twice_writes_each_line_once(log_file):
    assert logs.setup_logging(log_file.parent, hook_exceptions=False) == log_file
    logging.getLogger("desktop.test").info("once")
    assert read(log_file).count("once") == 1


def test_an_unwritable_folder_means_no_log_not_a_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert logs.setup_logging(blocker / "logs", hook_exceptions=False) is None


def test_default_folder_is_the_portable_one_when_given(tmp_path):
    assert logs.default_log_dir(tmp_path / "data" / "logs") == tmp_path / "data" / "logs"
    assert logs.default_log_dir(None).name.lower() in {"log", "logs"}


def test_a_log_another_process_holds_open_keeps_growing(log_file, monkeypatch, capsys):
    handler = next(
        h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(log_file)
    )

    def refuse(source, dest):
        raise PermissionError("the other process has it open")  # what Windows says

    monkeypatch.setattr(handler, "rotate", refuse)
    for _ in range(1200):
        logging.getLogger("desktop.test").info("x" * 1000)
    logging.getLogger("desktop.test").info("still here")
    assert "still here" in read(log_file)
    assert "Logging error" not in capsys.readouterr().err
