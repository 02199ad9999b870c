"""`sohoi period list|close|reopen` and `sohoi indicators --period`, driven as a script would.

The command line takes today's date from the machine: the periods used are chosen from it (the
last one whose cut-off has passed, and the next one, not yet closable)."""

from __future__ import annotations

import json
from datetime import date

from db.periods import default_periods
from tests.desktop.test_cli import lines, password, run, unit  # noqa: F401

BRANCH = "3f1b6b9e-8a55-4c39-9a53-2a1d8b1c0e01"


def _past_and_next() -> tuple[str, str]:
    today = date.today()
    periods = [p for y in (today.year - 1, today.year) for p in default_periods(y)]
    periods += default_periods(today.year + 1)
    past = [p for p in periods if p.cut_off <= today][-1]
    coming = next(p for p in periods if p.cut_off > today)
    return past.id, coming.id


def _load(data, tmp_path, *records):
    path = tmp_path / "rows.ndjson"
    path.write_text(lines(*records), encoding="utf-8")
    code, _ = run("load", "--data", str(data), str(path))
    assert code == 0


def test_period_list_close_reopen_and_frozen_indicators(unit, tmp_path, capsys):  # noqa: F811
    past, coming = _past_and_next()
    _load(unit, tmp_path, {"table": "branches", "id": BRANCH, "name": "Chi hội Thôn Đông"})

    code, out = run("period", "list", "--data", str(unit), "--json")
    assert code == 0
    listed = {p["id"]: p for p in json.loads(out)}
    assert set(listed[past]) == {"id", "name", "cut_off", "due", "state"}
    assert listed[past]["state"] == "open"
    date.fromisoformat(listed[past]["cut_off"])  # ISO dates
    date.fromisoformat(listed[past]["due"])

    code, _ = run("period", "close", "--data", str(unit), coming)
    assert code == 2
    assert "chưa đến ngày chốt số liệu" in capsys.readouterr().err.lower()
    code, _ = run("indicators", "--data", str(unit), "--period", past, "--json")
    assert code == 2
    assert "chưa chốt" in capsys.readouterr().err

    code, out = run("period", "close", "--data", str(unit), past)
    assert code == 0 and "Đã chốt số liệu" in out
    code, out = run("period", "list", "--data", str(unit), "--json")
    assert {p["id"]: p["state"] for p in json.loads(out)}[past] in ("closed", "late")

    code, live_out = run("indicators", "--data", str(unit), "--json")
    code, frozen_out = run("indicators", "--data", str(unit), "--period", past, "--json")
    assert code == 0
    live, frozen = json.loads(live_out), json.loads(frozen_out)
    assert [i["id"] for i in frozen] == [i["id"] for i in live]
    assert all(set(f) == set(i) for f, i in zip(frozen, live, strict=True))
    social = {i["id"]: i for i in frozen}["branches_using_social_media"]
    assert (social["numerator"], social["denominator"]) == (0, 1)

    # An edit afterwards changes the live figures, not the frozen ones.
    _load(unit, tmp_path, {"table": "branches", "id": BRANCH, "uses_social_media": 1})
    code, live_out = run("indicators", "--data", str(unit), "--json")
    assert {i["id"]: i for i in json.loads(live_out)}["branches_using_social_media"][
        "numerator"
    ] == 1
    code, again = run("indicators", "--data", str(unit), "--period", past, "--json")
    assert json.loads(again) == frozen

    code, _ = run("period", "reopen", "--data", str(unit), past, "--reason", "  ")
    assert code == 2 and "lý do" in capsys.readouterr().err
    code, out = run("period", "reopen", "--data", str(unit), past, "--reason", "Sửa chi hội")
    assert code == 0 and "Đã mở lại" in out
    code, out = run("period", "list", "--data", str(unit), "--json")
    assert {p["id"]: p["state"] for p in json.loads(out)}[past] == "open"
    code, _ = run("period", "close", "--data", str(unit), past)
    assert code == 0
    code, out = run("period", "list", "--data", str(unit), "--json")
    assert {p["id"]: p["state"] for p in json.loads(out)}[past] == "corrected"
    code, corrected = run("indicators", "--data", str(unit), "--period", past, "--json")
    assert {i["id"]: i for i in json.loads(corrected)}["branches_using_social_media"][
        "numerator"
    ] == 1
    code, table = run("indicators", "--data", str(unit), "--period", past)
    assert code == 0 and "Chi hội sử dụng mạng xã hội" in table


def test_an_upper_level_sums_what_its_communes_closed_and_names_the_rest(tmp_path, capsys):
    data = tmp_path / "province"
    code, _ = run(
        "init", "--data", str(data), "--level", "province", "--unit-code", "20",
        "--unit-name", "Hội LHPN tỉnh Thái Nguyên", "--parent-code", "TW",
    )  # fmt: skip
    assert code == 0
    past, _ = _past_and_next()
    code, out = run("indicators", "--data", str(data), "--period", past, "--json")
    assert code == 0
    summed = json.loads(out)
    assert summed["period"]["id"] == past and summed["closed"] == 0
    # Nothing came yet: every commune of the province (the catalogue's) is named, none summed.
    assert len(summed["not_closed"]) == summed["communes"] >= 60
    assert {i["id"]: i for i in summed["indicators"]}["bases_one_plus_one"]["denominator"] == 0
    code, out = run("period", "close", "--data", str(data), past)
    assert code == 0 and "Cảnh báo" in out and "cơ sở chưa chốt" in out
    code, out = run("period", "list", "--data", str(data), "--json")
    listed = {p["id"]: p for p in json.loads(out)}[past]
    assert listed["communes_closed"] == 0 and listed["state"] in ("closed", "late")


def test_unit_report_of_a_period_prints_the_frozen_figures(unit, tmp_path, capsys):  # noqa: F811
    import pypdf

    def text(path):
        return " ".join(
            " ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages
        )

    past, _ = _past_and_next()
    _load(unit, tmp_path, {"table": "branches", "id": BRANCH, "name": "Chi hội Thôn Đông"})
    pdf = tmp_path / "ky.pdf"
    args = ("report", "--data", str(unit), "--kind", "unit", "--period", past, "--out", str(pdf))
    code, _ = run(*args)
    assert code == 2 and "chưa chốt" in capsys.readouterr().err and not pdf.exists()
    code, _ = run("period", "close", "--data", str(unit), past)
    assert code == 0
    listed = json.loads(run("period", "list", "--data", str(unit), "--json")[1])
    period = {p["id"]: p for p in listed}[past]
    name, cut_off = period["name"], date.fromisoformat(period["cut_off"])
    # A second branch after closing: the live report counts 2, the period's report 1.
    _load(
        unit,
        tmp_path,
        {"table": "branches", "id": BRANCH.replace("01", "02"), "name": "Chi hội Thôn Đoài"},
    )
    code, _ = run(*args)
    assert code == 0
    printed = text(pdf)
    assert f"Kỳ báo cáo {name}, số liệu chốt đến ngày {cut_off:%d/%m/%Y}" in printed
    assert "Số chi hội: 1" in printed
    live = tmp_path / "live.pdf"
    code, _ = run("report", "--data", str(unit), "--kind", "unit", "--out", str(live))
    assert code == 0 and "Số chi hội: 2" in text(live)
    code, _ = run(
        "report", "--data", str(unit), "--kind", "summary", "--period", past,
        "--out", str(tmp_path / "s.pdf"),
    )  # fmt: skip
    assert code == 2 and "--period" in capsys.readouterr().err
    assert "Lý do chốt lại" not in printed  # a first close corrects nothing
    # A correction prints the reason the person gave when reopening.
    run("period", "reopen", "--data", str(unit), past, "--reason", "Sót chi hội Thôn Đoài")
    run("period", "close", "--data", str(unit), past)
    code, _ = run(*args)
    corrected = text(pdf)
    assert code == 0 and "Chốt số liệu: lần 2" in corrected
    assert "Lý do chốt lại: Sót chi hội Thôn Đoài" in corrected and "Số chi hội: 2" in corrected
