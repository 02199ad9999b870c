"""Reading packages from a USB stick: verify, decrypt, merge, record, acknowledge.

Each file is handled on its own, in its own transaction: a rejected file changes nothing and gets
a one-line Vietnamese reason. The ledger remembers `(unit, device, seq) → manifest hash`: the same
seq with the same hash is a harmless duplicate; the same seq with another hash is an alarm (two
different files claim the same place in the chain). Packages of units below that are addressed
to the levels above too are kept for relay.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from db.connection import STORAGE_ERRORS, page_cache
from db.merge import FirstStage, MergeRejected, field_rules, merge_rows
from db.period_sync import merge_snapshots
from db.schema import UPPER_LEVELS
from db.store import StorageError, Store, storage_message, unit_row_id
from db.upper_checks import keep_duplicates
from desktop.security import audit
from desktop.security.session import Session
from desktop.sync import container
from desktop.sync.calendar import take_document
from desktop.sync.container import Package, PackageRejected
from desktop.sync.enrolment import identity
from desktop.sync.export import FIRST_SUFFIX
from desktop.sync.first_stage import FirstStagePool, parse_lines
from desktop.sync.identity import (
    Certificate,
    TrustError,
    certificates,
    is_device_id,
    is_unit_code,
    own_chain,
    revocation_lists,
    same_certificate,
    same_chain,
    store_certificate,
    trusted_root,
)
from desktop.sync.receipts import RECEIPT_FORMAT, write_receipts
from desktop.sync.stick import own_prefix, package_files
from desktop.sync.verdicts import ImportResult, Verdict

MAX_FILE_BYTES = 2 * 1024**3
INTEGRITY_ERRORS = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)

log = logging.getLogger(__name__)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _field(manifest: dict, name: str, kind: type) -> Any:
    value = manifest.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise PackageRejected(f"bản kê thiếu hoặc sai trường {name}")
    return value


PARSE_LINES = 512  # body lines parsed in one call
PARSE_BYTES = 1024 * 1024  # … or fewer, when they are long
# An import of more bytes of packages than this runs the merge's first stage in a process of its
# own (desktop/sync/first_stage.py): a commune's file is ~0.8 MB, starting the process ~0.3 s.
FIRST_STAGE_BYTES = 8 * 1024 * 1024


class _Importer:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.db = session.store.db
        self.me = identity(session)
        # What the row rules learn (repeated dates, villages …), kept from file to file.
        self.field_rules = field_rules(session.store)
        self.pool: FirstStagePool | None = None  # set for a large import
        self.child_lost = False
        root = trusted_root(self.db)
        if root is None:
            raise TrustError("thiết bị này chưa có gốc tin cậy (chưa đăng ký khóa)")
        self.root: Certificate = root
        self.my_chain = own_chain(self.db, self.me.device_id)
        # The devices this one vouched for, as it issued them: a package from below comes
        # through one of them (the trust a file brings is checked against what we issued).
        self.children = {c.device_id: c for c in certificates(self.db, "child")}
        self.rejected: dict[tuple[str, str], list[dict]] = {}
        self.alarms: list[tuple] = []

    def one(self, path: Path) -> Verdict:
        verdict = Verdict(path, "rejected")
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise PackageRejected("tệp quá lớn")
            raw = path.read_bytes()
            first = None
            if path.suffix == FIRST_SUFFIX:
                # Sent before its device was approved: read only against the certificate this
                # installation issued it since (container.read's first_signer), never before.
                claimed = container.claimed_signer(raw)
                first = self.children.get(claimed.device_id)
                if first is None:
                    verdict.unit, verdict.device = claimed.unit_code, claimed.device_id
                    verdict.status = "pending"
                    verdict.reason = (
                        "máy gửi chưa được duyệt: duyệt yêu cầu xác nhận máy trên cùng USB "
                        "(trang Đồng bộ, «Duyệt yêu cầu của cấp dưới…»), báo cáo được nhận "
                        "ngay khi duyệt"
                    )
                    return verdict
            pkg = container.read(
                raw, root=self.root, revocations=revocation_lists(self.db), first_signer=first
            )
            verdict.unit, verdict.device = pkg.signer.unit_code, pkg.signer.device_id
            with self.db.atomic():
                if pkg.kind == "receipt":
                    self._receipt(pkg, verdict)
                elif pkg.kind == "up":
                    self._up(pkg, verdict)
                else:
                    self._down(pkg, verdict)
        except BrokenExecutor:
            # The first stage's process died (killed, out of memory): the file's transaction
            # was rolled back; it and the files after it are taken in this process.
            self.pool = None
            self.child_lost = True
            log.warning("the first stage's child process died; importing on in this process")
            return self.one(path)
        except STORAGE_ERRORS as exc:
            # The disk refused (full, read-only, pulled out): the file's transaction was rolled
            # back; stop here with the reason rather than refuse every file after it.
            raise StorageError(storage_message(exc)) from exc
        except OSError as exc:
            verdict.reason = f"không đọc được tệp: {exc.strerror or exc}"
        except (PackageRejected, MergeRejected, TrustError) as exc:
            verdict.reason = str(exc)
        except (ValueError, KeyError, TypeError, RecursionError, OverflowError, *INTEGRITY_ERRORS):
            # A signed but malformed package (deep JSON, numbers beyond 64 bits, one id twice)
            # is one rejected file, not an import that stops at it.
            verdict.reason = "nội dung gói sai định dạng"
        if verdict.status == "rejected" and verdict.unit and verdict.device:
            self.rejected.setdefault((verdict.unit, verdict.device), []).append(
                {"seq": verdict.seq, "file": path.name, "reason": verdict.reason}
            )
        return verdict

    # -- kinds ------------------------------------------------------------------------------

    def _first_stage(self, lines: Iterator[bytes]) -> FirstStage | None:
        """The merge's first stage in the child process, for a large import."""
        if self.pool is None:
            return None
        return self.pool.stage(lines, self.field_rules.today)

    def _snapshots(self, pkg: Package, lines: Iterator[bytes]) -> None:
        """The closed snapshots a package carries as its first lines (db/period_sync.py)."""
        pkg.declared_rows()  # the counts checked: whole numbers, ≥ 0
        n = pkg.manifest["counts"].get("period_snapshots", 0)
        if not n:
            return
        # range first: zip stops on it without taking a line more from the body.
        taken = [json.loads(line) for _, line in zip(range(n), lines, strict=False)]
        if len(taken) != n:
            raise PackageRejected("nội dung có ít dòng hơn số bản ghi trong bản kê")
        outcome = merge_snapshots(
            self.db,
            taken,
            signer_unit=pkg.signer.unit_code,
            today=self.session.store.today(),
            received_at=_now_iso(),
        )
        for detail in outcome.other_pc:
            seq = pkg.manifest["seq"]
            self._alarm(pkg.signer.unit_code, pkg.signer.device_id, seq, "period_conflict", detail)

    def _rows(self, lines: Iterator[bytes]) -> Iterator[dict]:
        """The body's rows, parsed as the merge asks for them (a body of a million rows would
        take gigabytes as a list of dicts), no more than the manifest declares.

        Lines are parsed a few hundred at a time as one JSON array: a third of the cost of a
        call per line (the parser shares the field names it meets within a call). The array
        must hold exactly one value per line, so lines cannot run into each other.
        """
        batch: list[bytes] = []
        size = 0
        for line in lines:
            batch.append(line)
            size += len(line)
            if len(batch) >= PARSE_LINES or size >= PARSE_BYTES:
                yield from parse_lines(batch)
                batch, size = [], 0
        yield from parse_lines(batch)

    def _check_from_below(self, pkg: Package) -> None:
        """An up package comes through our own chain: this device in it with the very chain we
        hold, the link below us a certificate we issued, every link below that checked by
        `verify_chain` (levels, parents, catalogue). So a device can speak only for the unit its
        certificate names, and only the parent's device can have named it."""
        ids = [c.device_id for c in pkg.chain]
        if self.me.device_id not in ids[1:]:
            raise PackageRejected("gói không phải của đơn vị cấp dưới của đơn vị này")
        at = ids.index(self.me.device_id)
        if not same_chain(pkg.chain[at:], self.my_chain):
            raise PackageRejected("chuỗi chứng thư của gói không khớp với của đơn vị này")
        issued = self.children.get(ids[at - 1])
        if issued is None or not same_certificate(issued, pkg.chain[at - 1]):
            raise PackageRejected(
                "thiết bị gửi không được đơn vị này xác nhận (chứng thư không do đơn vị này cấp)"
            )

    def _check_from_above(self, pkg: Package, what: str) -> None:
        """A down package or a receipt is signed by one of our ancestors, with our own chain."""
        ids = [c.device_id for c in self.my_chain]
        signer = pkg.signer.device_id
        if signer not in ids[1:] or not same_chain(pkg.chain, self.my_chain[ids.index(signer) :]):
            raise PackageRejected(f"{what} không phải của đơn vị cấp trên của đơn vị này")

    def _up(self, pkg: Package, verdict: Verdict) -> None:
        m = pkg.manifest
        seq = _field(m, "seq", int)
        verdict.seq = seq
        _field(m, "package_id", str)
        if seq < 1:
            raise PackageRejected("số thứ tự gói không hợp lệ")
        self._check_from_below(pkg)
        unit, device = pkg.signer.unit_code, pkg.signer.device_id
        known = self.db.execute(
            "SELECT manifest_hash FROM ledger WHERE unit_code = ? AND device_id = ? AND seq = ?",
            [unit, device, seq],
        ).fetchone()
        if known and known[0] == pkg.manifest_hash:
            verdict.status, verdict.reason = "duplicate", "đã nhận gói này trước đây"
            return
        if known:
            self._alarm(
                unit, device, seq, "same_seq_other_hash", "hai tệp khác nhau cùng số thứ tự"
            )
            raise PackageRejected(
                f"CẢNH BÁO: đã có một gói khác cùng số thứ tự {seq} của "
                "thiết bị này (tệp có thể bị giả mạo hoặc sao chép sai)"
            )
        base = m.get("base_seq")
        if base is not None and (not isinstance(base, int) or isinstance(base, bool)):
            raise PackageRejected("bản kê thiếu hoặc sai trường base_seq")
        prev = self.db.execute(
            "SELECT manifest_hash FROM ledger WHERE unit_code = ? AND device_id = ? AND seq = ?",
            [unit, device, seq - 1],
        ).fetchone()
        after = self.db.execute(
            "SELECT prev FROM ledger WHERE unit_code = ? AND device_id = ? AND seq = ?",
            [unit, device, seq + 1],
        ).fetchone()
        # Checked both ways: packages may arrive out of order (seq 3 before seq 2).
        if (prev and m.get("prev") != prev[0]) or (after and after[0] != pkg.manifest_hash):
            self._alarm(unit, device, seq, "broken_chain", "gói không nối tiếp gói trước")
        lines = pkg.lines_for(self.me)
        self._snapshots(pkg, lines)
        result = merge_rows(
            self.session.store,
            self._rows(lines),
            allowed_units={unit},
            now_ms=time.time_ns() // 1_000_000,
            quarantine_package=m["package_id"],
            fields=self.field_rules,
            first_stage=self._first_stage(lines),
        )
        verdict.rows = result.rows
        for cert in pkg.chain:
            if cert.device_id != self.me.device_id:
                self._remember(cert)
        self.db.execute(
            "INSERT INTO ledger (unit_code, device_id, seq, manifest_hash, package_id, prev, kind,"
            " rows, received_at, base_seq) VALUES (?, ?, ?, ?, ?, ?, 'up', ?, ?, ?)",
            [
                unit,
                device,
                seq,
                pkg.manifest_hash,
                m["package_id"],
                m.get("prev"),
                result.rows,
                _now_iso(),
                base,
            ],
        )
        if len(self.my_chain) > 1 and len(pkg.manifest["bodies"]) > 1:
            self.db.execute(
                "INSERT OR IGNORE INTO relay (package_id, unit_code, device_id, seq, content, "
                "received_at) VALUES (?, ?, ?, ?, ?, ?)",
                [m["package_id"], unit, device, seq, pkg.raw, _now_iso()],
            )
        self._revocations(pkg)
        audit.append(
            self.db,
            self.session.account.username,
            "import",
            tbl=None,
            detail=f"{unit}/{device} seq {seq}: {result.rows} rows",
        )
        verdict.status = "accepted"

    def _down(self, pkg: Package, verdict: Verdict) -> None:
        self._check_from_above(pkg, "gói gửi xuống")
        owners = {c.unit_code for c in pkg.chain}
        take_document(self.db, pkg.manifest.get("periods"), self.root, _now_iso())
        lines = pkg.lines_for(self.me)
        result = merge_rows(
            self.session.store,
            self._rows(lines),
            allowed_units=owners,
            now_ms=time.time_ns() // 1_000_000,
            quarantine_package=str(pkg.manifest.get("package_id")),
            fields=self.field_rules,
            first_stage=self._first_stage(lines),
        )
        verdict.rows = result.rows
        self._revocations(pkg)
        audit.append(
            self.db,
            self.session.account.username,
            "import_down",
            detail=f"{pkg.signer.unit_code}: {result.rows} rows",
        )
        verdict.status = "accepted"

    def _receipt(self, pkg: Package, verdict: Verdict) -> None:
        m = pkg.manifest
        if m.get("format") != RECEIPT_FORMAT:
            raise PackageRejected("biên nhận sai định dạng")
        self._check_from_above(pkg, "biên nhận")
        highest = _field(m, "highest_contiguous", int)
        device, unit = _field(m, "for_device", str), _field(m, "for_unit", str)
        if not (is_device_id(device) and is_unit_code(unit)):
            raise PackageRejected("biên nhận có mã thiết bị hoặc mã đơn vị không hợp lệ")
        if device == self.me.device_id:
            # Only ever more: an old or replayed receipt cannot un-acknowledge anything.
            self.db.execute("UPDATE outbox SET acked = 1 WHERE seq <= ? AND acked = 0", [highest])
        else:
            self.db.execute(
                "UPDATE relay SET acked = 1 WHERE unit_code = ? AND device_id = ? AND seq <= ?",
                [unit, device, highest],
            )
        verdict.status, verdict.seq = "receipt", highest
        verdict.reason = f"cấp trên đã nhận tới gói số {highest}"

    # -- helpers ------------------------------------------------------------------------------

    def _alarm(self, unit: str, device: str, seq: int | None, kind: str, detail: str) -> None:
        # Kept aside and written after the file's transaction: it must survive a rejection.
        self.alarms.append((_now_iso(), unit, device, seq, kind, detail))

    def _remember(self, cert: Certificate) -> None:
        row = self.db.execute(
            "SELECT role FROM certificates WHERE device_id = ?", [cert.device_id]
        ).fetchone()
        if row is None:
            store_certificate(self.db, cert, "known")

    def _revocations(self, pkg: Package) -> None:
        from desktop.sync.revocation import apply_documents

        docs = pkg.manifest.get("revocations") or []
        outcome = apply_documents(self.db, docs if isinstance(docs, list) else [], pkg.chain)
        seq = pkg.manifest.get("seq")
        for issuer, reason in outcome.refused:
            self._alarm(
                pkg.signer.unit_code,
                pkg.signer.device_id,
                seq if isinstance(seq, int) and not isinstance(seq, bool) else None,
                "forged_revocation",
                f"danh sách thu hồi của thiết bị {issuer} bị từ chối: {reason}",
            )


# An upper level's import writes every row into ~7 B-trees (the table and its indexes) at
# places spread all over them: once they outgrow SQLite's default 2 MiB page cache, each insert
# reads (and decrypts) pages again, and the rate falls as the database grows (measured: a
# province's 235,000 rows at 5,400 rows/s with the default, 9,400 with 128 MiB). Set for the
# import only; the database is as big as it is, the memory is bounded by this. 96 MiB keeps the
# import and its first stage's process under 300 MB together (the province preset: 220 + 63 MB;
# with 128 MiB, 254 + 63 MB, and no faster beyond the noise).
IMPORT_CACHE_KIB = 96 * 1024


# Files are committed together, each in a savepoint of its own: a refused file still changes
# nothing, and the commit — which writes every page the rows touched, spread over the indexes —
# is paid once for many files (measured: ~0.24 s a commit for a 5,900-row file in a province of
# 200,000 members, most of a file's time). A crash loses at most the batch, never part of a
# file; the files are simply read again the next time (the ledger knows none of them).
BATCH_ROWS = 150_000
BATCH_FILES = 64


def _import_files(
    importer: _Importer,
    files: list[Path],
    result: ImportResult,
    progress: Callable[[int, int, str], None] | None,
    cancelled: Callable[[], bool] | None,
    on_file: Callable[[int, int, Verdict], None] | None,
) -> None:
    done = 0
    while done < len(files) and not result.cancelled:
        rows = batch = 0
        with importer.db.atomic():
            while done < len(files) and rows < BATCH_ROWS and batch < BATCH_FILES:
                if cancelled is not None and cancelled():
                    result.cancelled = True
                    break
                verdict = importer.one(files[done])
                result.verdicts.append(verdict)
                rows, batch, done = rows + verdict.rows, batch + 1, done + 1
                if progress is not None:
                    progress(done, len(files), files[done - 1].name)
                if on_file is not None:
                    on_file(done, len(files), verdict)


def import_paths(
    session: Session,
    paths: list[Path],
    *,
    receipts_dir: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_file: Callable[[int, int, Verdict], None] | None = None,
    child_process: bool | None = None,
) -> ImportResult:
    """Import every package of `paths`; write receipts for the devices below to `receipts_dir`.

    Each package is its own transaction: `progress(done, total, file name)` and
    `on_file(done, total, verdict)` are told after each, and `cancelled()` is asked between
    packages; a cancel keeps the packages already imported (and writes their receipts),
    leaving the others for the next time. The merges' first stage runs in a child process
    (desktop/sync/first_stage.py) when `child_process`, or by default when the files hold
    FIRST_STAGE_BYTES or more; the outcome is the same either way. At a province or the centre,
    once rows came in, the duplicate citizen ID check across the units below is run and kept
    (db.upper_checks.keep_duplicates), so the overview opened next shows it at once.
    """
    session.require("sync")
    importer = _Importer(session)
    result = ImportResult()
    files = package_files(paths, skip=own_prefix(session))
    with page_cache(importer.db, IMPORT_CACHE_KIB), ExitStack() as stack:
        if child_process is None:
            child_process = sum(_size(f) for f in files) >= FIRST_STAGE_BYTES
        if child_process:
            importer.pool = stack.enter_context(FirstStagePool())
        _import_files(importer, files, result, progress, cancelled, on_file)
    result.child_lost = importer.child_lost
    if importer.alarms:
        with importer.db.atomic():
            importer.db.conn.executemany(
                "INSERT INTO alarms (at, unit_code, device_id, seq, kind, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                importer.alarms,
            )
    if receipts_dir is not None:
        result.receipts = write_receipts(session, receipts_dir, importer.rejected)
    if any(v.rows for v in result.verdicts) and _is_upper(session.store):
        # The checks across units' costly one, while the person waits on the import anyway:
        # the overview opened next shows it at once (db/upper_checks.py).
        keep_duplicates(importer.db, session.store.db_version)
    return result


def _is_upper(store: Store) -> bool:
    code = store.unit_code
    record = store.get("units", unit_row_id(code)) if code else None
    return record is not None and record.get("level") in UPPER_LEVELS


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the file's own import says what is wrong with it


def verify_file(session: Session, path: Path) -> Package:
    """Check a file's chain and signature without importing it (`sohoi verify`)."""
    db = session.store.db
    root = trusted_root(db)
    if root is None:
        raise TrustError("thiết bị này chưa có gốc tin cậy (chưa đăng ký khóa)")
    return container.read(Path(path).read_bytes(), root=root, revocations=revocation_lists(db))
