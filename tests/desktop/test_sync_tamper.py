"""A package altered in any byte, cut short, lengthened or inflating without end is refused,
and the receiving database is exactly as it was (domain rows, ledger, relay, outbox …)."""

import struct
import tracemalloc
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.security.session import Session
from desktop.sync.container import MAX_BODY_PLAIN, MAX_CHAIN_BYTES, MAX_MANIFEST_BYTES
from desktop.sync.export import export_up

from .sync_helpers import (  # noqa: F401  (fixtures)
    add_members,
    alarms,
    craft,
    flip,
    import_files,
    member_row,
    regions,
    snapshot,
    template,
    write,
)

REGIONS = (
    "magic",
    "version",
    "kind",
    "chain_length",
    "chain",
    "manifest_length",
    "manifest",
    "signature",
    "body0",
    "body1",
)


@dataclass
class Setting:
    province: Session
    commune: Session
    raw: bytes  # a genuine package of the commune
    base: Path


@pytest.fixture(scope="module")
def setting(template, tmp_path_factory):  # noqa: F811
    """Province 20 and a genuine package of its commune 06001 (5 members), shared: every test
    here expects a refusal, so the province never changes."""
    base = tmp_path_factory.mktemp("tamper")
    w = template.copy(base / "world")
    add_members(w["06001"], 5)
    raw = export_up(w["06001"], base / "usb").paths[0].read_bytes()
    yield Setting(w["20"], w["06001"], raw, base)
    w.close()


def refused(province, raw: bytes, path, reason: str = "") -> str:
    """Import `raw` at the province: it must be rejected and change nothing."""
    before = snapshot(province)
    result = import_files(province, write(path, raw))
    (verdict,) = result.verdicts
    assert verdict.status == "rejected", verdict
    assert reason in verdict.reason
    assert snapshot(province) == before
    assert alarms(province) == []
    return verdict.reason


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize("region", REGIONS)
def test_a_bit_flipped_anywhere_is_refused(setting, region, where):
    province, raw, base = setting.province, setting.raw, setting.base
    start, end = regions(raw)[region]
    offset = {"first": start, "middle": (start + end) // 2, "last": end - 1}[where]
    bit = {"first": 0, "middle": 3, "last": 7}[where]
    refused(province, flip(raw, offset, bit), base / f"{region}-{where}.sohoi")


def test_the_genuine_package_is_accepted(template, tmp_path):  # noqa: F811
    w = template.copy(tmp_path / "w")
    add_members(w["06001"], 5)
    path = export_up(w["06001"], tmp_path / "usb").paths[0]
    (verdict,) = import_files(w["20"], path).verdicts
    assert verdict.status == "accepted" and verdict.rows == 7  # unit, branch, 5 members
    w.close()


def test_truncated_anywhere_is_refused(setting):
    province, raw, base = setting.province, setting.raw, setting.base
    cuts = {0, 7, 17, len(raw) - 1}
    for start, end in regions(raw).values():
        cuts |= {start, (start + end) // 2}
    for n, cut in enumerate(sorted(cuts)):
        refused(province, raw[:cut], base / f"cut{n}.sohoi")


@pytest.mark.parametrize("extra", [b"\0", b"x" * 4096, "package"])
def test_trailing_bytes_are_refused(setting, extra):
    province, raw, base = setting.province, setting.raw, setting.base
    tail = raw if extra == "package" else extra
    reason = refused(province, raw + tail, base / "tail.sohoi")
    assert "độ dài tệp" in reason


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("chain", 0xFFFFFFFF),
        ("chain", MAX_CHAIN_BYTES + 1),
        ("manifest", 0xFFFFFFFF),
        ("manifest", MAX_MANIFEST_BYTES + 1),
    ],
)
def test_oversized_length_fields_are_refused_before_reading(setting, field, value):
    province, raw, base = setting.province, setting.raw, setting.base
    start, _ = regions(raw)[f"{field}_length"]
    forged = raw[:start] + struct.pack(">I", value) + raw[start + 4 :]
    assert "độ dài" in refused(province, forged, base / "long.sohoi")


def test_a_signed_body_length_that_does_not_add_up_is_refused(setting):
    # Validly signed by the commune, but the manifest's lengths claim more than the file holds.
    forged = craft(setting.commune, [member_row("06001")])
    _, end = regions(forged)["body0"]
    cut = forged[: end - 1] + forged[end:]
    assert "độ dài tệp" in refused(setting.province, cut, setting.base / "b.sohoi")


def bomb(size: int) -> bytes:
    """`size` bytes of newlines compressed: about a thousandth of that on the stick."""
    z = zlib.compressobj(9)
    chunk = b"\n" * (1 << 20)
    packed = b"".join(z.compress(chunk) for _ in range(size >> 20))
    return packed + z.flush()


def test_a_compression_bomb_stops_at_the_declared_size(setting):
    province, base = setting.province, setting.base
    packed = bomb(256 << 20)
    assert len(packed) < 1 << 20
    forged = craft(setting.commune, packed=packed, plain_length=1000)
    tracemalloc.start()
    try:
        reason = refused(province, forged, base / "bomb.sohoi")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "kích thước khai báo" in reason
    assert peak < 16 << 20  # nowhere near the 256 MiB the body would inflate to


@pytest.mark.parametrize("declared", [MAX_BODY_PLAIN + 1, 1 << 62, -1])
def test_a_declared_size_beyond_the_limit_is_refused_before_inflating(setting, declared):
    province, base = setting.province, setting.base
    forged = craft(setting.commune, [member_row("06001")], plain_length=declared)
    assert "kích thước" in refused(province, forged, base / "declared.sohoi")


def test_a_huge_declared_size_with_a_small_body_is_refused(setting):
    province, base = setting.province, setting.base
    forged = craft(setting.commune, [member_row("06001")], plain_length=1 << 30)
    assert "kích thước khai báo" in refused(province, forged, base / "small.sohoi")
