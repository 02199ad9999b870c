"""Files written whole or not at all (desktop/files.py): the one atomic writer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop import files
from desktop.files import WriteVerificationFailed, atomic_write_bytes, atomic_writer


def test_a_stream_replaces_the_file_whole(tmp_path: Path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with atomic_writer(target) as out:
        for n in range(3):
            out.write(bytes([n]) * 100_000)
        assert target.read_bytes() == b"old"  # nothing under the real name before the end
    assert target.read_bytes() == b"\x00" * 100_000 + b"\x01" * 100_000 + b"\x02" * 100_000
    assert list(tmp_path.iterdir()) == [target]


def test_an_error_in_the_block_leaves_the_old_file_and_no_temporary_one(tmp_path: Path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as out:
        out.write(b"half of it")
        raise RuntimeError
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_refused_fsync_leaves_no_temporary_file(tmp_path: Path, monkeypatch):
    def refuse(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", refuse)
    with pytest.raises(OSError):
        atomic_write_bytes(tmp_path / "sub" / "out.bin", b"data")
    assert list((tmp_path / "sub").iterdir()) == []


def test_a_file_that_reads_back_different_is_reported_and_may_be_removed(
    tmp_path: Path, monkeypatch
):
    real_open = Path.open

    def corrupting_open(self: Path, mode: str = "r", *args, **kwargs):
        if mode == "rb":  # the read back: as if the medium returned other bytes
            handle = real_open(self, mode, *args, **kwargs)
            data = handle.read()
            handle.close()
            return io.BytesIO(data[:-1] + b"?")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", corrupting_open)
    kept, removed = tmp_path / "kept.bin", tmp_path / "removed.bin"
    with pytest.raises(WriteVerificationFailed), atomic_writer(kept) as out:
        out.write(b"data")
    with (
        pytest.raises(WriteVerificationFailed),
        atomic_writer(removed, remove_if_different=True) as out,
    ):
        out.write(b"data")
    assert sorted(tmp_path.iterdir()) == [kept]
