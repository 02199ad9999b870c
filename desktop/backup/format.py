"""The backup file format (`.sohoi-backup`): its clear header and the keys that seal it.

Used by `desktop.backup.make` and `desktop.backup.restore`; the chunked payload is read and written
by `desktop.backup.stream`. Byte layout:

    offset 0   8 bytes   magic b"SOHOIBK1"
    offset 8   4 bytes   header length H, unsigned big-endian, 2 ≤ H ≤ 64 KiB
    offset 12  H bytes   header: canonical JSON (UTF-8, sorted keys, no spaces), no personal data:
                         {format, version, unit_code, created_at, kind, seal}
    then       chunks    ChaCha20-Poly1305 ciphertexts of the payload cut into pieces of
                         `seal.chunk_size` bytes (1 MiB; the last one shorter), each followed by
                         its 16-byte tag and nothing else: no lengths between chunks.

Chunk i (0, 1, …) is sealed with nonce = `seal.nonce_prefix` (8 random bytes) ‖ i (4 bytes,
big-endian) and associated data = SHA-256(magic ‖ H ‖ header) ‖ i ‖ final (1 byte, 1 for the
last chunk). So a changed header byte, a reordered, swapped, dropped or cut chunk, and bytes
appended after the last chunk all fail authentication; the reader knows a chunk is the last one
because the file ends right after it.

The payload (plaintext) is: manifest length M (4 bytes, big-endian) ‖ manifest JSON
`{"sections": [{"name", "size", "sha256"}, …]}` ‖ the sections' bytes in that order: `key` (the
32-byte database key), `keys` (the key file `sohoi.keys`) and `db` (a consistent copy of
`sohoi.db`, itself still SQLCipher-encrypted under the database key).

`seal.key` says where the 32-byte content key comes from:

- `"passphrase"` (kind `portable`, to move a unit to another PC): Argon2id of the passphrase with
  `seal.kdf` (parameters and salt; bounded when read, so a forged header cannot ask for terabytes
  of memory);
- `"database"` (automatic, manual and pre-restore backups): HKDF-SHA256 of the unit's database key
  with `seal.salt`, so the unit's own key opens them. `seal.unlock` repeats the key file's wraps of
  that key (Argon2id parameters and ciphertexts, and for a version 2 wrap its public key and the
  database key sealed to it; without the account names), so an account's
  password or the printed recovery code also opens the backup when the installation is gone.

`seal.check` (16 bytes of HMAC-SHA256 under the content key) tells a wrong passphrase or key
apart from a damaged file before any chunk is read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.security.crypto import KdfParams, b64, derive, unb64

MAGIC = b"SOHOIBK1"
FORMAT = "sohoi-backup"
VERSION = 1
CHUNK_SIZE = 1 << 20
TAG_BYTES = 16
MAX_HEADER = 64 * 1024
MAX_MANIFEST = 64 * 1024
MAX_KEYFILE = 1 << 20
SECTIONS = ("key", "keys", "db")
KINDS = ("close", "daily", "manual", "pre-restore", "portable")
_HEADER_KEYS = {"format", "version", "unit_code", "created_at", "kind", "seal"}
_UNIT_CODE = re.compile(r"[^\x00-\x1f\x7f/\\]{1,64}")
_CHECK_LABEL = b"sohoi-backup-check"


class BackupError(Exception):
    """A backup cannot be written, read or restored; the message is Vietnamese, for people."""


class NotABackup(BackupError):
    """The file is not a Sổ Hội backup at all."""


class DamagedBackup(BackupError):
    """The file is a Sổ Hội backup, but altered, cut short or extended."""


class WrongSecret(BackupError):
    """The passphrase or key does not open this backup."""


def damaged(path: Path) -> DamagedBackup:
    return DamagedBackup(
        f"Tệp sao lưu “{path.name}” bị hỏng hoặc không đầy đủ (có thể do chép dở hay ổ đĩa "
        "lỗi). Không khôi phục gì; dữ liệu hiện tại giữ nguyên."
    )


@dataclass(frozen=True)
class Header:
    """A backup's clear header: what it is, and how its payload is sealed."""

    raw: bytes  # magic ‖ length ‖ JSON, exactly as in the file (bound into every chunk)
    unit_code: str
    created_at: datetime
    kind: str
    seal: dict

    @property
    def offset(self) -> int:
        return len(self.raw)


def canonical(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def header_bytes(unit_code: str, created_at: datetime, kind: str, seal: dict) -> bytes:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "unit_code": unit_code,
        "created_at": created_at.isoformat(timespec="seconds"),
        "kind": kind,
        "seal": seal,
    }
    body = canonical(doc)
    return MAGIC + struct.pack(">I", len(body)) + body


def _b64_len(value: object, size: int) -> bytes:
    raw = unb64(value) if isinstance(value, str) else b""
    if len(raw) != size:
        raise ValueError("bad length")
    return raw


def _check_seal(seal: object, kind: str) -> dict:
    if not isinstance(seal, dict) or seal.get("alg") != "chacha20poly1305":
        raise ValueError("unknown seal")
    if seal.get("chunk_size") != CHUNK_SIZE:
        raise ValueError("chunk size")
    _b64_len(seal.get("nonce_prefix"), 8)
    _b64_len(seal.get("check"), 16)
    if seal.get("key") == "passphrase" and kind == "portable":
        params = KdfParams.from_dict(seal["kdf"])
        if not (1 <= params.iterations <= 16 and 1 <= params.lanes <= 16):
            raise ValueError("kdf bounds")
        if not (8 * 1024 <= params.memory_cost <= 1024 * 1024):
            raise ValueError("kdf memory")
        _b64_len(params.salt, 16)
    elif seal.get("key") == "database" and kind != "portable":
        _b64_len(seal.get("salt"), 16)
        unlock = seal.get("unlock")
        if not isinstance(unlock, list) or len(unlock) > 64:
            raise ValueError("unlock")
        for wrap in unlock:
            KdfParams.from_dict(wrap["kdf"])
            if wrap["kind"] not in ("password", "recovery"):
                raise ValueError("wrap kind")
    else:
        raise ValueError("seal key")
    return seal


def read_header(path: Path) -> Header:
    """The header of a backup file, read with bounded sizes; NotABackup or DamagedBackup."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            start = f.read(len(MAGIC) + 4)
            if len(start) < len(MAGIC) or start[: len(MAGIC)] != MAGIC:
                raise NotABackup(f"Tệp “{path.name}” không phải là bản sao lưu của Sổ Hội.")
            if len(start) < len(MAGIC) + 4:
                raise damaged(path)
            (size,) = struct.unpack(">I", start[len(MAGIC) :])
            if not 2 <= size <= MAX_HEADER:
                raise damaged(path)
            body = f.read(size)
    except IsADirectoryError:
        raise NotABackup(f"“{path.name}” là một thư mục, không phải tệp sao lưu.") from None
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy tệp sao lưu “{path}”.") from None
    except PermissionError:
        raise BackupError(f"Không có quyền đọc tệp sao lưu “{path}”.") from None
    if len(body) != size:
        raise damaged(path)
    try:
        doc = json.loads(body.decode("utf-8"))
        if not isinstance(doc, dict) or set(doc) != _HEADER_KEYS or doc["format"] != FORMAT:
            raise ValueError("not a header")
        if doc["version"] != VERSION:
            raise NotABackup(
                f"Tệp “{path.name}” là bản sao lưu định dạng {doc['version']!r}, phiên bản Sổ Hội "
                "này không đọc được. Hãy cập nhật Sổ Hội."
            )
        code, kind = doc["unit_code"], doc["kind"]
        if not isinstance(code, str) or not _UNIT_CODE.fullmatch(code) or kind not in KINDS:
            raise ValueError("unit code or kind")
        created = datetime.fromisoformat(doc["created_at"])
        if created.tzinfo is None:
            raise ValueError("naive time")
        seal = _check_seal(doc["seal"], kind)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise damaged(path) from None
    return Header(start + body, code, created, kind, seal)


# -- keys ------------------------------------------------------------------------------------


def _check_value(content_key: bytes) -> str:
    return b64(hmac.new(content_key, _CHECK_LABEL, hashlib.sha256).digest()[:16])


def _database_content_key(db_key: bytes | bytearray, salt: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"sohoi-backup|v1|database-key"
    ).derive(bytes(db_key))


def passphrase_seal(passphrase: str) -> tuple[dict, bytes]:
    """A new seal (header part) and content key for a portable, passphrase-protected backup."""
    params = KdfParams.fresh()
    key = derive(passphrase, params)
    return _seal({"key": "passphrase", "kdf": params.as_dict()}, key), key


def database_seal(db_key: bytes | bytearray, unlock: Sequence[dict]) -> tuple[dict, bytes]:
    """A new seal and content key for a backup opened with the unit's own database key."""
    salt = os.urandom(16)
    key = _database_content_key(db_key, salt)
    return _seal({"key": "database", "salt": b64(salt), "unlock": list(unlock)}, key), key


def _seal(fields: dict, key: bytes) -> dict:
    return {
        "alg": "chacha20poly1305",
        "chunk_size": CHUNK_SIZE,
        "nonce_prefix": b64(os.urandom(8)),
        "check": _check_value(key),
        **fields,
    }


def content_key(
    header: Header, *, passphrase: str | None = None, db_key: bytes | bytearray | None = None
) -> bytes:
    """The content key of a backup from its passphrase or database key; WrongSecret if neither
    opens it."""
    seal = header.seal
    if seal["key"] == "passphrase":
        if not passphrase:
            raise WrongSecret(
                "Tệp sao lưu này được bảo vệ bằng mật khẩu: hãy nhập mật khẩu của tệp."
            )
        key = derive(passphrase, KdfParams.from_dict(seal["kdf"]))
        wrong = "Mật khẩu của tệp sao lưu không đúng."
    else:
        if db_key is None:
            raise WrongSecret(
                "Bản sao lưu tự động mở bằng khóa của đơn vị: hãy đăng nhập vào đơn vị, hoặc "
                "dùng tài khoản và mật khẩu có trong bản sao lưu."
            )
        key = _database_content_key(db_key, unb64(seal["salt"]))
        wrong = (
            "Khóa của đơn vị không mở được bản sao lưu này (nó được tạo từ một bản cài đặt "
            "khác). Hãy dùng tài khoản và mật khẩu có trong bản sao lưu."
        )
    if not hmac.compare_digest(_check_value(key), seal["check"]):
        raise WrongSecret(wrong)
    return key
