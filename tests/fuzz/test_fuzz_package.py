"""Fuzz: the package reader (`desktop.sync.container.read` against a real trusted root built in
memory, then `body_for`) and the importer's parsing of a body's rows. Any bytes give a package,
or the module's own refusal (PackageRejected; a rejected verdict with a reason), never another
exception, within the deadline. Seeds are real packages, mutated."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from desktop.sync.container import MAGIC
from desktop.sync.export import ndjson
from tests.desktop.memory_tree import SEEDS, manifest_with, read, signed
from tests.desktop.sync_helpers import craft, import_files, member_row

from .budget import Budget, fuzz_settings, mutate, mutations

pytestmark = pytest.mark.fuzz


MUTATED = Budget()


@fuzz_settings(max_examples=3000)
@given(st.sampled_from(range(len(SEEDS))), mutations)
def test_mutated_packages_are_read_or_rejected(seed, steps):
    if MUTATED.spent():
        return
    event(read(mutate(SEEDS[seed], steps)))


RANDOM = Budget(3.0)


@fuzz_settings(max_examples=300)
@given(st.binary(max_size=512))
def test_random_bytes_are_rejected(raw):
    if RANDOM.spent():
        return
    assert read(raw) == "rejected" or raw.startswith(MAGIC)


# -- signed, but malformed: what a buggy or compromised device of the tree could send ----------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


SIGNED = Budget()


@fuzz_settings(max_examples=1500)
@given(
    st.dictionaries(
        st.sampled_from(
            ["bodies", "kind", "unit", "device", "seq", "package_id", "_bodies_offset", "x"]
        ),
        JSON,
        max_size=3,
    ),
    st.one_of(st.none(), mutations),
)
def test_signed_manifests_of_any_shape_are_read_or_rejected(fields, steps):
    if SIGNED.spent():
        return
    manifest = manifest_with(fields)
    if steps is not None:
        manifest = mutate(manifest, steps)
    event(read(signed(manifest)))


# -- the rows of a body, through the importer ---------------------------------------------------

ROWS = Budget()


def _body(rows: list[dict], steps, junk: bytes) -> bytes:
    plain = ndjson(rows)
    if steps is not None:
        plain = mutate(plain, steps)
    return plain + junk


@fuzz_settings(max_examples=500)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"field": st.sampled_from(["full_name", "birth_date", "phone", "is_deleted", "x"])},
            optional={"value": JSON, "clocks": JSON, "table": JSON, "id": JSON, "unit": JSON},
        ),
        max_size=3,
    ),
    st.one_of(st.none(), mutations),
    st.sampled_from([b"", b"\n", b"\xff\n", b"[" * 5000 + b"\n", b'{"table": 1e400}\n']),
)
def test_body_rows_of_any_shape_are_merged_or_the_file_is_rejected(world, edits, steps, junk):
    if ROWS.spent():
        return
    rows = [member_row("06001", f"Lê Thị {n}") for n in range(3)]
    for n, edit in enumerate(edits):
        row = rows[n % len(rows)]
        if "value" in edit:
            row["values"][edit["field"]] = edit["value"]
        for key, name in (("clocks", "clocks"), ("table", "table"), ("id", "id")):
            if key in edit:
                row[name] = edit[key]
        if "unit" in edit:
            row["unit_code"] = edit["unit"]
    plain = _body(rows, steps, junk)
    commune = world["06001"]
    raw = craft(commune, plain=plain, seq=_next_seq(commune))
    path = world.root / f"fuzz-{hashlib.sha256(raw).hexdigest()[:12]}.sohoi"
    path.write_bytes(raw)
    result = import_files(world["20"], path)
    [verdict] = result.verdicts
    assert verdict.status in ("accepted", "rejected"), verdict
    event(verdict.status)
    if verdict.status == "rejected":
        assert verdict.reason
    path.unlink()


_SEQ = [0]


def _next_seq(session) -> int:
    _SEQ[0] += 1
    return 1000 + _SEQ[0]


def test_body_seeds_merge(world):
    """The seed of the row fuzzer is a body the importer accepts."""
    commune = world["06001"]
    raw = craft(commune, rows=[member_row("06001")], seq=1)
    path = world.root / "seed.sohoi"
    path.write_bytes(raw)
    [verdict] = import_files(world["20"], path).verdicts
    assert verdict.status == "accepted", verdict.reason
