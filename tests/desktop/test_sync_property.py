"""Random edits on several replicas, packages delivered in any order, twice, or through the
province: the province and the central level end identical, and equal to the per-field
last-writer-wins merge of the replicas computed here independently.

Replicas: commune 06001 on two PCs (the second with a clock an hour slow) and commune 06002.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.clock import HybridClock, wall_ms
from db.merge import row_clock
from db.schema import TABLES
from db.store import Change
from desktop.sync.export import export_up
from desktop.sync.importer import import_paths
from desktop.sync.receipts import write_receipts

from .sync_helpers import (  # noqa: F401  (fixtures)
    World,
    add_members,
    second_device,
    template,
)

REPLICAS = ("06001", "06001-pc2", "06002")
UNITS = {"06001", "06002"}
NAMES = ("Lê Thị Hoa", "Trần Thị Lan", "Phạm Thị Mai", "Võ Thị Cúc")

edit = st.tuples(
    st.just("edit"),
    st.sampled_from(REPLICAS),
    st.integers(0, 20),
    st.sampled_from(("phone", "note", "full_name", "delete")),
    st.integers(0, 99),
)
step = st.one_of(
    edit,
    edit,
    st.tuples(st.just("add"), st.sampled_from(REPLICAS), st.integers(0, 99)),
    st.tuples(st.just("export"), st.sampled_from(REPLICAS)),
    st.tuples(st.just("deliver_to_province"), st.integers(0, 1000)),
    st.tuples(st.just("province_up")),
    st.tuples(st.just("deliver_to_central"), st.integers(0, 1000)),
    st.tuples(st.just("receipts")),
)


@pytest.fixture(scope="module")
def start(template, tmp_path_factory):  # noqa: F811
    """The world with data, and 06001's second PC (a copy made a device of its own)."""
    base = tmp_path_factory.mktemp("property")
    w = template.copy(base / "start")
    add_members(w["06001"], 4)
    add_members(w["06002"], 3)
    second_device(w, "06001", "06001-pc2")
    w.close()
    return w, base


def canonical(session, units: set[str]) -> dict:
    """(table, id) → {field: (value, (hlc, site))}: the replicated state, however it is packed."""
    out = {}
    db = session.store.db
    marks = ",".join("?" * len(units))
    for table, spec in TABLES.items():
        names = (*spec.field_names, "is_deleted")
        cur = db.execute(
            f"SELECT id, unit_code, {', '.join(names)}, clocks FROM [{table}] "
            f"WHERE unit_code IN ({marks})",
            sorted(units),
        )
        for row in cur:
            clocks = json.loads(row[-1])
            out[(table, row[0])] = {
                "unit_code": row[1],
                **{n: (row[2 + i], row_clock(clocks, n)) for i, n in enumerate(names)},
            }
    return out


def expected(replicas: list[dict]) -> dict:
    """Per-field LWW over the replicas' states, tombstones blanking personal fields."""
    merged: dict = {}
    for state in replicas:
        for key, row in state.items():
            mine = merged.setdefault(key, dict(row))
            for name, cell in row.items():
                if name != "unit_code" and cell[1] > mine[name][1]:
                    mine[name] = cell
    for (table, _), row in merged.items():
        if row["is_deleted"][0]:
            for name in TABLES[table].personal_fields:
                row[name] = (None, row[name][1])
    return merged


class Run:
    """One example: the installations, the sticks in circulation, and the steps."""

    def __init__(self, world: World, base: Path):
        self.w = world
        self.base = base
        self.n = 0
        self.to_province: list[Path] = []
        self.to_central: list[Path] = []
        pc2 = world["06001-pc2"].store
        pc2.clock = HybridClock(pc2.clock.last, now_ms=lambda: wall_ms() - 3_600_000)

    def folder(self) -> Path:
        self.n += 1
        return self.base / f"stick{self.n}"

    def do(self, op: tuple) -> None:
        getattr(self, op[0])(*op[1:])

    def edit(self, code: str, index: int, what: str, value: int) -> None:
        store = self.w[code].store
        ids = [r[0] for r in store.db.execute("SELECT id FROM members WHERE is_deleted = 0")]
        if not ids:
            return
        member = sorted(ids)[index % len(ids)]
        if what == "delete":
            store.delete("members", member)
            return
        new = {"phone": f"09{value:08d}", "note": f"Ghi chú {value}"}.get(what)
        store.save("members", {what: new or NAMES[value % len(NAMES)]}, id=member)

    def add(self, code: str, value: int) -> None:
        store = self.w[code].store
        (branch,) = store.db.execute("SELECT id FROM branches LIMIT 1").fetchone()
        store.write([Change("members", {"branch_id": branch, "full_name": NAMES[value % 4]})])

    def export(self, code: str) -> None:
        self.to_province += export_up(self.w[code], self.folder()).paths

    def deliver_to_province(self, index: int) -> None:
        if self.to_province:
            path = self.to_province[index % len(self.to_province)]
            assert import_paths(self.w["20"], [path]).ok

    def province_up(self) -> None:
        self.to_central += export_up(self.w["20"], self.folder()).paths

    def deliver_to_central(self, index: int) -> None:
        if self.to_central:
            path = self.to_central[index % len(self.to_central)]
            assert import_paths(self.w["TW"], [path]).ok

    def receipts(self) -> None:
        down = write_receipts(self.w["20"], self.folder())
        for code in REPLICAS:
            assert import_paths(self.w[code], down).ok
        up = write_receipts(self.w["TW"], self.folder())
        assert import_paths(self.w["20"], up).ok

    def finish(self, rng: random.Random) -> None:
        """Every replica sends once more; everything arrives, shuffled and partly twice."""
        for code in REPLICAS:
            self.export(code)
        for path in shuffled_twice(self.to_province, rng):
            assert import_paths(self.w["20"], [path]).ok
        self.province_up()
        for path in shuffled_twice(self.to_central, rng):
            assert import_paths(self.w["TW"], [path]).ok


def shuffled_twice(paths: list[Path], rng: random.Random) -> list[Path]:
    out = list(paths) + rng.sample(paths, len(paths) // 2)
    rng.shuffle(out)
    return out


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, max_size=20), seed=st.integers(0, 2**32 - 1))
def test_replicas_converge_whatever_the_delivery(start, tmp_path_factory, steps, seed):
    template_world, _ = start
    base = tmp_path_factory.mktemp("example")
    w = template_world.copy(base / "world")
    try:
        run = Run(w, base)
        for op in steps:
            run.do(op)
        run.finish(random.Random(seed))
        province = canonical(w["20"], UNITS)
        assert canonical(w["TW"], UNITS) == province
        commune = {**canonical(w["06002"], {"06002"})}
        commune.update(
            expected([canonical(w["06001"], {"06001"}), canonical(w["06001-pc2"], {"06001"})])
        )
        assert province == commune
    finally:
        w.close()
