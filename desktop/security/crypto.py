"""Key derivation and sealing: Argon2id for what people type, ChaCha20-Poly1305 for what we keep.

The database key is 32 random bytes. It is never stored as such: it is sealed ("wrapped") under a
key derived from each account's password, and once more under the printed recovery code.
"""

from __future__ import annotations

import base64
import os
import secrets
import threading
import unicodedata
from dataclasses import asdict, dataclass

KEY_BYTES = 32
NONCE_BYTES = 12
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed back
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 4


class Unsealed(Exception):
    """A sealed value could not be opened: wrong secret or altered bytes."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored with each wrap so they can be raised later."""

    salt: str  # base64
    iterations: int = 3
    lanes: int = 4
    memory_cost: int = 64 * 1024  # KiB: 64 MiB, ~0.15 s here; an old PC still unlocks < 0.5 s

    @classmethod
    def fresh(
        cls, *, iterations: int = 3, lanes: int = 4, memory_cost: int = 64 * 1024
    ) -> KdfParams:
        return cls(b64(os.urandom(16)), iterations, lanes, memory_cost)

    def as_dict(self) -> dict:
        return {"alg": "argon2id", **asdict(self)}

    @classmethod
    def from_dict(cls, d: dict) -> KdfParams:
        if d.get("alg") != "argon2id":
            raise ValueError("unknown key derivation")
        return cls(str(d["salt"]), int(d["iterations"]), int(d["lanes"]), int(d["memory_cost"]))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalise_secret(secret: str) -> bytes:
    """Passwords compare as NFC: the same word typed with Unikey or a phone keyboard matches."""
    return unicodedata.normalize("NFC", secret).encode("utf-8")


# Two Argon2id derivations with lanes > 1 running at once in one process hang for good with
# cryptography 50 (OpenSSL's thread pool is sized to the CPUs): one at a time.
_DERIVE_LOCK = threading.Lock()


def derive(secret: str, params: KdfParams) -> bytes:
    """The key-encryption key for a password or recovery code."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # not before the login window

    with _DERIVE_LOCK:
        return Argon2id(
            salt=unb64(params.salt),
            length=KEY_BYTES,
            iterations=params.iterations,
            lanes=params.lanes,
            memory_cost=params.memory_cost,
        ).derive(normalise_secret(secret))


def seal(key: bytes, plaintext: bytes, associated: bytes) -> tuple[str, str]:
    """(nonce, ciphertext) in base64; `associated` binds the seal to its context."""
    nonce = os.urandom(NONCE_BYTES)
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    return b64(nonce), b64(ChaCha20Poly1305(key).encrypt(nonce, plaintext, associated))


def unseal(key: bytes, nonce: str, ciphertext: str, associated: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    try:
        return ChaCha20Poly1305(key).decrypt(unb64(nonce), unb64(ciphertext), associated)
    except (InvalidTag, ValueError) as exc:
        raise Unsealed from exc


def new_database_key() -> bytearray:
    """32 random bytes, in a bytearray so the session can overwrite it on lock."""
    return bytearray(secrets.token_bytes(KEY_BYTES))


def new_recovery_code() -> str:
    """A recovery code to print: 6 groups of 4 letters/digits (120 bits), e.g. `K7QM-…`."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LEN))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalise_recovery_code(typed: str) -> str:
    """The code as printed, from what a person typed (case, spaces and dashes forgiven)."""
    text = "".join(c for c in typed.upper() if c.isalnum())
    groups = [text[i : i + RECOVERY_GROUP_LEN] for i in range(0, len(text), RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def wipe(buffer: bytearray) -> None:
    """Overwrite a key held in a bytearray (what Python allows; copies made by C code remain)."""
    for i in range(len(buffer)):
        buffer[i] = 0
