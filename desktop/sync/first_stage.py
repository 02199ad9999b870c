"""The merge's first stage in a process of its own, for imports of many rows.

Parsing a body's NDJSON lines, checking each row's format and owner, cleaning its fields by the
write path's rules and checking the record whole is Python work that needs no database
(db.merge.FirstStep), about half of an import's time. Threads cannot share it out (one Python
runs at a time, and SQLite gives the interpreter back only for a few microseconds a row), so
for a large import it runs in a child process on the other core while the importer's process
writes the chunk before. The child gets a chunk's lines through a pipe (in memory: personal
data never touches the disk) and sends back, per row, the record to insert with the problems
found in it, or the reason to set it aside. Whatever is rarer (a row the database already
holds, a row set aside) the importer parses again from its line. The child's answers are those
of `db.merge.prepare`, chunk for chunk: the same functions, the same chunks of db.merge.CHUNK
rows.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from types import TracebackType
from typing import Any

from db.merge import CHUNK, Checked, Chunk, FirstStage, FirstStep
from db.merge_rules import FieldRules, RowRules

IN_FLIGHT = 2  # chunks sent ahead of the one being written
_tokens = itertools.count(1)

# -- the importer's side ------------------------------------------------------------------------


class FirstStagePool:
    """`with FirstStagePool() as pool:` a child process for the imports of one run."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> FirstStagePool:
        # Spawned, never forked: the window's process has Qt's threads.
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def stage(self, lines: Iterable[bytes], today: date) -> FirstStage:
        """The first stage of a merge over a body's `lines` (db.merge.merge_rows' first_stage)."""
        pool = self._pool
        assert pool is not None

        def run(allowed_units: set[str] | None, now_ms: int, version: int) -> Iterator[Chunk]:
            token = next(_tokens)
            flying: deque[tuple[Future[list[tuple]], list[bytes]]] = deque()
            for batch in _chunks(lines):
                work = pool.submit(_work, token, batch, allowed_units, now_ms, version, today)
                flying.append((work, batch))
                if len(flying) > IN_FLIGHT:
                    yield _chunk(*flying.popleft())
            while flying:
                yield _chunk(*flying.popleft())

        return run


def _chunks(lines: Iterable[bytes]) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    yield batch


def _chunk(work: Future[list[tuple]], lines: list[bytes]) -> Chunk:
    chunk = Chunk()
    for line, answer in zip(lines, work.result(), strict=True):
        if len(answer) == 1:
            chunk.set_aside.append((json.loads(line), answer[0]))
            continue
        table, problems, record, top = answer
        if top > chunk.max_hlc:
            chunk.max_hlc = top
        chunk.by_table.setdefault(table, []).append(Checked(None, problems, record, line))
    return chunk


# -- the child's side ---------------------------------------------------------------------------

_state: dict[str, Any] = {}


def _work(
    token: int,
    lines: list[bytes],
    allowed_units: set[str] | None,
    now_ms: int,
    version: int,
    today: date,
) -> list[tuple]:
    """In the child: the first stage over one chunk's lines of merge `token`."""
    if _state.get("token") != token:
        fields = _state.get("fields")
        if fields is None or fields.today != today:
            fields = _state["fields"] = FieldRules(today)
        _state["token"] = token
        _state["step"] = FirstStep(allowed_units, RowRules(today, fields), now_ms, version)
    step: FirstStep = _state["step"]
    answers: list[tuple] = []
    for row in parse_lines(lines):
        taken = step.take(row)
        answers.append((taken,) if isinstance(taken, str) else taken)
    return answers


def parse_lines(lines: list[bytes]) -> list[dict]:
    """NDJSON lines parsed in one call (a third of the cost of a call per line: the parser shares
    the field names it meets within a call); ValueError unless each line is exactly one value,
    so lines cannot run into each other."""
    if not lines:
        return []
    values: list[dict] = json.loads(b"[" + b",".join(lines) + b"]")
    if len(values) != len(lines):
        raise ValueError("a body line holds more or less than one value")
    return values
