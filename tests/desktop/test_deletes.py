"""Duplicates and deletes across the program (#15): a restored record reaches the province by
sync, the recycle bin never travels, the import's dry run lists possible duplicates, and the
bin is purged when the database opens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from db import recycle_bin
from db.merge import export_rows
from desktop.installation import settings
from desktop.spreadsheets.importer import plan_import
from desktop.spreadsheets.report import ADD
from desktop.sync.export import export_up

from .sync_helpers import (  # noqa: F401  (fixtures)
    import_files,
    template,
    world,
)

HUONG = {
    "full_name": "Nguyễn Thị Hường",
    "birth_date": "1985-04-12",
    "citizen_id": "001185001234",
    "phone": "0912345678",
    "ethnicity": "Kinh",
    "address": "Số 7 ngõ Đình",
}


def _member(world, code="06001"):  # noqa: F811
    store = world[code].store
    branch = store.save("branches", {"name": "Chi hội Xóm Chùa"}).ids[0]
    return branch, store.save("members", {**HUONG, "branch_id": branch}).ids[0]


def test_a_restored_record_reaches_the_province(world, tmp_path):  # noqa: F811
    commune, province = world["06001"], world["20"]
    _, member = _member(world)
    assert import_files(province, *export_up(commune, tmp_path / "1").paths).ok
    commune.store.delete("members", member)
    assert import_files(province, *export_up(commune, tmp_path / "2").paths).ok
    up = province.store.get("members", member, include_deleted=True)
    assert up["is_deleted"] == 1 and up["full_name"] is None  # the tombstone went up

    commune.store.restore("members", member)
    assert import_files(province, *export_up(commune, tmp_path / "3").paths).ok
    back = province.store.get("members", member)
    assert back is not None and back["is_deleted"] == 0
    for field, value in HUONG.items():
        assert back[field] == value, field


def test_the_recycle_bin_never_travels(world, tmp_path):  # noqa: F811
    commune = world["06001"]
    _, member = _member(world)
    commune.store.delete("members", member)
    assert (
        recycle_bin.kept(commune.store.db, "members", member)["citizen_id"] == HUONG["citizen_id"]
    )
    rows = export_rows(commune.store, since_version=0, units={"06001"})
    text = json.dumps(rows, ensure_ascii=False)
    assert {r["table"] for r in rows} <= {"units", "branches", "members", "cadres"}
    for value in HUONG.values():
        assert value not in text
    tomb = next(r for r in rows if r["id"] == member)
    assert tomb["values"]["is_deleted"] == 1
    # The package that goes up carries the tombstone only: the province learns nothing kept.
    assert import_files(world["20"], *export_up(commune, tmp_path / "p").paths).ok
    province = world["20"].store.db
    assert recycle_bin.entries(province) == []
    dump = "\n".join(str(r) for r in province.execute("SELECT * FROM members").fetchall())
    assert HUONG["citizen_id"] not in dump and HUONG["full_name"] not in dump


def test_the_bin_is_purged_when_the_database_opens(world):  # noqa: F811
    commune = world["06001"]
    _, member = _member(world)
    commune.store.delete("members", member)
    db = commune.store.db
    with db.atomic():
        settings.put(db, "recycle_days", 7)
        old = (datetime.now(UTC) - timedelta(days=8)).isoformat(timespec="seconds")
        db.execute("UPDATE recycle_bin SET deleted_at = ?", [old])
    world.close()
    reopened = world["06001"]
    assert recycle_bin.entries(reopened.store.db) == []


def test_the_dry_run_lists_possible_duplicates(world, tmp_path):  # noqa: F811
    store = world["06001"].store
    branch = store.save("branches", {"name": "Chi hội Xóm Chùa"}).ids[0]
    store.save("members", {"full_name": "Trần Thị Hằng", "birth_date": "1980", "branch_id": branch})
    path = tmp_path / "hv.csv"
    path.write_text(
        "Họ và tên,Ngày sinh,Chi hội\n"
        "tran thi hang,12/03/1980,Chi hội Xóm Chùa\n"
        "Lê Thị Mai,01/01/1990,Chi hội Xóm Chùa\n",
        encoding="utf-8",
    )
    plan = plan_import(store, path, "members")
    assert [r.fate for r in plan.rows] == [ADD, ADD]  # listed, not refused
    [dup] = plan.possible_duplicates()
    assert dup.row == 2
    [warning] = [w for w in dup.warnings if w.rule == "possible_duplicate"]
    assert "Trần Thị Hằng" in warning.message and "sinh năm 1980" in warning.message
