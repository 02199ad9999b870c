"""The sealed payload of a backup file, written and read in authenticated 1 MiB chunks.

For `desktop.backup.make` (writing) and `desktop.backup.restore` (reading); the layout is described
in
`desktop.backup.format`. Both directions stream: a database of any size needs only a chunk of
memory, and the reader stops at the first chunk that fails authentication.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from desktop.backup.format import (
    CHUNK_SIZE,
    MAGIC,
    MAX_KEYFILE,
    MAX_MANIFEST,
    SECTIONS,
    TAG_BYTES,
    Header,
    canonical,
    damaged,
)
from desktop.files import atomic_writer
from desktop.security.crypto import unb64


def _payload(sections: Sequence[tuple[str, bytes | Path]]) -> tuple[int, Iterator[bytes]]:
    """(total length, pieces) of the plaintext payload: manifest, then each section."""
    entries, sizes = [], []
    for name, source in sections:
        if isinstance(source, Path):
            digest = hashlib.sha256()
            with source.open("rb") as f:
                while block := f.read(CHUNK_SIZE):
                    digest.update(block)
            size = source.stat().st_size
        else:
            digest, size = hashlib.sha256(source), len(source)
        entries.append({"name": name, "size": size, "sha256": digest.hexdigest()})
        sizes.append(size)
    manifest = canonical({"sections": entries})
    total = 4 + len(manifest) + sum(sizes)

    def pieces() -> Iterator[bytes]:
        yield struct.pack(">I", len(manifest)) + manifest
        for (_, source), size in zip(sections, sizes, strict=True):
            if isinstance(source, Path):
                sent = 0
                with source.open("rb") as f:
                    while block := f.read(CHUNK_SIZE):
                        sent += len(block)
                        yield block
                if sent != size:
                    raise OSError(f"{source.name} changed while being backed up")
            else:
                yield source

    return total, pieces()


def _rechunk(pieces: Iterator[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


def _associated(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + struct.pack(">IB", index, int(final))


def write_container(
    path: Path, header: bytes, key: bytes, sections: Sequence[tuple[str, bytes | Path]]
) -> None:
    """Write a backup atomically (`desktop.files.atomic_writer`): temporary name, fsync,
    rename, read back and compare.

    OSError (disk full, no permission …) leaves no file under `path` and no temporary file.
    """
    seal = json.loads(header[len(MAGIC) + 4 :])["seal"]
    prefix = unb64(seal["nonce_prefix"])
    header_digest = hashlib.sha256(header).digest()
    total, pieces = _payload(sections)
    count = max(1, -(-total // CHUNK_SIZE))
    cipher = ChaCha20Poly1305(key)
    # A backup that does not read back as written is removed: it must not pass for one.
    with atomic_writer(path, remove_if_different=True) as out:
        out.write(header)
        for index, chunk in enumerate(_rechunk(pieces, CHUNK_SIZE)):
            nonce = prefix + struct.pack(">I", index)
            out.write(
                cipher.encrypt(nonce, chunk, _associated(header_digest, index, index == count - 1))
            )


# -- reading ---------------------------------------------------------------------------------


@dataclass
class Payload:
    """What a backup held, written out by `read_container` into a folder."""

    db_key: bytearray
    keyfile: bytes
    db_path: Path


class _Sink:
    """Routes the decrypted stream into the manifest, the key, the key file and the database."""

    def __init__(self, path: Path, db_path: Path):
        self.path, self.db_path = path, db_path
        self.buffer = bytearray()
        self.sections: list[dict] | None = None
        self.index = 0
        self.left = 0
        self.digest = hashlib.sha256()
        self.values: dict[str, bytearray] = {}
        self.db = db_path.open("wb")

    def _manifest(self) -> bool:
        if len(self.buffer) < 4:
            return False
        (size,) = struct.unpack(">I", self.buffer[:4])
        if not 2 <= size <= MAX_MANIFEST:
            raise damaged(self.path)
        if len(self.buffer) < 4 + size:
            return False
        try:
            sections = json.loads(bytes(self.buffer[4 : 4 + size]))["sections"]
            names = [s["name"] for s in sections]
            sizes = [s["size"] for s in sections]
            if names != list(SECTIONS) or not all(type(n) is int and n >= 0 for n in sizes):
                raise ValueError("sections")
            if sizes[0] != 32 or sizes[1] > MAX_KEYFILE:
                raise ValueError("sizes")
        except (ValueError, KeyError, TypeError):
            raise damaged(self.path) from None
        self.sections = sections
        del self.buffer[: 4 + size]
        self.left = sections[0]["size"]
        return True

    def feed(self, data: bytes) -> None:
        if self.sections is None:
            self.buffer += data
            if not self._manifest():
                return
            data, self.buffer = bytes(self.buffer), bytearray()
        view = memoryview(data)
        while view:
            if self.index >= len(SECTIONS):
                raise damaged(self.path)
            part, view = view[: self.left], view[self.left :]
            self._write(part)
            self.left -= len(part)
            self._next_if_done()

    def _write(self, part: memoryview) -> None:
        self.digest.update(part)
        name = SECTIONS[self.index]
        if name == "db":
            self.db.write(part)
        else:
            self.values.setdefault(name, bytearray()).extend(part)

    def _next_if_done(self) -> None:
        assert self.sections is not None
        while self.index < len(SECTIONS) and self.left == 0:
            if self.digest.hexdigest() != self.sections[self.index]["sha256"]:
                raise damaged(self.path)
            self.index += 1
            self.digest = hashlib.sha256()
            if self.index < len(SECTIONS):
                self.left = self.sections[self.index]["size"]

    def finish(self) -> Payload:
        if self.sections is None:
            raise damaged(self.path)
        self._next_if_done()
        if self.index != len(SECTIONS):
            raise damaged(self.path)
        self.db.flush()
        os.fsync(self.db.fileno())
        self.db.close()
        return Payload(
            self.values.get("key", bytearray()), bytes(self.values.get("keys", b"")), self.db_path
        )


def read_container(path: Path, header: Header, key: bytes, db_path: Path) -> Payload:
    """Authenticate and decrypt every chunk of a backup, writing its database to `db_path`.

    DamagedBackup when any chunk fails, the file is cut, extended or its manifest disagrees.
    """
    prefix = unb64(header.seal["nonce_prefix"])
    header_digest = hashlib.sha256(header.raw).digest()
    cipher = ChaCha20Poly1305(key)
    sink = _Sink(path, db_path)
    try:
        with path.open("rb") as f:
            f.seek(header.offset)
            index = 0
            while True:
                sealed = f.read(CHUNK_SIZE + TAG_BYTES)
                if len(sealed) <= TAG_BYTES:
                    raise damaged(path)  # nothing, or a chunk cut short before its tag
                final = not f.peek(1)
                nonce = prefix + struct.pack(">I", index)
                try:
                    plain = cipher.decrypt(nonce, sealed, _associated(header_digest, index, final))
                except InvalidTag:
                    raise damaged(path) from None
                sink.feed(plain)
                if final:
                    break
                index += 1
        return sink.finish()
    finally:
        if not sink.db.closed:
            sink.db.close()
