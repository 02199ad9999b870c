"""The package container: one binary file, signed, with one sealed body per recipient.

Layout (all integers big-endian; docs/SYNC-FORMAT.md has the full description):

    0   8   magic  b"SOHOIPKG"
    8   1   format version (1)
    9   1   kind: 1 up (data for the levels above), 2 down (for the units below), 3 receipt
    10  4   C = length of the certificate chain (≤ 64 KiB)
    14  C   chain: canonical JSON list of certificates, the signer's first, the root's last
    .   4   M = length of the manifest (≤ 256 KiB)
    .   M   manifest: canonical JSON
    .   64  Ed25519 signature, by the chain's first certificate, over every byte before it
    .   …   bodies, back to back, as the manifest lists them (length and SHA-256 each): each is
            HPKE (X25519, HKDF-SHA256, ChaCha20-Poly1305) sealed for one recipient device, with
            `info` = canonical JSON of package id, unit, device, seq and recipient; inside,
            zlib-compressed NDJSON of rows.

Reading checks, in this order: magic, version, kind, bounded lengths; the chain up to the
trusted root and the revocations; the signature; only then the manifest is parsed; the bodies'
lengths must add up to exactly the rest of the file and every body's SHA-256 must match (also
those for other recipients: the file is forwarded unchanged); a body is decompressed with the
declared size as a hard limit.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke

from desktop.sync.identity import (
    Certificate,
    Identity,
    TrustError,
    canonical,
    same_device,
    verify_chain,
)

MAGIC = b"SOHOIPKG"
VERSION = 1
KINDS = {"up": 1, "down": 2, "receipt": 3}
KIND_NAMES = {v: k for k, v in KINDS.items()}
MAX_CHAIN_BYTES = 64 * 1024
MAX_MANIFEST_BYTES = 256 * 1024
MAX_BODY_PLAIN = 2 * 1024**3  # 2 GiB of NDJSON: far beyond a province's data
MAX_LINE_BYTES = 4 * 1024 * 1024  # one row: far beyond the longest record the rules allow
INFLATE_CHUNK = 1024 * 1024
SIGNATURE_BYTES = 64
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


class PackageRejected(Exception):
    """The file is not a package we can trust; the message is a one-line Vietnamese reason."""


@dataclass(frozen=True)
class Body:
    recipient: str  # device id
    plain: bytes  # NDJSON


@dataclass
class Package:
    """A package whose chain and signature were verified."""

    kind: str
    chain: list[Certificate]
    manifest: dict
    manifest_hash: str  # SHA-256 hex of the signed part (header, chain, manifest)
    raw: bytes

    @property
    def signer(self) -> Certificate:
        return self.chain[0]

    def _packed_for(self, me: Identity) -> tuple[dict, bytes]:
        """(body entry, decrypted compressed bytes) of the body addressed to this device."""
        offset = self.manifest["_bodies_offset"]
        for entry in self.manifest["bodies"]:
            length = entry["length"]
            if entry.get("recipient") == me.device_id:
                sealed = self.raw[offset : offset + length]
                if hashlib.sha256(sealed).hexdigest() != entry["sha256"]:
                    raise PackageRejected("nội dung gói không khớp mã băm (tệp bị sửa)")
                try:
                    packed = _SUITE.decrypt(
                        sealed, me.enc_key, info=body_info(self.manifest, me.device_id)
                    )
                except (InvalidTag, ValueError, KeyError):  # KeyError: ids missing (signed)
                    raise PackageRejected("không giải mã được phần dành cho thiết bị này") from None
                return entry, packed
            offset += length
        raise PackageRejected("gói không có phần nào gửi cho thiết bị này")

    def body_for(self, me: Identity) -> bytes:
        """Decrypt and decompress the body addressed to this device (whole, in memory)."""
        entry, packed = self._packed_for(me)
        return _inflate(packed, entry.get("plain_length"))

    def declared_rows(self) -> int:
        """How many rows the signed manifest says each body holds (the sum of its counts)."""
        counts = self.manifest.get("counts")
        if not isinstance(counts, dict) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()
        ):
            raise PackageRejected("bản kê thiếu hoặc sai số bản ghi (counts)")
        return sum(counts.values())

    def lines_for(self, me: Identity) -> Iterator[bytes]:
        """The body's NDJSON lines for this device, inflated a piece at a time.

        Bounded by what the signed manifest declares: no more lines (empty ones included) than
        its counts, no line longer than MAX_LINE_BYTES, exactly `plain_length` bytes. So a small
        file that inflates to gigabytes of empty lines is refused after its declared rows, in
        time and memory of the rows, not of the bytes.
        """
        entry, packed = self._packed_for(me)
        plain_length, max_lines = entry.get("plain_length"), self.declared_rows()
        if not isinstance(plain_length, int) or not 0 <= plain_length <= MAX_BODY_PLAIN:
            raise PackageRejected("kích thước nội dung khai báo không hợp lệ")
        inflater = zlib.decompressobj()
        pending, total, lines = b"", 0, 0
        data = packed
        while True:
            try:
                chunk = inflater.decompress(data, INFLATE_CHUNK)
            except zlib.error:
                raise PackageRejected("nội dung nén bị hỏng") from None
            data = inflater.unconsumed_tail
            if not chunk:
                break
            total += len(chunk)
            if total > plain_length:
                raise PackageRejected("nội dung giải nén không đúng kích thước khai báo")
            *complete, pending = (pending + chunk).split(b"\n")
            for line in complete:
                lines += 1
                if lines > max_lines:
                    raise PackageRejected("nội dung có nhiều dòng hơn số bản ghi trong bản kê")
                if line:
                    yield line
            if len(pending) > MAX_LINE_BYTES:
                raise PackageRejected("dòng dữ liệu quá dài")
        if total != plain_length or not inflater.eof or data or inflater.unused_data:
            raise PackageRejected("nội dung giải nén không đúng kích thước khai báo")
        if pending:
            if lines + 1 > max_lines:
                raise PackageRejected("nội dung có nhiều dòng hơn số bản ghi trong bản kê")
            yield pending


def body_info(manifest: dict, recipient: str) -> bytes:
    return canonical(
        {
            "package_id": manifest["package_id"],
            "unit": manifest["unit"],
            "device": manifest["device"],
            "seq": manifest["seq"],
            "recipient": recipient,
        }
    )


def _inflate(packed: bytes, plain_length: object) -> bytes:  # untrusted: checked here
    if not isinstance(plain_length, int) or not 0 <= plain_length <= MAX_BODY_PLAIN:
        raise PackageRejected("kích thước nội dung khai báo không hợp lệ")
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(packed, plain_length + 1)
    except zlib.error:
        raise PackageRejected("nội dung nén bị hỏng") from None
    if len(plain) != plain_length or inflater.unconsumed_tail or not inflater.eof:
        raise PackageRejected("nội dung giải nén không đúng kích thước khai báo")
    return plain


def build(
    kind: str,
    chain: list[Certificate],
    manifest: dict,
    bodies: list[Body],
    recipients: dict[str, Certificate],
    signer: Identity,
) -> tuple[bytes, str]:
    """Seal and sign a package: (file bytes, manifest hash). The bodies' entries are added."""
    sealed = []
    entries = []
    for body in bodies:
        packed = zlib.compress(body.plain, 6)
        data = _SUITE.encrypt(
            packed,
            recipients[body.recipient].encryption_key,
            info=body_info(manifest, body.recipient),
        )
        sealed.append(data)
        entries.append(
            {
                "recipient": body.recipient,
                "length": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "plain_length": len(body.plain),
            }
        )
    manifest = {**manifest, "bodies": entries, "kind": kind}
    chain_bytes = canonical([c.as_dict() for c in chain])
    manifest_bytes = canonical(manifest)
    head = (
        MAGIC
        + bytes([VERSION, KINDS[kind]])
        + struct.pack(">I", len(chain_bytes))
        + chain_bytes
        + struct.pack(">I", len(manifest_bytes))
        + manifest_bytes
    )
    return head + signer.sign(head) + b"".join(sealed), hashlib.sha256(head).hexdigest()


def claimed_signer(raw: bytes) -> Certificate:
    """The first certificate of a package's chain as the file states it, NOT verified: only a
    key to look up what this installation itself issued (a first package, `read(first_signer=)`)."""
    if len(raw) < 18 or raw[:8] != MAGIC:
        raise PackageRejected("không phải tệp đồng bộ Sổ Hội")
    (chain_len,) = struct.unpack(">I", raw[10:14])
    if chain_len > MAX_CHAIN_BYTES or 14 + chain_len > len(raw):
        raise PackageRejected("độ dài chuỗi chứng thư không hợp lệ")
    try:
        chain = json.loads(raw[14 : 14 + chain_len])
        if not isinstance(chain, list) or not chain:
            raise ValueError
        return Certificate.from_dict(chain[0])
    except (TrustError, ValueError, TypeError, RecursionError):
        raise PackageRejected("chuỗi chứng thư sai định dạng") from None


def read(
    raw: bytes,
    *,
    root: Certificate,
    revocations: Mapping[str, Collection[str]],
    first_signer: Certificate | None = None,
) -> Package:
    """Verify a package's structure, chain and signature; PackageRejected when anything fails.

    `first_signer`: a first package (docs/SYNC-FORMAT.md, "A first report in one trip"), sent
    before its device was approved, so its own first certificate is unsigned. The certificate
    this installation issued since takes its place: the file's must name the very same device,
    unit and keys, the rest of the chain is verified as usual, and the signature is checked
    with the approved key. Nothing the file says about its signer is trusted otherwise.
    """
    if len(raw) < 18 or raw[:8] != MAGIC:
        raise PackageRejected("không phải tệp đồng bộ Sổ Hội")
    if raw[8] != VERSION:
        raise PackageRejected(f"phiên bản định dạng {raw[8]} không được hỗ trợ")
    kind = KIND_NAMES.get(raw[9])
    if kind is None:
        raise PackageRejected("loại gói không hợp lệ")
    (chain_len,) = struct.unpack(">I", raw[10:14])
    if chain_len > MAX_CHAIN_BYTES or 14 + chain_len + 4 > len(raw):
        raise PackageRejected("độ dài chuỗi chứng thư không hợp lệ")
    pos = 14 + chain_len
    (manifest_len,) = struct.unpack(">I", raw[pos : pos + 4])
    pos += 4
    if manifest_len > MAX_MANIFEST_BYTES or pos + manifest_len + SIGNATURE_BYTES > len(raw):
        raise PackageRejected("độ dài bản kê không hợp lệ")
    signed_end = pos + manifest_len
    try:
        chain = [Certificate.from_dict(c) for c in json.loads(raw[14 : 14 + chain_len])]
        if first_signer is not None:
            if kind != "up" or not chain or not same_device(chain[0], first_signer):
                raise PackageRejected(
                    "gói báo cáo đầu tiên không khớp với máy đã được duyệt "
                    "(khác máy hoặc khác khóa)"
                )
            chain = [first_signer, *chain[1:]]
        verify_chain(chain, root, revocations)
    except TrustError as exc:
        raise PackageRejected(f"không tin cậy được người gửi: {exc}") from None
    except (ValueError, TypeError, RecursionError):
        # The chain is read before anything is verified: deeply nested JSON is just bad input.
        raise PackageRejected("chuỗi chứng thư sai định dạng") from None
    signature = raw[signed_end : signed_end + SIGNATURE_BYTES]
    try:
        chain[0].signing_key.verify(signature, raw[:signed_end])
    except (InvalidSignature, ValueError):
        raise PackageRejected("chữ ký không hợp lệ: tệp đã bị sửa hoặc giả mạo") from None
    try:  # signed by a device of the tree, yet still input: a buggy one sends anything
        manifest = json.loads(raw[pos:signed_end].decode("utf-8"))
    except (ValueError, RecursionError):
        raise PackageRejected("bản kê sai định dạng") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != kind:
        raise PackageRejected("bản kê sai định dạng")
    if (manifest.get("unit"), manifest.get("device")) != (chain[0].unit_code, chain[0].device_id):
        raise PackageRejected("bản kê không khớp với chứng thư của người ký")
    bodies = manifest.get("bodies")
    body_start = signed_end + SIGNATURE_BYTES
    if not isinstance(bodies, list) or not all(
        isinstance(b, dict) and isinstance(b.get("length"), int) and b["length"] >= 0
        for b in bodies
    ):
        raise PackageRejected("danh sách phần nội dung sai định dạng")
    if body_start + sum(b["length"] for b in bodies) != len(raw):
        raise PackageRejected("độ dài tệp không khớp bản kê (thiếu hoặc thừa dữ liệu)")
    # Every body, not only ours: an upper level forwards the file unchanged and acknowledges it
    # to the sender, so a body damaged for the level above must be refused here, not there.
    offset = body_start
    for b in bodies:
        sealed = raw[offset : offset + b["length"]]
        if hashlib.sha256(sealed).hexdigest() != b.get("sha256"):
            raise PackageRejected("nội dung gói không khớp mã băm (tệp bị sửa)")
        offset += b["length"]
    manifest["_bodies_offset"] = body_start
    return Package(kind, chain, manifest, hashlib.sha256(raw[:signed_end]).hexdigest(), raw)
