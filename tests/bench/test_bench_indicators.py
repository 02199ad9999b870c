"""Indicators over a province: 3,321 communes, ~83,000 branches and heads, 200,000 members.

Reported against one full scan of the members table in the same database.
"""

import random
import uuid

from db.connection import open_database
from db.indicators import compute_indicators
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLES

from .conftest import best_of
from .rows import member_rows


def _insert(db, table, rows):
    cols = (*KEY_COLUMNS, *TABLES[table].field_names, *SYNC_COLUMNS)
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [
            tuple(r.get(c, 0 if c in ("is_deleted", "db_version") else None) for c in cols)
            for r in ({**r, "clocks": "{}"} for r in rows)
        ],
    )


def build_province(path, communes=3321, branches_per=25, members=200_000, key=None):
    rng = random.Random(3)
    db = open_database(path, key=key)
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))  # noqa: E731
    units = [
        {
            "id": uid(),
            "unit_code": "P",
            "code": "P",
            "name": "Tỉnh",
            "level": "province",
            "parent_code": "TW",
        }
    ]
    branches, heads, cadres, models = [], [], [], []
    for c in range(communes):
        code = f"C{c:05d}"
        units.append(
            {
                "id": uid(),
                "unit_code": code,
                "code": code,
                "name": f"Xã {c}",
                "level": "commune",
                "parent_code": "P",
                "has_dedicated_computer": int(rng.random() < 0.93),
                "has_internet": 1,
                "uses_union_software": 1,
            }
        )
        cadres.append(
            {
                "id": uid(),
                "unit_code": code,
                "full_name": "Chủ tịch",
                "position": "chair",
                "birth_date": str(rng.randint(1965, 1995)),
                "education": "university",
                "union_work_since": 2015,
                "software_proficient": 1,
            }
        )
        models.append(
            {
                "id": uid(),
                "unit_code": code,
                "kind": "one_plus_one",
                "name": "1+1",
                "status": "active",
            }
        )
        for _ in range(branches_per):
            b = uid()
            branches.append({"id": b, "unit_code": code, "name": "Chi hội", "uses_social_media": 1})
            heads.append(
                {
                    "id": uid(),
                    "unit_code": code,
                    "branch_id": b,
                    "full_name": "Trưởng",
                    "is_party_member": int(rng.random() < 0.45),
                    "monthly_allowance": 1,
                    "allowance_source": "local_budget",
                    "party_development": "none",
                }
            )
    with db.atomic():
        for table, rows in (
            ("units", units),
            ("branches", branches),
            ("branch_heads", heads),
            ("cadres", cadres),
            ("models", models),
        ):
            _insert(db, table, rows)
        ms = member_rows(members, "C00000")
        for m in ms:
            m.pop("table")
            m["special_groups"] = None
        _insert(db, "members", ms)
    return db


def test_indicators_of_a_province(tmp_path, report):
    db = build_province(tmp_path / "p.db")
    t_scan, _ = best_of(
        3, lambda: db.execute("SELECT count(*), sum(length(full_name)) FROM members").fetchone()
    )
    t_ind, indicators = best_of(3, lambda: compute_indicators(db, "P"))
    by_id = {i.id: i for i in indicators}
    assert by_id["bases_one_plus_one"].denominator == 3321
    assert by_id["branch_heads_party_members"].denominator == 3321 * 25
    report.add(
        f"indicators of 3,321 communes (83,025 heads, 200,000 members): "
        f"{t_ind * 1000:.0f} ms = {t_ind / t_scan:.1f}× one scan of 200,000 members "
        f"({t_scan * 1000:.0f} ms)"
    )
