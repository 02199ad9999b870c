"""One account's wrap of the database key, as the key file keeps it.

Version 2 (since issue 12): each account, and the recovery code, has an X25519 key pair. Its
private key is sealed (ChaCha20-Poly1305) under the Argon2id key of the password or recovery
code, bound to the kind and the account name; the database key is sealed to the public key with
HPKE (X25519, HKDF-SHA256, ChaCha20-Poly1305), bound to the kind, the account name and the key
epoch, in `boxes` by epoch. Sealing to a public key needs no password, so an admin re-keying the
database gives the new key to every remaining account (`desktop.security.rekey`).

Version 1 (before): the database key sealed directly under the password's Argon2id key. It
still opens, and the sign-in replaces it with a version 2 wrap; a re-key cannot give it the new
key (that needs the password), so it is left out and the admin is told.

Nothing here imports `cryptography` at module level: the login window reads the key file
before anything heavy loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.security.crypto import KdfParams, Unsealed, b64, derive, seal, unb64, unseal

if TYPE_CHECKING:
    from cryptography.hazmat.primitives import hpke

V1, V2 = 1, 2


class WrongSecret(Exception):
    """The password or recovery code does not open the key."""


def version(wrap: dict) -> int:
    return int(wrap.get("v", V1))


def _v1_associated(kind: str, name: str) -> bytes:
    return f"sohoi-key-wrap|v1|{kind}|{name}".encode()


def _private_associated(kind: str, name: str) -> bytes:
    return f"sohoi-key-wrap|v2|{kind}|{name}".encode()


def _box_info(kind: str, name: str, epoch: int) -> bytes:
    return f"sohoi-db-key|v2|{kind}|{name}|{epoch}".encode()


def _suite() -> hpke.Suite:
    from cryptography.hazmat.primitives import hpke

    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def check(wrap: dict) -> None:
    """ValueError when a wrap read from a file is not well formed."""
    KdfParams.from_dict(wrap["kdf"])
    if wrap["kind"] not in ("password", "recovery") or not wrap["nonce"] or not wrap["sealed"]:
        raise ValueError("bad wrap")
    if version(wrap) == V2:
        if len(unb64(wrap["public"])) != 32 or not isinstance(wrap["boxes"], dict):
            raise ValueError("bad wrap")
        for epoch, box in wrap["boxes"].items():
            int(epoch)
            unb64(box)
    elif version(wrap) != V1:
        raise ValueError("unknown wrap version")


def new_wrap(
    kind: str, username: str, name: str, secret: str, params: KdfParams | None = None
) -> dict:
    """A version 2 wrap with a new key pair, and no database key yet (`add_box`)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    params = params or KdfParams.fresh()
    private = X25519PrivateKey.generate()
    nonce, sealed = seal(
        derive(secret, params), private.private_bytes_raw(), _private_associated(kind, name)
    )
    return {
        "v": V2,
        "kind": kind,
        "username": username,
        "kdf": params.as_dict(),
        "nonce": nonce,
        "sealed": sealed,
        "public": b64(private.public_key().public_bytes_raw()),
        "boxes": {},
    }


def add_box(wrap: dict, name: str, epoch: int, db_key: bytes | bytearray) -> None:
    """Seal the database key of `epoch` to this wrap's public key (no secret needed)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    public = X25519PublicKey.from_public_bytes(unb64(wrap["public"]))
    sealed = _suite().encrypt(bytes(db_key), public, info=_box_info(wrap["kind"], name, epoch))
    wrap["boxes"][str(epoch)] = b64(sealed)


def open_keys(wrap: dict, name: str, secret: str, epoch: int | None) -> dict[int, bytearray]:
    """The database keys this wrap holds, by epoch (a version 1 wrap: one, under `epoch`).

    WrongSecret when the secret does not open it (or the wrap was altered)."""
    kek = derive(secret, KdfParams.from_dict(wrap["kdf"]))
    kind = wrap["kind"]
    if version(wrap) == V1:
        try:
            key = unseal(kek, wrap["nonce"], wrap["sealed"], _v1_associated(kind, name))
        except Unsealed:
            raise WrongSecret from None
        return {epoch or 0: bytearray(key)}
    try:
        raw = unseal(kek, wrap["nonce"], wrap["sealed"], _private_associated(kind, name))
    except Unsealed:
        raise WrongSecret from None
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = X25519PrivateKey.from_private_bytes(raw)
    keys: dict[int, bytearray] = {}
    for number, box in wrap["boxes"].items():
        try:
            plain = _suite().decrypt(unb64(box), private, info=_box_info(kind, name, int(number)))
        except (InvalidTag, ValueError):
            continue  # a box moved from another account or epoch: not a key of this one
        keys[int(number)] = bytearray(plain)
    if not keys:
        raise WrongSecret
    return keys
