"""Lists in and out of Excel: the import wizard and the export dialogs (ui/dialogs/sheet_*.py).

The fates of rows ("thêm mới", "bị từ chối" …) and the reasons a row is refused come from the
service (`desktop.spreadsheets.report.FATE_LABELS`, `db.validation`), in the same words as
`sohoi sheet`; only the window's own words are here. Names start with SHEET_ (or `sheet_`):
every strings module is read through one namespace.
"""

from __future__ import annotations

# -- the buttons of the list pages and the overview -------------------------------------------

SHEET_IMPORT_ACTION = "Nhập từ Excel…"
SHEET_IMPORT_TIP = "Nhập danh sách từ tệp Excel hoặc CSV: đọc thử trước, xem từng dòng, rồi mới lưu"
SHEET_EXPORT_ACTION = "Xuất Excel…"
SHEET_EXPORT_TIP = "Lưu danh sách này ra tệp Excel (.xlsx)"
SHEET_EXPORT_INDICATORS_ACTION = "Xuất chỉ tiêu ra Excel…"
SHEET_EXPORT_INDICATORS_TIP = "Lưu bảng các chỉ tiêu (tử số, mẫu số, giá trị, mục tiêu) ra Excel"

# -- the import wizard: choosing the file ----------------------------------------------------


def sheet_import_title(noun: str) -> str:
    """The wizard's window title: "Nhập danh sách hội viên từ Excel"."""
    return f"Nhập danh sách {noun} từ Excel"


SHEET_STEP_CHOOSE = "Bước 1. Chọn tệp"
SHEET_STEP_REVIEW = "Bước 2. Xem trước từng dòng"
SHEET_STEP_DONE = "Đã nhập xong"


def sheet_choose_intro(noun: str) -> str:
    """What the first step is for."""
    return (
        f"Chọn tệp Excel (.xlsx) hoặc CSV có danh sách {noun}. Chương trình đọc thử và cho xem "
        "từng dòng sẽ được nhập thế nào; chưa lưu gì cho đến khi bạn bấm «Nhập»."
    )


SHEET_FILE_LABEL = "Tệp"
SHEET_FILE_PLACEHOLDER = "Bấm «Chọn tệp…», hoặc dán đường dẫn của tệp vào đây"
SHEET_FILE_FILTER = "Bảng tính Excel hoặc CSV (*.xlsx *.xlsm *.xls *.csv *.txt);;Mọi tệp (*)"
SHEET_NO_FILE = "Hãy chọn tệp cần nhập."
SHEET_DEFAULT_BRANCH = "Chi hội của các dòng không ghi chi hội"
SHEET_BRANCH_FROM_FILE = "— Theo tệp (cột «Chi hội», hoặc tên chi hội ở dòng tiêu đề) —"
SHEET_CREATE_BRANCHES = "Tạo các chi hội mà tệp có ghi nhưng đơn vị chưa có"
SHEET_TEMPLATE = "Lưu tệp mẫu để điền…"
SHEET_TEMPLATE_TIP = (
    "Tệp Excel trống có sẵn các cột, ghi chú cách điền từng cột và danh sách để chọn"
)
SHEET_READ = "Đọc thử"
SHEET_READING = "Đang đọc thử tệp…"
SHEET_CLOSE = "Đóng"


def sheet_template_saved(path: str) -> str:
    """After the blank template was written."""
    return f"Đã lưu tệp mẫu: {path}"


# -- the import wizard: the dry run ----------------------------------------------------------


def sheet_file_line(file_name: str, sheet: str, header_row: int) -> str:
    """Where the list was found: `Tệp “ds.xlsx”, trang “Sheet1”, dòng tiêu đề 3.`"""
    return f"Tệp “{file_name}”, trang “{sheet}”, dòng tiêu đề {header_row}."


SHEET_COLUMNS_SHOW = "Xem cách đọc các cột"
SHEET_COLUMNS_HIDE = "Ẩn cách đọc các cột"
SHEET_DRY_RUN_NOTE = "Đây là kết quả đọc thử: chưa có gì được lưu."
SHEET_ONLY_REJECTED = "Chỉ hiện các dòng bị từ chối"
SHEET_COL_ROW = "Dòng"
SHEET_COL_FATE = "Kết quả"
SHEET_COL_REASONS = "Lý do, ghi chú"
SHEET_BACK = "Chọn tệp khác"
SHEET_NOTHING_TO_APPLY = "Không có dòng nào để nhập"
SHEET_APPLYING = "Đang lưu các dòng…"
SHEET_CANCELLED = "Đã dừng; chưa có gì thay đổi."
SHEET_DONE = "Xong"
SHEET_WARNING_PREFIX = "Lưu ý: "


def sheet_counts(total: int, counts: dict[str, int], skipped: int) -> str:
    """The dry run in one sentence: `12 dòng: 9 thêm mới, 1 cập nhật, 2 bị từ chối.`; every row
    counted once (a member moved to another branch: "1 chuyển chi hội")."""
    parts = [
        f"{counts.get('add', 0)} thêm mới",
        f"{counts.get('update', 0)} cập nhật",
    ]
    if counts.get("move"):
        parts.append(f"{counts['move']} chuyển chi hội")
    same = counts.get("duplicate", 0) + counts.get("unchanged", 0)
    if same:
        parts.append(f"{same} bỏ qua vì trùng")
    parts.append(f"{counts.get('rejected', 0)} bị từ chối")
    text = f"{total} dòng: {', '.join(parts)}."
    if skipped:
        text += f" (Không tính {skipped} dòng trống, dòng đánh số cột hoặc dòng tổng cộng.)"
    return text


def sheet_default_branch(name: str) -> str:
    """The branch given to rows that name none."""
    return f"Các dòng không ghi chi hội thuộc: {name}."


def sheet_new_branches(names: list[str]) -> str:
    """The branches applying will create."""
    return f"Sẽ tạo {len(names)} chi hội mới: {', '.join(names)}."


def sheet_apply(rows: int) -> str:
    """The button that saves the accepted rows."""
    return f"Nhập {rows} dòng"


def sheet_rejected_note(rows: int) -> str:
    """Under the table, when some rows are refused."""
    return f"{rows} dòng bị từ chối sẽ không được nhập; hãy sửa các dòng đó trong tệp rồi nhập lại."


def sheet_rejected_shown(shown: int, total: int) -> str:
    """The count beside the filter."""
    return f"Đang hiện {shown} / {total} dòng"


def sheet_update_reason(labels: list[str]) -> str:
    """Why a row updates a stored record: the fields it changes."""
    return f"Sửa: {', '.join(labels)}"


def sheet_duplicate_reason(row: int) -> str:
    """Why a row is skipped: it repeats an earlier one."""
    return f"Trùng dòng {row}"


def sheet_applied(inserted: int, updated: int, branches: int) -> str:
    """After applying: what was stored (`Đã lưu 9 dòng thêm mới, 1 dòng cập nhật.`)."""
    parts = []
    if inserted:
        parts.append(f"{inserted} dòng thêm mới")
    if updated:
        parts.append(f"{updated} dòng cập nhật")
    if branches:
        parts.append(f"{branches} chi hội mới")
    return f"Đã lưu {', '.join(parts)}." if parts else "Không có dòng nào được lưu."


def sheet_rejected_after(rows: int) -> str:
    """After applying, when some rows were refused by the dry run."""
    return f"{rows} dòng bị từ chối không được nhập; hãy sửa các dòng đó trong tệp rồi nhập lại."


def sheet_row_detail(row: int, name: str, fate: str, reasons: str) -> str:
    """Under the table: the chosen row in full (its reasons may be too long for the cell)."""
    who = f" — {name}" if name else ""
    return f"Dòng {row}{who}: {fate}. {reasons}".strip()


def sheet_refused_at_apply(rows: int) -> str:
    """Rows the write path refused although the dry run let them through."""
    return f"{rows} dòng bị từ chối khi lưu (xem lý do trong bảng) và không được nhập."


def sheet_unexpected(kind: str) -> str:
    """A failure the service did not foresee (its type only: its message may quote data)."""
    return f"Có lỗi ngoài dự kiến ({kind}); chưa có gì thay đổi. Hãy thử lại hoặc báo cho quản trị."


# -- exporting -------------------------------------------------------------------------------


def sheet_export_title(noun: str) -> str:
    """The export dialog's title: "Xuất danh sách hội viên ra Excel"."""
    return f"Xuất danh sách {noun} ra Excel"


SHEET_EXPORT_INDICATORS_TITLE = "Xuất các chỉ tiêu ra Excel"
SHEET_EXPORT_INTRO = (
    "Danh sách của đơn vị (và các đơn vị cấp dưới) được lưu thành tệp .xlsx, tiêu đề tiếng "
    "Việt; cột cuối là mã bản ghi, để tệp sửa xong có thể nhập lại."
)
SHEET_EXPORT_INDICATORS_INTRO = (
    "Bảng các chỉ tiêu nhiệm kỳ của đơn vị: tử số, mẫu số, giá trị, mục tiêu và đạt hay chưa."
)
SHEET_SAVE_AS = "Lưu vào"
SHEET_XLSX_FILTER = "Sổ làm việc Excel (*.xlsx)"
SHEET_WITH_PERSONAL = "Kèm thông tin cá nhân (số CCCD, ngày sinh, dân tộc, tôn giáo)"
SHEET_WITH_PERSONAL_TIP = (
    "Tệp Excel không được mã hóa: ai có tệp cũng đọc được. Chỉ chọn khi thật cần."
)
SHEET_EXPORT = "Xuất"
SHEET_EXPORTING = "Đang xuất…"
SHEET_NO_PATH = "Hãy chọn nơi lưu tệp."
SHEET_PERSONAL_WARNING = (
    "Lưu ý: tệp có thông tin cá nhân (số CCCD, ngày sinh, dân tộc, tôn giáo) và không được mã "
    "hóa; hãy giữ cẩn thận và xóa khi không cần nữa."
)
SHEET_INDICATORS_NOUN = "chỉ tiêu"


def sheet_exported(rows: int, noun: str, path: str) -> str:
    """After an export: how many rows of what, and where."""
    return f"Đã xuất {rows} dòng {noun} ra {path}"


def sheet_cannot_write(path: str, reason: str) -> str:
    """The file could not be written (no room, no permission, the USB stick pulled)."""
    return f"Không ghi được tệp {path} ({reason}). Hãy chọn nơi khác rồi thử lại."


# File names offered (without tones: some USB sticks and old Windows mangle them).
SHEET_LIST_FILE_STEM = "danh-sach"
SHEET_TEMPLATE_FILE_STEM = "mau-nhap"
SHEET_INDICATORS_FILE_STEM = "chi-tieu"


# -- the import wizard: columns, moves, refused rows (#15) -----------------------------------

SHEET_MAPPING_HEADING = "Các cột của tệp (đổi lựa chọn thì chương trình đọc thử lại)"
SHEET_COLUMN_NOT_READ = "Không đọc cột này"
SHEET_MOVE_BRANCHES = "Chuyển các hội viên sang chi hội mới"
SHEET_SAVE_REJECTS = "Lưu các dòng bị từ chối ra Excel…"
SHEET_REJECTS_FILE_STEM = "dong-bi-tu-choi"


def sheet_unread_columns(columns: list[str]) -> str:
    """The columns of the sheet that are not read, before anything is saved."""
    return f"Lưu ý: {len(columns)} cột không được đọc: {', '.join(columns)}."


def sheet_moves(rows: int) -> str:
    """Stored members the sheet places in another branch."""
    return (
        f"{rows} hội viên đã có (theo số CCCD) được ghi ở chi hội khác. Nếu không chọn "
        "«Chuyển các hội viên sang chi hội mới», họ giữ chi hội cũ và chỉ được cập nhật các "
        "thông tin khác."
    )


def sheet_default_status(rows: int) -> str:
    """New members the sheet gives no status."""
    return f"Tình trạng: Đang sinh hoạt (mặc định) cho {rows} dòng không ghi tình trạng."


def sheet_rejects_saved(rows: int, path: str) -> str:
    """After the refused rows were written."""
    return f"Đã lưu {rows} dòng bị từ chối, kèm cột «Lý do»: {path}"


SHEET_NO_HEADER = "không có tiêu đề"
