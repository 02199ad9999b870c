"""Valid member rows in bulk for benchmarks (fast, deterministic, no demo machinery)."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Minh"]
GIVEN = [
    "Anh",
    "Ánh",
    "Bình",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Thu",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
]
BRANCH_ID = "00000000-0000-4000-8000-00000000b001"


def names(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(n)]


def member_rows(n: int, unit_code: str, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i, name in enumerate(names(n, seed)):
        year = rng.randint(1945, 2005)
        rows.append(
            {
                "table": "members",
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "unit_code": unit_code,
                "branch_id": BRANCH_ID,
                "full_name": name,
                "birth_date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "citizen_id": f"001{1 if year < 2000 else 3}{year % 100:02d}{i:06d}",
                "phone": f"09{rng.randint(0, 99_999_999):08d}",
                "ethnicity": "Kinh",
                "religion": "Không",
                "address": "Thôn Đông",
                "joined_on": f"{max(year + 18, 2000)}-01-15",
                "card_number": f"HV{i:07d}",
                "status": "active",
                "special_groups": [],
                "note": None,
            }
        )
    return rows


def write_ndjson(path: Path, rows: list[dict], head: list[dict] = ()) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for r in [*head, *rows]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def branch_line(unit_code: str) -> dict:
    return {
        "table": "branches",
        "id": BRANCH_ID,
        "unit_code": unit_code,
        "name": "Chi hội Thôn Đông",
    }
