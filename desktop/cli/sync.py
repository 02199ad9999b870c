"""`sohoi keys|enroll|export|import|verify|units`: identities, packages and reporting status."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from desktop.cli.support import CliError, data_arg, open_session
from desktop.files import atomic_write_bytes

if TYPE_CHECKING:
    from desktop.sync.verdicts import Verdict

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("keys", help="khóa của thiết bị: mã đơn vị, mã thiết bị, mã máy")
    data_arg(p)
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--revoke", metavar="DEVICE", help="thu hồi khóa của một thiết bị cấp dưới")
    p.add_argument(
        "--unrevoke", metavar="DEVICE", help="bỏ thu hồi khóa của một thiết bị (đã thu hồi nhầm)"
    )
    p.set_defaults(run=cmd_keys)

    enroll = sub.add_parser("enroll", help="đăng ký khóa với cấp trên: yêu cầu, duyệt, nhận")
    verbs = enroll.add_subparsers(dest="verb", metavar="VIỆC", required=True)
    p = verbs.add_parser("request", help="viết tệp yêu cầu của thiết bị này")
    data_arg(p)
    p.add_argument("--out", required=True, metavar="FILE", help="tệp yêu cầu")
    p.set_defaults(run=cmd_enroll_request)
    p = verbs.add_parser("approve", help="duyệt yêu cầu của cấp dưới, cấp chứng thư")
    data_arg(p)
    p.add_argument("request", metavar="REQUEST", help="tệp yêu cầu của cấp dưới")
    p.add_argument("--out", required=True, metavar="CERT", help="tệp chứng thư trả về")
    p.add_argument("--fingerprint", metavar="FP", help="mã máy đọc từ phiếu của cấp dưới")
    p.set_defaults(run=cmd_enroll_approve)
    p = verbs.add_parser("accept", help="nhận chứng thư cấp trên gửi về")
    data_arg(p)
    p.add_argument("cert", metavar="CERT", help="tệp chứng thư")
    p.add_argument("--fingerprint", metavar="FP", help="mã máy của cấp trên, đọc qua điện thoại")
    p.set_defaults(run=cmd_enroll_accept)
    p = verbs.add_parser("invite", help="viết thư mời cho các đơn vị cấp dưới (báo cáo lần đầu)")
    data_arg(p)
    p.add_argument("--out", required=True, metavar="FILE", help="tệp thư mời")
    p.set_defaults(run=cmd_enroll_invite)
    p = verbs.add_parser("join", help="nhận thư mời của cấp trên (báo cáo lần đầu)")
    data_arg(p)
    p.add_argument("invitation", metavar="INVITATION", help="tệp thư mời")
    p.add_argument(
        "--fingerprint", metavar="FP", help="mã kiểm tra cấp trên đọc qua điện thoại hoặc ghi giấy"
    )
    p.set_defaults(run=cmd_enroll_join)
    p = verbs.add_parser(
        "approve-trip",
        help="duyệt máy của cấp dưới và nhận luôn báo cáo đầu tiên trên cùng USB",
    )
    data_arg(p)
    p.add_argument("stick", metavar="DIR", help="thư mục USB của cấp dưới")
    p.add_argument("--request", metavar="FILE", help="tệp yêu cầu (khi USB có nhiều hơn một)")
    p.add_argument("--fingerprint", metavar="FP", help="mã máy đọc từ cấp dưới")
    p.set_defaults(run=cmd_enroll_approve_trip)
    p = verbs.add_parser(
        "second-device", help="biến bản sao thư mục của máy khác (cùng đơn vị) thành thiết bị riêng"
    )
    data_arg(p)
    p.add_argument(
        "--yes", action="store_true", help="xác nhận: đây là máy thứ hai, không phải máy gốc"
    )
    p.set_defaults(run=cmd_enroll_second_device)

    p = sub.add_parser("export", help="ghi tệp đồng bộ gửi cấp trên (hoặc --down: cấp dưới)")
    data_arg(p)
    p.add_argument("--out", required=True, metavar="DIR", help="thư mục (thường là USB)")
    p.add_argument("--down", action="store_true", help="gói gửi xuống các đơn vị cấp dưới")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("import", help="nhập tệp đồng bộ và biên nhận")
    data_arg(p)
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục")
    p.add_argument("--receipts", metavar="DIR", help="ghi biên nhận cho cấp dưới vào đây")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("verify", help="ai đã ký một tệp đồng bộ (không nhập)")
    data_arg(p)
    p.add_argument("path", metavar="PATH", help="tệp đồng bộ")
    p.set_defaults(run=cmd_verify)

    p = sub.add_parser("units", help="tình hình báo cáo của các đơn vị cấp dưới")
    data_arg(p)
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument(
        "--indicators",
        action="store_true",
        help="bảng các đơn vị cấp dưới: tình hình báo cáo và mọi chỉ tiêu của từng đơn vị",
    )
    p.add_argument(
        "--period",
        metavar="PERIOD",
        help="tình trạng chốt số liệu của một kỳ báo cáo ở từng đơn vị cấp dưới",
    )
    p.add_argument(
        "--below", metavar="CODE", help="với --indicators hoặc --period: các đơn vị dưới CODE"
    )
    p.set_defaults(run=cmd_units)


def _read(path: str) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise CliError(f"Không tìm thấy tệp {p}.")
    return p.read_bytes()


def cmd_keys(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import ensure_root, identity
    from desktop.sync.identity import certificate
    from desktop.sync.revocation import revoke, unrevoke

    with open_session(args) as session:
        if args.revoke:
            doc = revoke(session, args.revoke)
            print(
                f"Đã thu hồi khóa của thiết bị {args.revoke} (danh sách số {doc['version']}).",
                file=out,
            )
            return EXIT_OK
        if args.unrevoke:
            doc = unrevoke(session, args.unrevoke)
            print(
                f"Đã bỏ thu hồi khóa của thiết bị {args.unrevoke} (danh sách số "
                f"{doc['version']}); gửi gói tiếp theo để các cấp khác biết.",
                file=out,
            )
            return EXIT_OK
        ensure_root(session)
        me = identity(session)
        enrolled = certificate(session.store.db, me.device_id) is not None
        info = {
            "unit_code": session.store.unit_code,
            "device_id": me.device_id,
            "fingerprint": me.fingerprint,
            "enrolled": enrolled,
        }
    if args.json:
        json.dump(info, out, ensure_ascii=False)
        out.write("\n")
    else:
        print(
            f"Đơn vị: {info['unit_code']}\nThiết bị: {info['device_id']}\n"
            f"Mã máy: {info['fingerprint']}\n"
            f"Đã được cấp trên xác nhận: {'có' if enrolled else 'chưa'}",
            file=out,
        )
    return EXIT_OK


def cmd_enroll_request(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import identity, make_request

    with open_session(args) as session:
        session.require("keys")
        data = make_request(session)
        fp = identity(session).fingerprint
    atomic_write_bytes(Path(args.out), data)
    print(f"Đã ghi yêu cầu vào {args.out}.\nMã máy (đọc cho cấp trên đối chiếu): {fp}", file=out)
    return EXIT_OK


def cmd_enroll_approve(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import approve, identity, read_request

    request = _read(args.request)
    body, fp = read_request(request)
    typed = args.fingerprint
    if not typed:
        print(
            f"Yêu cầu của đơn vị {body['unit_code']}, thiết bị {body['device_id']}.\n"
            f"Mã máy trong tệp: {fp}",
            file=out,
        )
        if not sys.stdin or not sys.stdin.isatty():
            raise CliError(
                "Hãy đối chiếu mã máy với phiếu của cấp dưới rồi chạy lại với --fingerprint MÃ."
            )
        typed = input("Nhập mã máy đọc từ phiếu của cấp dưới: ")
    with open_session(args) as session:
        bundle = approve(session, request, typed)
        mine = identity(session).fingerprint
    atomic_write_bytes(Path(args.out), bundle)
    print(
        f"Đã cấp chứng thư cho {body['unit_code']}: {args.out}\n"
        f"Mã máy của cấp này (đọc cho cấp dưới đối chiếu): {mine}",
        file=out,
    )
    return EXIT_OK


def cmd_enroll_accept(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import accept
    from desktop.sync.identity import certificate

    bundle = _read(args.cert)
    with open_session(args) as session:
        cert = accept(session, bundle, issuer_fingerprint=args.fingerprint)
        issuer = certificate(session.store.db, cert.issuer_device)
    print(f"Đã nhận chứng thư do thiết bị {cert.issuer_device} cấp.", file=out)
    if issuer is not None and not args.fingerprint:
        print(
            f"Mã máy của cấp trên ({issuer.unit_code}): {issuer.fingerprint} — "
            "hãy đối chiếu với cấp trên (lệnh sohoi keys ở máy cấp trên).",
            file=out,
        )
    return EXIT_OK


def cmd_enroll_invite(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import identity
    from desktop.sync.first_trip import make_invitation

    with open_session(args) as session:
        data = make_invitation(session)
        fp = identity(session).fingerprint
    atomic_write_bytes(Path(args.out), data)
    print(
        f"Đã ghi thư mời vào {args.out}.\nMã kiểm tra (đọc cho cấp dưới đối chiếu): {fp}", file=out
    )
    return EXIT_OK


def cmd_enroll_join(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import identity
    from desktop.sync.first_trip import import_invitation

    data = _read(args.invitation)
    with open_session(args) as session:
        inv = import_invitation(session, data, fingerprint=args.fingerprint)
        mine = identity(session).fingerprint
    print(f"Đã nhận thư mời của {inv.unit_name}.", file=out)
    if not args.fingerprint:
        print(
            f"Mã kiểm tra của {inv.unit_name}: {inv.fingerprint} — hãy so với mã cấp trên "
            "đọc qua điện thoại hoặc ghi trên giấy.",
            file=out,
        )
    print(
        f"Mã máy này (đọc cho cấp trên khi duyệt): {mine}\n"
        "Tiếp theo: sohoi export --out USB ghi yêu cầu và báo cáo đầu tiên vào USB.",
        file=out,
    )
    return EXIT_OK


def cmd_enroll_approve_trip(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import read_request
    from desktop.sync.first_trip import approve_trip, request_files

    stick = Path(args.stick)
    if not stick.is_dir():
        raise CliError(f"Không tìm thấy thư mục {stick}.")
    if args.request:
        request = Path(args.request)
    else:
        found = request_files(stick)
        if len(found) != 1:
            raise CliError(
                "Thư mục phải có đúng một tệp yêu cầu (.sohoi-request); chọn tệp bằng --request."
            )
        request = found[0]
    body, fp = read_request(_read(str(request)))
    typed = args.fingerprint
    if not typed:
        print(f"Yêu cầu của {body.get('unit_name') or body['unit_code']}. Mã máy: {fp}", file=out)
        raise CliError("Hãy đối chiếu mã máy với cấp dưới rồi chạy lại với --fingerprint MÃ.")
    with open_session(args) as session:
        trip = approve_trip(session, stick, request, typed)
    print(f"Đã duyệt máy của {trip.unit_name or trip.unit_code}: {trip.bundle}", file=out)
    for v in trip.imported.verdicts:
        status = "Đã nhận" if v.ok else "TỪ CHỐI"
        why = f": {v.reason}" if v.reason else ""
        print(f"{status} {v.path.name}: {v.rows} bản ghi{why}", file=out)
    for path in trip.receipts:
        print(f"Đã ghi biên nhận {path}", file=out)
    return EXIT_OK if trip.imported.ok else EXIT_PROBLEMS


def cmd_enroll_second_device(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.enrolment import start_second_device

    if not args.yes:
        raise CliError(
            "Lệnh này chỉ dùng trên máy thứ hai, sau khi chép thư mục dữ liệu từ máy gốc: "
            "máy này sẽ có khóa mới và phải đăng ký lại với cấp trên. Chạy lại với --yes."
        )
    with open_session(args) as session:
        me = start_second_device(session)
    print(
        f"Máy này giờ là thiết bị {me.device_id}, mã máy {me.fingerprint}.\n"
        "Hãy đăng ký khóa với cấp trên (sohoi enroll request).",
        file=out,
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.export import export_down
    from desktop.sync.first_trip import send_up

    with open_session(args) as session:
        result = (export_down if args.down else send_up)(session, Path(args.out))
    for path in result.paths:
        print(f"Đã ghi {path}", file=out)
    if result.first:
        print(
            "Báo cáo lần đầu: mang USB lên cấp trên; cấp trên duyệt máy này và nhận luôn dữ liệu, "
            "rồi ghi giấy xác nhận và biên nhận vào USB (sohoi import USB khi mang về).",
            file=out,
        )
    print(
        f"Xong: {result.rows} bản ghi, {result.relayed} tệp chuyển tiếp. Có thể rút USB.", file=out
    )
    return EXIT_OK


class _ImportProgress:
    """A line per file on standard error: files done of all, rows so far, rows per second."""

    def __init__(self, stream: IO[str]) -> None:
        from desktop.sync.verdicts import Tally

        self.stream = stream
        self.tally = Tally()

    def __call__(self, done: int, total: int, verdict: Verdict) -> None:
        from db.text import format_count

        self.tally.add(verdict)
        print(
            f"[{done}/{total}] {verdict.path.name}: {format_count(verdict.rows)} dòng — tổng "
            f"{format_count(self.tally.rows)} dòng, {format_count(self.tally.rate)} dòng/giây",
            file=self.stream,
            flush=True,
        )


def cmd_import(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.first_trip import install_from
    from desktop.sync.importer import import_paths

    with open_session(args) as session:
        for folder in (Path(p) for p in args.paths if Path(p).is_dir()):
            cert = install_from(session, folder)  # back from a first trip: the certificate
            if cert is not None:
                print(f"Đã nhận giấy xác nhận của cấp trên ({cert.parent_code}).", file=out)
        result = import_paths(
            session,
            [Path(p) for p in args.paths],
            receipts_dir=Path(args.receipts) if args.receipts else None,
            on_file=_ImportProgress(sys.stderr),
        )
    labels = {
        "accepted": "Đã nhận",
        "duplicate": "Trùng (bỏ qua)",
        "receipt": "Biên nhận",
        "rejected": "TỪ CHỐI",
        "pending": "Chờ duyệt",
    }
    for v in result.verdicts:
        who = f" {v.unit}/{v.device}" if v.unit else ""
        seq = f" số {v.seq}" if v.seq is not None else ""
        why = f": {v.reason}" if v.reason else ""
        print(f"{labels[v.status]} {v.path.name}{who}{seq}{why}", file=out)
    for path in result.receipts:
        print(f"Đã ghi biên nhận {path}", file=out)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def cmd_verify(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.container import PackageRejected
    from desktop.sync.importer import verify_file

    with open_session(args) as session:
        try:
            pkg = verify_file(session, Path(args.path))
        except PackageRejected as exc:
            # A file that fails the check is the answer asked for, not a crash: say why, exit 1.
            print(f"KHÔNG tin cậy được tệp {Path(args.path).name}: {exc}", file=out)
            return EXIT_PROBLEMS
    m = pkg.manifest
    counts = ", ".join(f"{k}: {v}" for k, v in sorted((m.get("counts") or {}).items()))
    print(
        f"Chữ ký hợp lệ. Loại: {pkg.kind}. Đơn vị: {pkg.signer.unit_code}. Thiết bị: "
        f"{pkg.signer.device_id}. Số thứ tự: {m.get('seq')}. Lập lúc: {m.get('created_at')}."
        f"{' Số bản ghi: ' + counts + '.' if counts else ''}",
        file=out,
    )
    return EXIT_OK


def cmd_units(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.status import reporting_status

    if args.period:
        from desktop.cli.period import units_of_period

        return units_of_period(args, out)
    if args.indicators:
        return _units_table(args, out)
    with open_session(args) as session:
        rows = reporting_status(session.store.db)
    if args.json:
        json.dump([r.__dict__ for r in rows], out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    for r in rows:
        when = (
            f"{r.last_received[:10]} ({r.days_since} ngày trước)"
            if r.last_received
            else "chưa báo cáo"
        )
        gaps = f", thiếu gói {', '.join(map(str, r.gaps))}" if r.gaps else ""
        if r.gaps and r.complete_through >= r.last_seq:
            gaps += " (dữ liệu đã đủ nhờ gói sau)"
        alarm = f", {r.alarms} cảnh báo" if r.alarms else ""
        held = f", {r.quarantined} bản ghi bị cách ly" if r.quarantined else ""
        print(
            f"{r.unit_code}\t{r.device_id}\tgói số {r.last_seq}\t{when}{gaps}{alarm}{held}",
            file=out,
        )
        for item in r.quarantine_reasons:
            print(f"\t– {item['reason']} ({item['rows']} bản ghi)", file=out)
    return EXIT_OK


def _units_table(args: argparse.Namespace, out: IO[str]) -> int:
    from db.indicators import format_value
    from desktop.units.table import units_table

    with open_session(args) as session:
        root = args.below or session.store.unit_code or ""
        rows = units_table(session.store.db, root)
    if args.json:
        json.dump([r.as_dict() for r in rows], out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    for r in rows:
        if r.reported:
            when = f"báo cáo {r.last_received[:10]} ({r.days_since} ngày trước)"
        else:
            when = "chưa báo cáo"
        missed = r.not_met()
        met = f", {len(missed)} chỉ tiêu chưa đạt" if missed else ""
        alarm = f", {r.alarms} cảnh báo" if r.alarms else ""
        print(f"{r.code}\t{r.name}\t{when}{met}{alarm}", file=out)
        for i in missed:
            print(f"\t\t{i.label}: {format_value(i)} (mục tiêu {i.target})", file=out)
    reported = sum(r.reported for r in rows)
    print(f"{reported}/{len(rows)} đơn vị đã báo cáo.", file=out)
    return EXIT_OK
