"""The whole chain through the `sohoi` command line only, as the union's staff would run it:
the central level, two provinces, three demo communes in each (real communes of those
provinces); enrolment with fingerprints, export to a stick, import with receipts, relay of the
communes' originals, acknowledgements down, a second round of changes. The central level's
indicators equal those of the six communes' data taken together, and it holds exactly their
rows."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.indicators import KINDS, percent
from desktop.cli.main import main
from desktop.demo.unit import DEMO_PASSWORD

# Demo seeds whose communes lie in provinces 66 and 38 (desktop.demo.unit.demo_commune).
PROVINCES = {"66": (9, 11, 12), "38": (13, 23, 27)}
MEMBERS = 30


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("SOHOI_USER", raising=False)


def sohoi(*argv: object, expect: int = 0) -> str:
    out = io.StringIO()
    code = main([str(a) for a in argv], out=out)
    assert code == expect, (argv, code, out.getvalue())
    return out.getvalue()


def as_json(*argv: object):
    return json.loads(sohoi(*argv, "--json"))


def enrol(parent: Path, child: Path, tmp: Path) -> None:
    request, cert = tmp / f"{child.name}.request", tmp / f"{child.name}.cert"
    out = sohoi("enroll", "request", "--data", child, "--out", request)
    fingerprint = out.rsplit(": ", 1)[1].strip()  # read out by phone to the parent's operator
    out = sohoi(
        *("enroll", "approve", "--data", parent, request),
        *("--out", cert, "--fingerprint", fingerprint),
    )
    parent_fingerprint = out.rsplit(": ", 1)[1].strip()  # read back on the same call
    sohoi("enroll", "accept", "--data", child, cert, "--fingerprint", parent_fingerprint)


def dump_lines(data: Path) -> list[dict]:
    return [json.loads(line) for line in sohoi("dump", "--data", data).splitlines()]


def summed(per_commune: list[list[dict]]) -> dict[str, tuple]:
    """Indicators of the communes taken together: numerators and denominators add up."""
    out = {}
    for ind in per_commune[0]:
        i = ind["id"]
        num = sum(c[k]["numerator"] for c in per_commune for k in range(len(c)) if c[k]["id"] == i)
        dens = [d["denominator"] for c in per_commune for d in c if d["id"] == i]
        den = None if dens[0] is None else sum(dens)
        if den == 0:
            value = None
        elif KINDS[i] == "count":
            value = num
        else:
            value = percent(num, den)
        out[i] = (num, den, value)
    return out


def reported(indicators: list[dict]) -> dict[str, tuple]:
    return {d["id"]: (d["numerator"], d["denominator"], d["value"]) for d in indicators}


def test_central_sees_what_six_communes_entered(tmp_path):
    tw = tmp_path / "TW"
    sohoi("init", "--data", tw, "--level", "central", "--unit-code", "TW", "--unit-name", "TW")
    assert as_json("keys", "--data", tw)["enrolled"] is True  # the root of trust
    communes: dict[str, list[Path]] = {}
    codes: dict[str, str] = {}  # folder name → commune code
    for province, seeds in PROVINCES.items():
        pdir = tmp_path / province
        sohoi(
            *("init", "--data", pdir, "--level", "province", "--unit-code", province),
            *("--unit-name", f"Tỉnh {province}", "--parent-code", "TW"),
        )
        enrol(tw, pdir, tmp_path)
        communes[province] = []
        for seed in seeds:
            cdir = tmp_path / f"seed{seed}"
            sohoi("demo", "--data", cdir, "--members", MEMBERS, "--seed", seed)
            (unit,) = [r for r in dump_lines(cdir) if r["table"] == "units"]
            assert unit["parent_code"] == province
            codes[cdir.name] = unit["code"]
            enrol(pdir, cdir, tmp_path)
            communes[province].append(cdir)
    every = [c for cs in communes.values() for c in cs]

    def trip(round_no: int) -> None:
        """Communes → province → central, receipts back down at each step."""
        to_tw = tmp_path / f"to-tw-{round_no}"
        for province, cdirs in communes.items():
            stick, back = tmp_path / f"usb-{province}-{round_no}", tmp_path / f"back-{province}"
            for cdir in cdirs:
                sohoi("export", "--data", cdir, "--out", stick)
            out = sohoi("import", "--data", tmp_path / province, stick, "--receipts", back)
            assert out.count("Đã nhận") == 3 and "TỪ CHỐI" not in out
            for cdir in cdirs:
                assert "Biên nhận" in sohoi("import", "--data", cdir, back)
            sohoi("export", "--data", tmp_path / province, "--out", to_tw)
        back_tw, down = tmp_path / f"back-tw-{round_no}", tmp_path / f"down-{round_no}"
        out = sohoi("import", "--data", tw, to_tw, "--receipts", back_tw)
        assert out.count("Đã nhận") == len(list(to_tw.iterdir())) and "TỪ CHỐI" not in out
        sohoi("export", "--down", "--data", tw, "--out", down)
        for province in communes:
            assert "TỪ CHỐI" not in sohoi("import", "--data", tmp_path / province, back_tw, down)

    mine: dict[Path, list[dict]] = {}
    own: dict[Path, list[dict]] = {}

    def check(changed: list[Path]) -> None:
        """Indicators at each level equal the sums over its communes; central holds their rows."""
        for cdir in changed:
            mine[cdir] = as_json("indicators", "--data", cdir)
            own[cdir] = [r for r in dump_lines(cdir) if r["unit_code"] == codes[cdir.name]]
        assert reported(as_json("indicators", "--data", tw)) == summed(list(mine.values()))
        for province, cdirs in communes.items():
            got = reported(as_json("indicators", "--data", tmp_path / province))
            assert got == summed([mine[c] for c in cdirs])
        central = dump_lines(tw)
        for cdir in every:
            assert [r for r in central if r["unit_code"] == codes[cdir.name]] == own[cdir]

    trip(1)
    check(every)
    status = as_json("units", "--data", tw)
    assert len(status) == 2 + 6  # the provinces enrolled here, the communes known by relay
    assert {(s["last_seq"], tuple(s["gaps"]), s["alarms"]) for s in status} == {(1, (), 0)}
    assert relays(tmp_path / "to-tw-1") == 6

    # Round 2: one commune adds a model and a member; only that travels, once.
    first = communes["66"][0]
    branch = next(r["id"] for r in dump_lines(first) if r["table"] == "branches")
    changes = tmp_path / "changes.ndjson"
    changes.write_text(
        json.dumps({"table": "models", "kind": "special_members", "name": "Mô hình mới"})
        + "\n"
        + json.dumps({"table": "members", "branch_id": branch, "full_name": "Lò Thị Mới"})
        + "\n",
        encoding="utf-8",
    )
    sohoi("load", "--data", first, changes)
    trip(2)
    check([first])
    assert relays(tmp_path / "to-tw-2") == 6  # each commune sends a package every trip …
    sizes = sorted(p.stat().st_size for p in (tmp_path / "to-tw-2").iterdir())
    assert sizes[0] < 5000  # … but those with nothing new are small
    assert {s["last_seq"] for s in as_json("units", "--data", tw)} == {2}

    # The real program, as a subprocess, checks a relayed original's signature at the top.
    original = next(p for p in (tmp_path / "to-tw-2").iterdir() if is_relay(p))
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "cli", "verify", "--data", str(tw), str(original)],
        env={**os.environ, "SOHOI_PASSWORD": DEMO_PASSWORD},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "Chữ ký hợp lệ" in done.stdout, done.stderr


def is_relay(path: Path) -> bool:
    """A commune's original forwarded by its province (communes have 5-digit unit codes)."""
    return len(path.name.split("_")[0]) == 5


def relays(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if is_relay(p))
