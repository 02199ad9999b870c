"""A reporting period end to end through the `sohoi` command line: the centre declares it, the
calendar goes down to a province and its three communes; one commune closes, one closes, sends,
then reopens and corrects, one never closes. The province's period summary is exactly the first
two communes' frozen figures (the correction's, not the first version's), names the third as
not closed, and the province's own close carries that up to the centre, which sums the
communes' own signed snapshots the same way."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pypdf

from tests.e2e.test_sync_e2e import (  # noqa: F401  (password: a fixture)
    as_json,
    dump_lines,
    enrol,
    password,
    reported,
    sohoi,
    summed,
)

PROVINCE = "66"
SEEDS = (9, 11, 12)  # demo communes lying in province 66
PERIOD = "E2E-1"
NAME = "Kỳ kiểm tra đầu cuối"


def test_a_period_from_the_centre_to_three_communes_and_back(tmp_path: Path) -> None:
    tw, province = tmp_path / "TW", tmp_path / PROVINCE
    sohoi("init", "--data", tw, "--level", "central", "--unit-code", "TW", "--unit-name", "TW")
    sohoi(
        *("init", "--data", province, "--level", "province", "--unit-code", PROVINCE),
        *("--unit-name", f"Tỉnh {PROVINCE}", "--parent-code", "TW"),
    )
    enrol(tw, province, tmp_path)
    closes, corrects, never = (tmp_path / f"seed{s}" for s in SEEDS)
    code: dict[Path, str] = {}
    for cdir in (closes, corrects, never):
        sohoi("demo", "--data", cdir, "--members", 20, "--seed", cdir.name[4:])
        code[cdir] = next(r["code"] for r in dump_lines(cdir) if r["table"] == "units")
        enrol(province, cdir, tmp_path)

    # The centre declares the period (cut-off yesterday: it can be closed today).
    cut_off, due = date.today() - timedelta(days=1), date.today() + timedelta(days=15)
    sohoi(
        *("period", "declare", "--data", tw, PERIOD, "--name", NAME),
        *("--cut-off", cut_off.isoformat(), "--due", due.isoformat()),
    )
    sohoi("export", "--down", "--data", tw, "--out", tmp_path / "down-tw")
    assert "TỪ CHỐI" not in sohoi("import", "--data", province, tmp_path / "down-tw")
    sohoi("export", "--down", "--data", province, "--out", tmp_path / "down-66")
    for cdir in (closes, corrects, never):
        assert "TỪ CHỐI" not in sohoi("import", "--data", cdir, tmp_path / "down-66")
        listed = {p["id"]: p for p in as_json("period", "list", "--data", cdir)}
        assert listed[PERIOD] == {
            "id": PERIOD,
            "name": NAME,
            "cut_off": cut_off.isoformat(),
            "due": due.isoformat(),
            "state": "open",
        }

    def trip(name: str) -> None:
        stick = tmp_path / name
        for cdir in (closes, corrects, never):
            sohoi("export", "--data", cdir, "--out", stick)
        out = sohoi("import", "--data", province, stick)
        assert out.count("Đã nhận") == 3 and "TỪ CHỐI" not in out

    sohoi("period", "close", "--data", closes, PERIOD)
    sohoi("period", "close", "--data", corrects, PERIOD)
    first_version = as_json("indicators", "--data", corrects, "--period", PERIOD)
    trip("usb-1")

    # The second commune finds a mistake after sending: reopens, adds a channel, closes again.
    sohoi("period", "reopen", "--data", corrects, PERIOD, "--reason", "Sót một trang fanpage")
    changes = tmp_path / "changes.ndjson"
    changes.write_text(
        json.dumps({"table": "online_channels", "kind": "fanpage", "name": "Trang bổ sung"}) + "\n",
        encoding="utf-8",
    )
    sohoi("load", "--data", corrects, changes)
    sohoi("period", "close", "--data", corrects, PERIOD)
    corrected = as_json("indicators", "--data", corrects, "--period", PERIOD)
    assert corrected != first_version
    trip("usb-2")
    # After the close, live data moves on; the period does not.
    sohoi("load", "--data", closes, changes)
    trip("usb-3")

    frozen = as_json("indicators", "--data", closes, "--period", PERIOD)
    at_province = as_json("indicators", "--data", province, "--period", PERIOD)
    assert at_province["period"]["id"] == PERIOD and at_province["closed"] == 2
    assert reported(at_province["indicators"]) == summed([frozen, corrected])
    not_closed = {u["code"] for u in at_province["not_closed"]}
    assert code[never] in not_closed and not {code[closes], code[corrects]} & not_closed
    live = as_json("indicators", "--data", province)
    assert reported(live) != reported(at_province["indicators"])  # live data is not the period

    states = {p["id"]: p for p in as_json("period", "list", "--data", corrects)}
    assert states[PERIOD]["state"] == "corrected"
    table = {u["code"]: u for u in as_json("units", "--data", province, "--period", PERIOD)}
    assert table[code[closes]]["state"] == "closed" and table[code[never]]["state"] == "open"
    assert (table[code[corrects]]["state"], table[code[corrects]]["version"]) == ("corrected", 2)
    assert "2/" in sohoi("units", "--data", province, "--period", PERIOD)

    # The summary report of the period prints exactly that: the two communes' frozen sums, the
    # corrected one as corrected, the third among those not closed.
    pdf = tmp_path / "tong-hop-ky.pdf"
    sohoi("report", "--data", province, "--kind", "summary", "--period", PERIOD, "--out", pdf)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(pdf)).pages
    )
    communes = at_province["communes"]
    assert NAME in text and f"2/{communes} cơ sở Hội đã chốt số liệu kỳ này" in text
    rows = {
        m.group(1): (m.group(2), int(m.group(3).replace(".", "")), int(m.group(4).replace(".", "")))
        for m in re.finditer(
            r"(\d{5}) (Đã chốt|Chốt muộn|Đã sửa) \S+ \(lần \d+\) ([\d.]+) ([\d.]+)", text
        )
    }
    assert set(rows) == {code[closes], code[corrects]}
    assert rows[code[corrects]][0] == "Đã sửa"
    branches = sum(r[1] for r in rows.values())
    members = sum(r[2] for r in rows.values())
    assert f"Tổng cộng (2 cơ sở đã chốt) {branches} {members}" in text
    assert f"{code[never]} Chưa chốt" in text
    missing = text[text.index("KHÔNG CÓ TRONG TỔNG") :]
    assert code[never] in missing and code[closes] not in missing

    # The province closes its own period, warned of the commune that did not.
    out = sohoi("period", "close", "--data", province, PERIOD)
    assert "Cảnh báo" in out and code[never] in out
    sohoi("export", "--data", province, "--out", tmp_path / "to-tw")
    out = sohoi("import", "--data", tw, tmp_path / "to-tw")
    assert "TỪ CHỐI" not in out
    at_centre = as_json("indicators", "--data", tw, "--period", PERIOD)
    assert reported(at_centre["indicators"]) == summed([frozen, corrected])
    assert at_centre["closed"] == 2 and code[never] in {u["code"] for u in at_centre["not_closed"]}
    centre_list = {p["id"]: p for p in as_json("period", "list", "--data", tw)}
    assert centre_list[PERIOD]["communes_closed"] == 2
    provinces = {u["code"]: u for u in as_json("units", "--data", tw, "--period", PERIOD)}
    assert provinces[PROVINCE]["state"] == "closed" and provinces[PROVINCE]["communes_closed"] == 2
