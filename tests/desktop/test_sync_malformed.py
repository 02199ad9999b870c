"""Packages signed by a device of the tree, yet malformed (a buggy or compromised peer): the
reader refuses them with its own reason (PackageRejected), never another exception. Found by
the fuzz targets of tests/fuzz; kept here so that `make test` runs them."""

import hashlib

import pytest

from desktop.sync.identity import canonical

from .memory_tree import (
    COMMUNE_CERT,
    PROVINCE,
    SEEDS,
    manifest_of,
    manifest_with,
    read,
    signed,
)


def test_the_seeds_are_read():
    assert [read(raw) for raw in SEEDS] == ["read", "read", "read"]


@pytest.mark.parametrize("manifest", [b"\xff\xfe", b"[" * 100_000, b"{", b"\x00\x00\x00{"])
def test_a_signed_manifest_that_is_not_json_is_rejected(manifest):
    assert read(signed(manifest)) == "rejected"


@pytest.mark.parametrize(
    "entry",
    [
        {},
        {"recipient": PROVINCE.device_id},
        {"recipient": PROVINCE.device_id, "plain_length": "0"},
        {"recipient": [1], "plain_length": 0},
    ],
)
def test_a_signed_body_entry_missing_its_fields_is_refused_when_opened(entry):
    empty = hashlib.sha256(b"").hexdigest()
    manifest = manifest_with({"bodies": [{"length": 0, "sha256": empty, **entry}]})
    assert read(signed(manifest)) == "read"  # read; opening its body: PackageRejected


def test_a_signed_manifest_without_its_ids_is_refused_when_a_body_is_opened():
    empty = hashlib.sha256(b"").hexdigest()
    body = {"length": 0, "sha256": empty, "recipient": PROVINCE.device_id, "plain_length": 0}
    manifest = {**manifest_of(COMMUNE_CERT), "kind": "up", "bodies": [body]}
    del manifest["package_id"]
    assert read(signed(canonical(manifest))) == "read"
