"""Which branch a sheet means: by name or village, ignoring tones, case and "Chi hội".

"thon dong", "Thôn Đông" and "Chi hội Thôn Đông" are the same branch. When a branch is found
neither by name nor by village, a second try drops the village word too ("Đông" for
"Thôn Đông"); when several branches answer either way ("1" for "Thôn 1" and "Bản 1"), the row
is refused with their names rather than guessed.
Branches that do not exist can be planned for creation: the rows naming the same new branch
share its new id.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from db.store import Change, Store
from db.text import clean_name, fold

_PREFIX = re.compile(r"^(?:chi hoi|ch)\s+")
_AREA_WORD = re.compile(r"^(?:thon|ap|ban|xom|lang|buon|soc|khom|khu pho|khu|to dan pho|tdp|to)\s+")


def branch_key(text: str) -> str:
    """`Chi hội Thôn Đông` → `thon dong`."""
    key = fold(str(text)).replace(".", " ").strip()
    key = re.sub(r"\s+", " ", key)
    return _PREFIX.sub("", key)


def _loose_key(text: str) -> str:
    return _AREA_WORD.sub("", branch_key(text))


def branch_display(text: str) -> tuple[str, str]:
    """(name, village) for a new branch named in a sheet: ("Chi hội Thôn Bắc", "Thôn Bắc")."""
    name = clean_name(str(text))
    if name.isupper() or name.islower():
        name = " ".join(w[:1].upper() + w[1:].lower() for w in name.split(" "))
    folded = fold(name)
    area = name
    match = _PREFIX.match(folded)
    if match:
        area = name[match.end() :].strip()
    area = area[:1].upper() + area[1:]
    return f"Chi hội {area}", area


@dataclass(frozen=True)
class BranchFound:
    """The answer to "which branch is this?": an id, or a reason (missing: none answers)."""

    id: str | None = None
    reason: str | None = None
    missing: bool = False


@dataclass
class BranchMatcher:
    """The unit's live branches, looked up by what a sheet writes in its branch column."""

    exact: dict[str, set[str]] = field(default_factory=dict)
    loose: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # id → name
    planned: dict[str, Change] = field(default_factory=dict)  # key → new branch

    @classmethod
    def load(cls, store: Store, *, below: bool = False) -> BranchMatcher:
        """The branches of this unit (with `below`: and of every unit below it)."""
        matcher = cls()
        units = sorted(store.descendant_units()) if below else []
        units = units or [store.unit_code or ""]
        marks = ",".join("?" * len(units))
        for row_id, name, area in store.db.execute(
            f"SELECT id, name, area_name FROM branches WHERE is_deleted = 0 "
            f"AND unit_code IN ({marks})",
            units,
        ).fetchall():
            matcher.names[row_id] = name
            for text in (name, area):
                if text:
                    matcher.exact.setdefault(branch_key(text), set()).add(row_id)
                    matcher.loose.setdefault(_loose_key(text), set()).add(row_id)
        return matcher

    def find(self, text: str) -> BranchFound:
        """The branch a sheet names, or why none is: missing, or several answer."""
        key = branch_key(text)
        ids = self.exact.get(key) or self.loose.get(_loose_key(text)) or set()
        if len(ids) == 1:
            return BranchFound(next(iter(ids)))
        if len(ids) > 1:
            names = ", ".join(f"“{self.names[i]}”" for i in sorted(ids, key=self.names.__getitem__))
            return BranchFound(
                reason=f"“{text}” ứng với nhiều chi hội ({names}); hãy ghi rõ tên chi hội."
            )
        if key in self.planned:
            return BranchFound(self.planned[key].id)
        return BranchFound(
            reason=f"không tìm thấy chi hội “{clean_name(str(text))}” trong đơn vị; hãy tạo "
            "chi hội này trước, hoặc chọn tạo các chi hội còn thiếu.",
            missing=True,
        )

    def plan_new(self, text: str) -> Change:
        """The branch to create for a name no branch answers to (once per name)."""
        key = branch_key(text)
        if key not in self.planned:
            name, area = branch_display(text)
            self.planned[key] = Change(
                "branches", {"name": name, "area_name": area}, id=str(uuid.uuid4())
            )
        return self.planned[key]

    def name_of(self, branch_id: str) -> str:
        """The name of a live branch, or of one planned for creation."""
        if branch_id in self.names:
            return self.names[branch_id]
        for change in self.planned.values():
            if change.id == branch_id:
                return str(change.values["name"])
        return ""

    def title_branch(self, titles: list[str]) -> str | None:
        """The existing branch a title row names ("DANH SÁCH HỘI VIÊN CHI HỘI THÔN ĐÔNG …"), by
        its stored name ("Chi hội Thôn Đông"), never in the title's capitals."""
        for rest in _title_names(titles):
            found = self.find(rest).id
            if found:
                return self.names.get(found) or branch_display(rest)[0]
        return None


def _title_names(titles: list[str]) -> list[str]:
    out = []
    for title in titles:
        text = clean_name(title)
        folded = fold(text)
        at = folded.find("chi hoi ")
        if at < 0 or len(folded) != len(text):
            continue
        rest = text[at:]
        rest = re.split(r"\s[-–(,]|,|\s[-–]\s|\s(?:xã|XÃ|phường|PHƯỜNG|năm|NĂM)\s", rest)[0]
        if branch_key(rest):
            out.append(rest)
    return out


def title_branch_text(titles: list[str]) -> str | None:
    """The branch a title row names, as written ("CHI HỘI THÔN 3"), existing or not; its proper
    case for a new branch is `branch_display`'s ("Chi hội Thôn 3")."""
    names = _title_names(titles)
    return names[0] if names else None
