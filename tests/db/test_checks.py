"""`check_all` finds every rule the stored data breaks, and nothing in clean records.

Records are written through the Store (which refuses bad ones), then broken with SQL the way
sync or an older version could have left them.
"""

import re
import time
import uuid
from datetime import date

import pytest

from db.checks import Finding, check_all
from db.connection import open_memory
from db.store import Store, unit_row_id

from .conftest import TODAY

CID = "001185000123"  # Hà Nội, female, born 1985


def key(f: Finding) -> tuple:
    return (f.table, f.id, f.unit_code, f.problem.field, f.problem.rule, f.problem.severity)


def sql(store: Store, statement: str, *params) -> None:
    store.db.conn.execute(statement, params)
    store.db.conn.commit()


class Data:
    """Two communes of P1, one commune outside it, and the ids of everything seeded."""

    def __init__(self) -> None:
        s = self.store = Store(open_memory(), today=lambda: TODAY)
        s.set_unit("TW")
        for code, level, parent in [
            ("TW", "central", None),
            ("P1", "province", "TW"),
            ("C1", "commune", "P1"),
            ("C2", "commune", "P1"),
            ("P2", "province", "TW"),
            ("X1", "commune", "P2"),
        ]:
            s.save(
                "units",
                {"code": code, "name": f"Hội LHPN {code}", "level": level, "parent_code": parent},
            )
        self.b1 = self.save("branches", "C1", name="Thôn Đông")
        self.b2 = self.save("branches", "C1", name="Thôn Tây")  # no head
        self.b3 = self.save("branches", "C1", name="Thôn Nam")  # two heads
        self.gone = self.save("branches", "C1", name="Thôn Cũ")
        s.delete("branches", self.gone)
        self.bc2 = self.save("branches", "C2", name="Xóm Chợ")
        self.bx = self.save("branches", "X1", name="Bản Mới")

        self.h1 = self.save(
            "branch_heads",
            "C1",
            branch_id=self.b1,
            full_name="Lê Thị Hoa",
            birth_date="1980-02-02",
            citizen_id="001180000111",
            concurrent_roles=["loan_group_leader", "health_collaborator"],
        )
        self.h3a = self.save("branch_heads", "C1", branch_id=self.b3, full_name="Đỗ Thị Chi")
        # A male code is only a warning: the Store saves it.
        self.h3b = self.save(
            "branch_heads",
            "C1",
            branch_id=self.b3,
            full_name="Vũ Thị Dung",
            birth_date="1980",
            citizen_id="001080000222",
        )
        self.save("branch_heads", "C2", branch_id=self.bc2, full_name="Hà Thị Loan")
        self.save("branch_heads", "X1", branch_id=self.bx, full_name="Lò Thị Sen")

        self.m0 = self.member(
            "C1",
            self.b1,
            "Hoàng Thị Mai",
            birth_date="1990-05-05",
            citizen_id="001190000001",
            phone="0912 345 678",
            joined_on="2010-01-01",
            special_groups=["người cao tuổi"],
        )
        self.m1 = self.member(
            "C1", self.b1, "Nguyễn Thị Ánh", birth_date="1985-03-02", citizen_id=CID
        )
        self.m2 = self.member(
            "C1", self.b2, "Trần Thị Bình", birth_date="1985-07-07", citizen_id="001185000456"
        )
        self.m3 = self.member(
            "C2", self.bc2, "Phan Thị Cúc", birth_date="1985-01-01", citizen_id="001185000789"
        )
        self.m4 = self.member(
            "C1", self.b1, "Bùi Thị Duyên", birth_date="1985-04-04", citizen_id="001185000999"
        )
        self.m5 = self.member("C1", self.b1, "Đặng Thị Én")
        self.m6 = self.member("C1", self.b1, "Ngô Thị Giang")
        self.m7 = self.member("C1", self.b1, "Lý Thị Hằng")
        self.m8 = self.member("C1", self.b1, "Mai Thị Hương")
        self.m9 = self.member("C1", self.b1, "Tạ Thị Khánh")
        self.m10 = self.member("C1", self.b1, "Kiều Thị Liên")
        s.delete("members", self.m10)
        self.mx = self.member("X1", self.bx, "Lò Thị Mơ")
        # A commune merged away (deleted): its records are no longer anyone's to check.
        s.save(
            "units", {"code": "C3", "name": "Hội LHPN C3", "level": "commune", "parent_code": "P1"}
        )
        self.m_merged = self.member("C3", self.save("branches", "C3", name="Xóm Cũ"), "Lã Thị Na")
        s.delete("units", unit_row_id("C3"))

        # A cadre may share a member's citizen ID: the same woman in two roles.
        self.k1 = self.save(
            "cadres",
            "C1",
            full_name="Nguyễn Thị Ánh",
            position="chair",
            birth_date="1985-03-02",
            citizen_id=CID,
        )
        self.k2 = self.save("cadres", "C1", full_name="Cao Thị Lan", position="chair")
        self.k3 = self.save("cadres", "C1", full_name="Chu Thị Nga", position="other")

        # What sync or an older version could have stored.
        sql(s, "UPDATE members SET citizen_id = ? WHERE id IN (?, ?)", CID, self.m2, self.m3)
        sql(s, "UPDATE members SET birth_date = '1990-04-04' WHERE id = ?", self.m4)
        sql(s, "UPDATE members SET birth_date = '2015-01-01' WHERE id = ?", self.m5)
        sql(s, "UPDATE members SET branch_id = ? WHERE id = ?", self.gone, self.m6)
        sql(s, "UPDATE members SET branch_id = ? WHERE id = ?", str(uuid.uuid4()), self.m7)
        sql(s, "UPDATE members SET branch_id = ? WHERE id = ?", self.bc2, self.m8)
        sql(s, "UPDATE members SET phone = '12345', joined_on = '2026-12-24' WHERE id = ?", self.m9)
        sql(
            s,
            "UPDATE members SET phone = '12345' WHERE id IN (?, ?, ?)",
            self.m10,
            self.mx,
            self.m_merged,
        )
        sql(s, "UPDATE branch_heads SET concurrent_roles = '[\"pilot\"]' WHERE id = ?", self.h3a)
        sql(s, "UPDATE cadres SET position = 'boss' WHERE id = ?", self.k2)
        sql(s, "UPDATE cadres SET position = NULL WHERE id = ?", self.k3)
        sql(s, "UPDATE units SET email = 'không-phải-thư' WHERE code = 'C2'")

    def save(self, table: str, unit_code: str, **values) -> str:
        return self.store.save(table, values, unit_code=unit_code).ids[0]

    def member(self, unit_code: str, branch_id: str, name: str, **values) -> str:
        values.setdefault("status", "active")  # a status recorded: see the no-status check
        return self.save("members", unit_code, branch_id=branch_id, full_name=name, **values)

    def unit_id(self, code: str) -> str:
        return self.store.db.execute("SELECT id FROM units WHERE code = ?", [code]).fetchone()[0]


@pytest.fixture
def data() -> Data:
    return Data()


def test_every_seeded_violation_is_found_and_nothing_else(data):
    d = data
    found = [key(f) for f in check_all(d.store.db, "P1", today=TODAY)]
    assert len(found) == len(set(found))  # no finding twice
    assert set(found) == {
        ("units", d.unit_id("C2"), "C2", "email", "email", "error"),
        ("cadres", d.k2, "C1", "position", "choice", "error"),  # not also "required"
        ("cadres", d.k3, "C1", "position", "required", "error"),
        ("branches", d.b2, "C1", None, "no_head", "warning"),
        ("branches", d.b3, "C1", None, "many_heads", "warning"),
        ("branch_heads", d.h3a, "C1", "concurrent_roles", "choice", "error"),
        ("branch_heads", d.h3b, "C1", "citizen_id", "citizen_id_sex", "warning"),
        ("members", d.m1, "C1", "citizen_id", "unique", "error"),
        ("members", d.m2, "C1", "citizen_id", "unique", "error"),
        ("members", d.m1, "C1", "citizen_id", "other_branch", "warning"),
        ("members", d.m2, "C1", "citizen_id", "other_branch", "warning"),
        ("members", d.m3, "C2", "citizen_id", "other_branch", "warning"),
        ("members", d.m4, "C1", "citizen_id", "citizen_id_birth_year", "error"),
        ("members", d.m5, "C1", "birth_date", "min_age", "error"),
        ("members", d.m6, "C1", "branch_id", "ref", "error"),
        ("members", d.m7, "C1", "branch_id", "ref", "error"),
        ("members", d.m8, "C1", "branch_id", "ref_unit", "error"),
        ("members", d.m9, "C1", "phone", "phone", "error"),
        ("members", d.m9, "C1", "joined_on", "future", "error"),
    }


def test_clean_records_have_no_finding(data):
    d = data
    flagged = {f.id for f in check_all(d.store.db, "P1", today=TODAY)}
    # m0 carries a list stored as JSON text, h1 an enumeration list: both read back clean.
    for clean in (d.m0, d.h1, d.b1, d.bc2, d.k1, d.unit_id("C1"), d.unit_id("P1")):
        assert clean not in flagged
    assert d.m10 not in flagged  # deleted: a tombstone breaks no rule
    assert d.m_merged not in {f.id for f in check_all(d.store.db, "TW", today=TODAY)}


def test_the_scope_is_the_root_and_the_units_below(data):
    d = data
    assert d.mx not in {f.id for f in check_all(d.store.db, "P1", today=TODAY)}
    everything = [key(f) for f in check_all(d.store.db, "TW", today=TODAY)]
    assert ("members", d.mx, "X1", "phone", "phone", "error") in everything
    only_c2 = {key(f) for f in check_all(d.store.db, "C2", today=TODAY)}
    # In C2 alone, M3's citizen ID meets no other record in scope.
    assert only_c2 == {("units", d.unit_id("C2"), "C2", "email", "email", "error")}


def test_findings_are_ordered_by_table_unit_and_record(data):
    findings = check_all(data.store.db, "P1", today=TODAY)
    tables = [f.table for f in findings]
    assert tables == sorted(
        tables, key=["units", "cadres", "branches", "branch_heads", "members"].index
    )
    m9 = [f.problem.rule for f in findings if f.id == data.m9]
    assert m9 == ["phone", "future"]  # field order within a record


def test_messages_name_the_records_in_vietnamese(data):
    d = data
    by = {(f.id, f.problem.rule): f.problem for f in check_all(d.store.db, "P1", today=TODAY)}
    unique = by[(d.m1, "unique")]
    assert unique.record == "hội viên “Nguyễn Thị Ánh”"
    assert unique.message == (
        "số CCCD này trùng với hội viên “Trần Thị Bình” (chi hội “Thôn "
        "Tây”) trong cùng đơn vị; mỗi người chỉ có một bản ghi."
    )
    assert by[(d.m2, "unique")].message.startswith(
        "số CCCD này trùng với hội viên “Nguyễn Thị Ánh” (chi hội “Thôn Đông”)"
    )
    assert by[(d.m3, "other_branch")].message == (
        "số CCCD này cũng có ở hội viên “Nguyễn Thị Ánh” (chi hội “Thôn Đông”, đơn vị "
        "“Hội LHPN C1”), hội viên “Trần Thị Bình” (chi hội “Thôn Tây”, đơn vị “Hội LHPN C1”); "
        "một hội viên chỉ sinh hoạt ở một chi hội."
    )
    assert by[(d.m6, "ref")].message == (
        "chi hội “Thôn Cũ” đã bị xóa; hãy chuyển bản ghi sang chi hội khác."
    )
    assert by[(d.m7, "ref")].message == "không tìm thấy chi hội này."
    assert by[(d.m8, "ref_unit")].message == "chi hội “Xóm Chợ” thuộc đơn vị khác."
    assert by[(d.b2, "no_head")].message == "chi hội chưa có chi hội trưởng."
    assert by[(d.b3, "many_heads")].message == (
        "chi hội có 2 chi hội trưởng (chi hội trưởng “Đỗ Thị Chi”, chi hội trưởng “Vũ Thị "
        "Dung”); mỗi chi hội chỉ có một chi hội trưởng."
    )
    assert str(by[(d.m8, "ref_unit")]) == (
        "hội viên “Mai Thị Hương” — Chi hội: chi hội “Xóm Chợ” thuộc đơn vị khác."
    )
    assert by[(d.b3, "many_heads")].record == "chi hội “Thôn Nam”"


def test_messages_hold_no_citizen_id_nor_birth_date(data):
    findings = check_all(data.store.db, "TW", today=TODAY)
    assert len(findings) == 20
    for f in findings:
        text = str(f.problem)
        assert not re.search(r"\d{9,}", text), text
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", text), text


def test_today_decides_what_is_in_the_future(data):
    later = {key(f) for f in check_all(data.store.db, "P1", today=date(2027, 1, 1))}
    assert ("members", data.m9, "C1", "joined_on", "future", "error") not in later
    assert ("members", data.m9, "C1", "phone", "phone", "error") in later


def test_many_duplicates_are_named_a_few_at_a_time(data):
    d = data
    ids = [
        d.member("C2", d.bc2, f"Hồ Thị {name}", birth_date="1985")
        for name in ("An", "Bé", "Cam", "Dạ", "Em")
    ]
    sql(
        d.store,
        f"UPDATE members SET citizen_id = '001185000555' WHERE id IN ({', '.join('?' * len(ids))})",
        *ids,
    )
    unique = {
        f.id: f.problem.message
        for f in check_all(d.store.db, "C2", today=TODAY)
        if f.problem.rule == "unique"
    }
    assert set(unique) == set(ids)
    assert unique[ids[0]] == (
        "số CCCD này trùng với hội viên “Hồ Thị Bé” (chi hội “Xóm Chợ”), hội viên “Hồ Thị Cam” "
        "(chi hội “Xóm Chợ”), hội viên “Hồ Thị Dạ” (chi hội “Xóm Chợ”) và 1 bản ghi khác "
        "trong cùng đơn vị; mỗi người chỉ có một bản ghi."
    )


def test_twenty_thousand_members_in_one_pass():
    store = Store(open_memory(), today=lambda: TODAY)
    store.set_unit("C1")
    store.save(
        "units",
        {"code": "C1", "name": "Hội LHPN xã Tân Phú", "level": "commune", "parent_code": "P1"},
    )
    branches = [store.save("branches", {"name": f"Tổ {n}"}).ids[0] for n in range(100)]
    rows = [
        (
            str(uuid.uuid4()),
            branches[n % 100],
            f"Nguyễn Thị Ánh {n}",
            "1985-03-02",
            f"001185{n:06d}",
            "12345" if n % 1000 == 0 else "0912345678",
            '["người cao tuổi"]',
        )
        for n in range(20_000)
    ]
    rows[1] = (*rows[1][:4], rows[0][4], *rows[1][5:])  # a duplicated citizen ID
    store.db.conn.executemany(
        "INSERT INTO members (id, unit_code, branch_id, full_name, birth_date, citizen_id,"
        " phone, special_groups, status, db_version, clocks)"
        " VALUES (?, 'C1', ?, ?, ?, ?, ?, ?, 'active', 1, '{}')",
        rows,
    )
    store.db.conn.commit()

    start = time.perf_counter()
    findings = check_all(store.db, "C1", today=TODAY)
    elapsed = time.perf_counter() - start

    rules: dict[str, int] = {}
    for f in findings:
        rules[f.problem.rule] = rules.get(f.problem.rule, 0) + 1
    assert rules == {"no_head": 100, "phone": 20, "unique": 2}
    assert elapsed < 10


def test_a_member_who_moved_away_is_not_in_two_branches(data):
    d = data
    sql(d.store, "UPDATE members SET status = 'moved' WHERE id = ?", d.m3)
    found = {key(f) for f in check_all(d.store.db, "P1", today=TODAY)}
    assert not {k for k in found if k[4] == "other_branch"}
    assert ("members", d.m1, "C1", "citizen_id", "unique", "error") in found


def test_heads_share_no_citizen_id_within_a_unit(data):
    d = data
    sql(
        d.store,
        "UPDATE branch_heads SET citizen_id = '001180000111', birth_date = '1980' WHERE id = ?",
        d.h3a,
    )
    found = {key(f) for f in check_all(d.store.db, "C1", today=TODAY) if f.table == "branch_heads"}
    assert found == {
        ("branch_heads", d.h1, "C1", "citizen_id", "unique", "error"),
        ("branch_heads", d.h3a, "C1", "citizen_id", "unique", "error"),
        ("branch_heads", d.h3a, "C1", "concurrent_roles", "choice", "error"),
        ("branch_heads", d.h3b, "C1", "citizen_id", "citizen_id_sex", "warning"),
    }


def test_a_member_without_a_status_is_found(data):
    """The reports count her active and the list's "Đang sinh hoạt" filter does not: flagged."""
    d = data
    d.store.db.execute("UPDATE members SET status = NULL WHERE id = ?", [d.m0])
    d.store.db.conn.commit()
    by = {(f.id, f.problem.rule): f.problem for f in check_all(d.store.db, "P1", today=TODAY)}
    problem = by[(d.m0, "status_missing")]
    assert problem.severity == "warning" and problem.field == "status"
    assert "chưa ghi tình trạng" in problem.message
    assert (d.m1, "status_missing") not in by
