"""The tables and fields of docs/DOMAIN.md, declared once.

Validation, the write path, the NDJSON interchange and the sync whitelist all read these
declarations, so a field exists in exactly one place. The SQL that creates the tables lives in
`db.migrations` (frozen per migration); a test checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "text",
    "name",
    "date",
    "birth_date",
    "year",
    "int",
    "money",
    "bool",
    "enum",
    "enum_list",
    "text_list",
    "citizen_id",
    "phone",
    "email",
    "ref",
    "number",
]


@dataclass(frozen=True)
class Field:
    """One column of a domain table."""

    name: str
    kind: Kind
    label: str  # Vietnamese, as shown to people and in messages
    required: bool = False
    choices: tuple[str, ...] = ()  # ids of an enumeration (kind enum / enum_list)
    personal: bool = False  # blanked on delete, never logged or put in file names
    ref_table: str | None = None  # kind ref: the table the id points into
    minimum: int | None = None
    max_length: int | None = None  # text, name, email, list kinds: the longest stored value
    multiline: bool = False  # text kind: line breaks and tabs allowed (notes, descriptions)
    catalogue: str | None = None  # text kind: the list of db/catalogues.py its values come from


@dataclass(frozen=True)
class Table:
    """A domain table: every record also has id, unit_code and the sync bookkeeping."""

    name: str
    label: str  # Vietnamese noun for one record ("hội viên")
    fields: tuple[Field, ...]
    title_field: str | None = None  # what names a record in messages
    fields_by_name: dict[str, Field] = field(init=False, repr=False, compare=False)
    field_names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    personal_fields: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields_by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "field_names", tuple(f.name for f in self.fields))
        object.__setattr__(
            self, "personal_fields", tuple(f.name for f in self.fields if f.personal)
        )


# The longest value of each free-text field, in characters (checked after cleaning, so a
# name's extra spaces do not count). Generous for real data, small enough that no report,
# list or package is slowed down by one field.
PERSON_NAME_MAX = 100
NAME_MAX = 150
CODE_MAX = 20
SHORT_TEXT_MAX = 50
ADDRESS_MAX = 250
URL_MAX = 500
EMAIL_MAX = 254
LIST_MAX = 1000  # the stored JSON text of a list field
NOTE_MAX = 2000

# Bookkeeping columns every domain table carries (docs/ARCHITECTURE.md, "The write path and
# the clocks").
KEY_COLUMNS = ("id", "unit_code")
SYNC_COLUMNS = ("is_deleted", "db_version", "clocks")

LEVELS = ("central", "province", "district", "commune")
# The levels that follow the units below instead of keeping members (docs/DOMAIN.md).
UPPER_LEVELS = ("province", "central")
CENTRAL_CODE = "TW"  # the centre's unit code (provinces' are 2 digits, communes' 5)
POSITIONS = ("chair", "vice_chair", "standing_committee", "executive_committee", "other")
EDUCATION = (
    "none",
    "lower_secondary",
    "upper_secondary",
    "vocational",
    "college",
    "university",
    "postgraduate",
)
POLITICAL_THEORY = ("none", "elementary", "intermediate", "advanced", "bachelor")
PARTY_DEVELOPMENT = ("none", "trained", "introduced", "admitted")
ALLOWANCE_SOURCES = ("local_budget", "other_lawful", "concurrent_paid_role", "none")
CONCURRENT_ROLES = ("loan_group_leader", "health_collaborator", "population_collaborator", "other")
MEMBER_STATUS = ("active", "moved", "deceased", "left")
MODEL_KINDS = ("one_plus_one", "three_have_three_know", "special_members", "other")
MODEL_STATUS = ("active", "paused", "dissolved")
CHANNEL_KINDS = ("fanpage", "zalo_group", "facebook_group", "other_platform")
ACTIVITY_FORMATS = ("in_person", "online", "hybrid")


def _person(with_ethnicity: bool = True) -> tuple[Field, ...]:
    fields = [
        Field(
            "full_name",
            "name",
            "Họ và tên",
            required=True,
            personal=True,
            max_length=PERSON_NAME_MAX,
        ),
        Field("birth_date", "birth_date", "Ngày sinh", personal=True),
        Field("citizen_id", "citizen_id", "Số CCCD", personal=True),
        Field("phone", "phone", "Số điện thoại", personal=True),
    ]
    if with_ethnicity:
        fields.append(
            Field(
                "ethnicity",
                "text",
                "Dân tộc",
                personal=True,
                max_length=SHORT_TEXT_MAX,
                catalogue="ethnicity",
            )
        )
    return tuple(fields)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "units",
            "đơn vị",
            (
                Field("code", "text", "Mã đơn vị", required=True, max_length=CODE_MAX),
                Field("name", "name", "Tên đơn vị", required=True, max_length=NAME_MAX),
                Field("level", "enum", "Cấp", required=True, choices=LEVELS),
                Field("parent_code", "text", "Mã đơn vị cấp trên", max_length=CODE_MAX),
                Field("admin_area_code", "text", "Mã đơn vị hành chính", max_length=CODE_MAX),
                Field("address", "text", "Địa chỉ", max_length=ADDRESS_MAX),
                Field("phone", "phone", "Số điện thoại"),
                Field("email", "email", "Thư điện tử", max_length=EMAIL_MAX),
                Field("has_dedicated_computer", "bool", "Có máy tính riêng"),
                Field("has_internet", "bool", "Có kết nối mạng"),
                Field("uses_union_software", "bool", "Ứng dụng phần mềm trong hệ thống Hội"),
            ),
            title_field="name",
        ),
        Table(
            "cadres",
            "cán bộ",
            (
                *_person(),
                Field("position", "enum", "Chức vụ", required=True, choices=POSITIONS),
                Field("union_work_since", "year", "Năm bắt đầu công tác Hội"),
                Field("education", "enum", "Trình độ chuyên môn", choices=EDUCATION),
                Field("political_theory", "enum", "Lý luận chính trị", choices=POLITICAL_THEORY),
                Field("is_party_member", "bool", "Đảng viên"),
                Field("software_proficient", "bool", "Sử dụng thành thạo phần mềm của Hội"),
            ),
            title_field="full_name",
        ),
        Table(
            "branches",
            "chi hội",
            (
                Field("name", "name", "Tên chi hội", required=True, max_length=NAME_MAX),
                Field("area_name", "name", "Thôn/ấp/bản/tổ dân phố", max_length=NAME_MAX),
                Field("established_on", "date", "Ngày thành lập"),
                Field("uses_social_media", "bool", "Sử dụng mạng xã hội trong hoạt động Hội"),
            ),
            title_field="name",
        ),
        Table(
            "branch_heads",
            "chi hội trưởng",
            (
                Field("branch_id", "ref", "Chi hội", required=True, ref_table="branches"),
                *_person(with_ethnicity=False),
                Field("is_party_member", "bool", "Đảng viên"),
                Field("party_development", "enum", "Phát triển Đảng", choices=PARTY_DEVELOPMENT),
                Field("monthly_allowance", "bool", "Được hỗ trợ bồi dưỡng hàng tháng"),
                Field("allowance_source", "enum", "Nguồn hỗ trợ", choices=ALLOWANCE_SOURCES),
                Field("concurrent_roles", "enum_list", "Kiêm nhiệm", choices=CONCURRENT_ROLES),
                Field("allowance_amount_vnd", "money", "Mức hỗ trợ (đồng)", minimum=0),
                Field("started_on", "date", "Ngày bắt đầu làm chi hội trưởng"),
            ),
            title_field="full_name",
        ),
        Table(
            "members",
            "hội viên",
            (
                Field("branch_id", "ref", "Chi hội", required=True, ref_table="branches"),
                *_person(),
                Field(
                    "religion",
                    "text",
                    "Tôn giáo",
                    personal=True,
                    max_length=SHORT_TEXT_MAX,
                    catalogue="religion",
                ),
                Field("address", "text", "Địa chỉ", personal=True, max_length=ADDRESS_MAX),
                Field("joined_on", "date", "Ngày vào Hội"),
                Field("card_number", "text", "Số thẻ hội viên", max_length=SHORT_TEXT_MAX),
                Field("status", "enum", "Tình trạng", choices=MEMBER_STATUS),
                Field("special_groups", "text_list", "Nhóm đặc thù", max_length=LIST_MAX),
                Field(
                    "note",
                    "text",
                    "Ghi chú",
                    personal=True,
                    max_length=NOTE_MAX,
                    multiline=True,
                ),
            ),
            title_field="full_name",
        ),
        Table(
            "models",
            "mô hình",
            (
                Field("kind", "enum", "Loại mô hình", required=True, choices=MODEL_KINDS),
                Field("name", "name", "Tên mô hình", required=True, max_length=NAME_MAX),
                Field("branch_id", "ref", "Chi hội", ref_table="branches"),
                Field("started_on", "date", "Ngày bắt đầu"),
                Field("participants", "int", "Số người tham gia", minimum=0),
                Field("status", "enum", "Tình trạng", choices=MODEL_STATUS),
                Field("target_groups", "text_list", "Đối tượng", max_length=LIST_MAX),
                Field("description", "text", "Mô tả", max_length=NOTE_MAX, multiline=True),
            ),
            title_field="name",
        ),
        Table(
            "online_channels",
            "kênh trực tuyến",
            (
                Field("kind", "enum", "Loại kênh", required=True, choices=CHANNEL_KINDS),
                Field("name", "name", "Tên kênh", required=True, max_length=NAME_MAX),
                Field("url", "text", "Địa chỉ trang", max_length=URL_MAX),
                Field("branch_id", "ref", "Chi hội", ref_table="branches"),
                Field("members_count", "int", "Số thành viên", minimum=0),
                Field("started_on", "date", "Ngày bắt đầu"),
            ),
            title_field="name",
        ),
        Table(
            "activities",
            "buổi sinh hoạt",
            (
                Field("branch_id", "ref", "Chi hội", required=True, ref_table="branches"),
                Field("held_on", "date", "Ngày sinh hoạt", required=True),
                Field("topic", "text", "Chủ đề", required=True, max_length=ADDRESS_MAX),
                Field("format", "enum", "Hình thức", choices=ACTIVITY_FORMATS),
                Field("attendees", "int", "Số người dự", minimum=0),
                Field("uses_it", "bool", "Có ứng dụng công nghệ thông tin"),
            ),
            title_field="topic",
        ),
        Table(
            "targets",
            "chỉ tiêu",
            (
                Field("indicator_id", "text", "Chỉ tiêu", required=True, max_length=SHORT_TEXT_MAX),
                Field("target", "number", "Mục tiêu", required=True, minimum=0),
                Field("term", "text", "Nhiệm kỳ", required=True, max_length=CODE_MAX),
            ),
            title_field="indicator_id",
        ),
    )
}

# The order records are written and dumped in: a table's references come before it.
TABLE_ORDER = (
    "units",
    "cadres",
    "branches",
    "branch_heads",
    "members",
    "models",
    "online_channels",
    "activities",
    "targets",
)
assert set(TABLE_ORDER) == set(TABLES)

# Vietnamese labels of enumeration ids, for display and messages.
CHOICE_LABELS: dict[str, str] = {
    "central": "Trung ương",
    "province": "Tỉnh/Thành phố",
    "district": "Huyện",
    "commune": "Cơ sở (xã/phường/đặc khu)",
    "chair": "Chủ tịch",
    "vice_chair": "Phó Chủ tịch",
    "standing_committee": "Ủy viên Ban Thường vụ",
    "executive_committee": "Ủy viên Ban Chấp hành",
    "other": "Khác",
    "none": "Không",
    "lower_secondary": "Trung học cơ sở",
    "upper_secondary": "Trung học phổ thông",
    "vocational": "Trung cấp",
    "college": "Cao đẳng",
    "university": "Đại học",
    "postgraduate": "Sau đại học",
    "elementary": "Sơ cấp",
    "intermediate": "Trung cấp",
    "advanced": "Cao cấp",
    "bachelor": "Cử nhân",
    "trained": "Được bồi dưỡng",
    "introduced": "Được giới thiệu",
    "admitted": "Đã kết nạp",
    "local_budget": "Ngân sách địa phương",
    "other_lawful": "Nguồn hợp pháp khác",
    "concurrent_paid_role": "Kiêm nhiệm chức danh có phụ cấp",
    "loan_group_leader": "Tổ trưởng tổ vay vốn",
    "health_collaborator": "Cộng tác viên y tế",
    "population_collaborator": "Cộng tác viên dân số",
    "active": "Đang hoạt động",
    "moved": "Chuyển đi",
    "deceased": "Đã mất",
    "left": "Ra khỏi Hội",
    "one_plus_one": "Mô hình “1+1”",
    "three_have_three_know": "Mô hình “3 có, 3 biết”",
    "special_members": "Mô hình thu hút hội viên đặc thù",
    "paused": "Tạm dừng",
    "dissolved": "Giải thể",
    "fanpage": "Trang fanpage",
    "zalo_group": "Nhóm Zalo",
    "facebook_group": "Nhóm Facebook",
    "other_platform": "Nền tảng khác",
    "in_person": "Trực tiếp",
    "online": "Trực tuyến",
    "hybrid": "Kết hợp",
}

# Member status labels differ from model status labels for the same id.
MEMBER_STATUS_LABELS = {
    "active": "Đang sinh hoạt",
    "moved": "Chuyển đi",
    "deceased": "Đã mất",
    "left": "Ra khỏi Hội",
}


def choice_label(table: str, field_name: str, value: str) -> str:
    """The Vietnamese label of an enumeration id, as shown to people."""
    if table == "members" and field_name == "status":
        return MEMBER_STATUS_LABELS.get(value, value)
    return CHOICE_LABELS.get(value, value)


# Labels of the bookkeeping columns, for the messages and journal entries that name one: no
# column id is ever shown to a person.
COLUMN_LABELS = {
    "id": "Mã bản ghi",
    "unit_code": "Mã đơn vị",
    "is_deleted": "Đã xóa",
    "db_version": "Phiên bản dữ liệu",
    "clocks": "Thời điểm sửa",
}
UNKNOWN_FIELD = "Trường khác"


def field_label(table_name: str | None, name: str) -> str:
    """The Vietnamese label of a field or bookkeeping column of `table_name`, as shown to
    people; a field of another table by its label there; never the id itself."""
    spec = TABLES.get(table_name or "")
    if spec is not None and name in spec.fields_by_name:
        return spec.fields_by_name[name].label
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    for other in TABLES.values():
        if name in other.fields_by_name:
            return other.fields_by_name[name].label
    return UNKNOWN_FIELD


def table(name: str) -> Table:
    """The declaration of a domain table; KeyError for an unknown name."""
    return TABLES[name]
