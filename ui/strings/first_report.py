"""The commune's first report in one trip (ui/dialogs/first_report.py) and the province's
approval of it: plain words, never a hex id. Written for a commune, whose level above is the
province; a province taking the same path to the centre reads them through `for_level_above`."""

FIRST_HEADING = "Báo cáo lần đầu: một chuyến lên tỉnh"
FIRST_DEVICE_CODE = "Mã máy (đọc cho tỉnh khi tỉnh duyệt)"
FIRST_OPEN_INVITATION = "Mở thư mời của tỉnh…"
FIRST_INVITATION_FILTER = "Thư mời (*.sohoi-invite)"
FIRST_STEP_INVITATION = "Nhận thư mời của tỉnh"
FIRST_STEP_WRITE = (
    "Ghi vào USB: yêu cầu xác nhận máy và báo cáo đầu tiên (nút «Ghi tệp gửi cấp trên»)"
)
FIRST_STEP_APPROVE = "Mang USB lên tỉnh: tỉnh duyệt máy (đọc Mã máy) và nhận báo cáo ngay"
FIRST_STEP_BACK = "Cắm lại USB mang về, bấm «Nhận các tệp»: Giấy xác nhận của tỉnh và biên nhận"
FIRST_CARRY = (
    "Mang đi: USB có tệp yêu cầu và tệp báo cáo đầu tiên. "
    "Mang về: cùng USB, có thêm Giấy xác nhận của tỉnh và biên nhận."
)
FIRST_DONE = (
    "Xong: cấp trên đã nhận. Tỉnh đã xác nhận máy này; từ nay chỉ cần «Ghi tệp gửi cấp trên»."
)
FIRST_MISSING = "Còn thiếu: "
FIRST_INVITATION_FAILED = "Không mở được thư mời"
INVITE_BELOW = "Ghi thư mời cho cấp dưới…"


def invitation_written(path: str, fingerprint: str) -> str:
    return (
        f"Đã ghi thư mời vào {path}. Đưa tệp này cho các đơn vị cấp dưới (USB, thư điện tử…) "
        f"và đọc cho họ Mã kiểm tra: {fingerprint}."
    )


def first_invitation(name: str, fingerprint: str) -> str:
    return (
        f"Thư mời của {name}. Mã kiểm tra: {fingerprint} — hãy so với mã tỉnh đọc qua điện "
        "thoại hoặc ghi trên giấy; nếu khác, đừng gửi và báo tỉnh."
    )


def first_step(done: bool, text: str) -> str:
    return f"{'✔' if done else '○'}  {text}"


def first_trip_written(rows: int) -> str:
    return (
        f"Đã ghi vào USB yêu cầu xác nhận máy và báo cáo đầu tiên ({rows} bản ghi). "
        "Có thể rút USB an toàn và mang lên tỉnh."
    )


def first_invitation_opened(name: str) -> str:
    return f"Đã mở thư mời của {name}."


def first_certificate_installed(province: str) -> str:
    return f"Đã nhận Giấy xác nhận của {province}."


def first_trip_approved(name: str, rows: int, refused: int, level: str = "province") -> str:
    """After approving a first trip, at a province (`level`) or at the centre."""
    here, them = ("Trung ương", "tỉnh") if level == "central" else ("tỉnh", "xã")
    if refused:
        return (
            f"Đã duyệt máy của {name}, nhưng {here} KHÔNG nhận được báo cáo đầu tiên (tệp hỏng "
            "hoặc không đúng máy đã duyệt). Giấy xác nhận và biên nhận đã ghi vào USB."
        )
    return (
        f"Đã duyệt máy của {name} và nhận báo cáo đầu tiên ({rows} bản ghi). "
        f"Giấy xác nhận và biên nhận đã ghi vào USB: trả USB cho {them}."
    )


def for_level_above(text: str, level: str) -> str:
    """The checklist's words naming the level above: "tỉnh" as written, for a commune; "Trung
    ương" for a province."""
    if level != "province":
        return text
    return text.replace("Tỉnh", "Trung ương").replace("tỉnh", "Trung ương")
