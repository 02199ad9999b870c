"""A large import's first stage in a child process (desktop/sync/first_stage.py) ends exactly as
the importer's own process would: the same rows stored, updated and set aside, the same files
refused for the same reasons with nothing changed; a child that dies costs time, not rows."""

import contextlib
import json
import os
import zlib

import pytest

from desktop.sync import first_stage
from desktop.sync.importer import import_paths

from .sync_helpers import (  # noqa: F401  (fixtures)
    branch_row,
    bulk_rows,
    commune_rows,
    craft,
    member_row,
    snapshot,
    template,
    write,
)

MEMBERS = 1_300  # three chunks of db.merge.CHUNK rows, the last one short


def _member(hlc: int, **values) -> dict:
    row = member_row("06001", "Trần Thị Mai", hlc=hlc)
    row["values"].update(values)
    return row


def _packages(world, base) -> list:
    """Two packages of commune 06001: many new rows with some to set aside, then updates."""
    commune = world["06001"]
    rows = [branch_row("06001"), *bulk_rows("06001", MEMBERS)]
    members = [r for r in rows if r["table"] == "members"]
    odd = [
        _member(1 << 40, status="bogus"),  # breaks a rule: set aside
        _member(1 << 40, branch_id="6b1f0c1e-0000-4000-8000-00000000dead"),  # unknown branch
        _member((2**46) << 16),  # dated in the year 4199: set aside
        _member(1 << 40, full_name="  Lê   Thị\u0301 Hoa  "),  # only needs cleaning
        _member(1 << 40, is_deleted=1, citizen_id=None),  # a tombstone
    ]
    first = craft(commune, [*rows, *odd], seq=1)
    later = (1 << 56) + (1 << 40)  # after the bulk rows' stamps, long before today
    updates = []
    for i, row in enumerate(members[:40]):
        changed = json.loads(json.dumps(row))
        changed["values"]["full_name"] = f"Phạm Thị Đổi {i}"
        changed["clocks"] = {"*": [later + i, "b0b0b0b0b0b0b0b0"]}
        updates.append(changed)
    broken = json.loads(json.dumps(members[40]))
    broken["values"]["phone"] = "12345"  # an update that breaks a rule: set aside
    broken["clocks"] = {"*": [later + 99, "b0b0b0b0b0b0b0b0"]}
    older = json.loads(json.dumps(members[41]))
    older["values"]["full_name"] = "Cũ Thị Hơn"  # older than what is stored: no change
    older["clocks"] = {"*": [1, "b0b0b0b0b0b0b0b0"]}
    second = craft(commune, [*updates, broken, older, _member(later)], seq=2)
    return [write(base / "01.sohoi", first), write(base / "02.sohoi", second)]


def _outcome(session, result) -> dict:
    db = session.store.db
    return {
        "verdicts": [(v.path.name, v.status, v.reason, v.rows) for v in result.verdicts],
        "rows": commune_rows(session, {"06001"}),
        "quarantine": db.execute(
            "SELECT tbl, row_id, unit_code, reason FROM quarantine ORDER BY row_id, reason"
        ).fetchall(),
        "clock": session.store.clock.last,
    }


def _import_both_ways(
    template,  # noqa: F811
    tmp_path,
    files_of,
    around_child=contextlib.nullcontext,
) -> tuple[dict, dict]:
    """The same files (`files_of(world, folder)`, signed once) imported at province 20 of two
    copies of the world, in this process and with the child (inside `around_child()`): the two
    outcomes."""
    stick = tmp_path / "stick"
    stick.mkdir()
    outcomes: list[dict] = []
    files: list = []
    for child in (False, True):
        world = template.copy(tmp_path / f"world-{child}")
        try:
            files = files or files_of(world, stick)
            province = world["20"]
            before = snapshot(province)
            with around_child() if child else contextlib.nullcontext():
                result = import_paths(province, files, child_process=child)
            outcome = _outcome(province, result)
            outcome["unchanged"] = snapshot(province) == before
            outcome["child_lost"] = result.child_lost
            outcomes.append(outcome)
        finally:
            world.close()
    return outcomes[0], outcomes[1]


def _clock_free(outcome: dict) -> dict:
    """What must be the same both ways (the clock reads the time of day too)."""
    return {k: v for k, v in outcome.items() if k not in ("clock", "child_lost")}


def test_the_child_stores_updates_and_sets_aside_what_the_process_itself_would(
    template,  # noqa: F811
    tmp_path,
):
    here, child = _import_both_ways(template, tmp_path, _packages)

    assert _clock_free(child) == _clock_free(here)
    assert not child["child_lost"]
    assert [v[1] for v in child["verdicts"]] == ["accepted", "accepted"]
    members = child["rows"]["members"]
    assert len(members) == MEMBERS + 3  # the bulk, the cleaned, the tombstone, the later one
    assert sum("Phạm Thị Đổi" in str(r) for r in members) == 40
    assert not any("Cũ Thị Hơn" in str(r) for r in members)
    reasons = sorted(q[3].split(": ")[0] for q in child["quarantine"])
    assert reasons == [
        "hội viên — Chi hội",
        "hội viên — Số điện thoại",
        "hội viên — Tình trạng",
        "thời điểm sửa muộn hơn giờ máy này quá 24 giờ (đồng hồ máy gửi sai?).",
    ]


BAD_ROWS = {
    "another unit's row": ({"unit_code": "06002"}, "không thuộc người gửi"),
    "a table not allowed": ({"table": "accounts"}, "bảng không được phép"),
    "a field not allowed": ({"values": {"db_version": 99}}, "trường không được phép"),
    "a wrong type": ({"values": {"full_name": 12}}, "sai kiểu"),
    "a bad stamp": ({"clocks": {"*": [-1, "ab"]}}, "dấu thời gian"),
}


def _refused_files(world, stick) -> list:
    commune = world["06001"]
    rows = [branch_row("06001"), *bulk_rows("06001", 700)]
    files = []
    for n, (parts, _) in enumerate(BAD_ROWS.values(), start=1):
        bad = member_row("06001")
        for key, value in parts.items():
            if isinstance(value, dict) and key in ("values", "clocks"):
                bad[key].update(value)
            else:
                bad[key] = value
        # The bad row in the second chunk: the first is written before the child's answer.
        files.append(write(stick / f"{n:02d}.sohoi", craft(commune, [*rows, bad], seq=n)))
    twice = [*rows, rows[5]]
    files.append(write(stick / "06.sohoi", craft(commune, twice, seq=6)))
    body = b"".join(json.dumps(r).encode() + b"\n" for r in rows) + b"{not json}\n"
    files.append(
        write(stick / "07.sohoi", craft(commune, plain=body, packed=zlib.compress(body), seq=7))
    )
    return files


def test_the_child_refuses_each_bad_package_whole_for_the_same_reason(
    template,  # noqa: F811
    tmp_path,
):
    here, child = _import_both_ways(template, tmp_path, _refused_files)

    assert child == here
    assert child["unchanged"]
    reasons = [v[2] for v in child["verdicts"]]
    assert all(v[1] == "rejected" for v in child["verdicts"])
    expected = [reason for _, reason in BAD_ROWS.values()] + ["hai bản ghi cùng mã", "định dạng"]
    for reason, part in zip(reasons, expected, strict=True):
        assert part in reason


def test_a_child_that_dies_costs_time_not_rows(template, tmp_path, monkeypatch):  # noqa: F811
    stage = first_stage.FirstStagePool.stage

    def killed_first(self, lines, today):
        self._pool.submit(os._exit, 1)  # the child dies, as the task manager would end it
        return stage(self, lines, today)

    @contextlib.contextmanager
    def killing():
        with monkeypatch.context() as patch:
            patch.setattr(first_stage.FirstStagePool, "stage", killed_first)
            yield

    here, child = _import_both_ways(template, tmp_path, _packages, killing)

    assert child["child_lost"] and not here["child_lost"]
    assert [v[1] for v in child["verdicts"]] == ["accepted", "accepted"]
    assert _clock_free(child) == _clock_free(here)


@pytest.mark.parametrize("lines", [[], [b'{"a": 1}', b"[2]"]])
def test_lines_are_parsed_together_one_value_each(lines):
    assert first_stage.parse_lines(lines) == [json.loads(line) for line in lines]
    with pytest.raises(ValueError):
        first_stage.parse_lines([b'{"a": 1}, {"b": 2}'])
    with pytest.raises(ValueError):
        first_stage.parse_lines([b'{"a": 1}', b""])
