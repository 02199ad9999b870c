"""`sohoi find`: the person search from the command line, for those allowed personal data."""

import io
import json

import pytest

from db.store import Change
from desktop.cli.main import main
from desktop.security.users import add_user
from desktop.sync.export import export_up

from .sync_helpers import PASSWORD, add_members, import_files, template, world  # noqa: F401


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOHOI_USER", raising=False)


def sohoi(*argv: object) -> tuple[int, str]:
    out = io.StringIO()
    return main([str(a) for a in argv], out=out), out.getvalue()


def test_the_province_finds_a_communes_member_by_name_and_pages(world, tmp_path):  # noqa: F811
    commune, province = world["06001"], world["20"]
    branch, ids = add_members(commune, 3)  # "Hội viên Thị Hoa", "… Lan", "… Mai"
    commune.store.save("members", {"citizen_id": "001190012345"}, id=ids[1])
    namesakes = [Change("members", {"branch_id": branch, "full_name": "Trần Thị Thúy"})] * 12
    commune.store.write(namesakes)
    assert import_files(province, *export_up(commune, tmp_path / "usb").paths).ok
    add_user(province, "xem", "mat-khau-xem-1", "viewer")
    world.close()
    data = world.dir("20")
    code, out = sohoi("find", "--data", data, "hoi vien thi hoa", "--json")
    found = json.loads(out)
    assert code == 0
    assert [p["full_name"] for p in found] == ["Hội viên Thị Hoa"]
    assert {p["unit_code"] for p in found} == {"06001"} and found[0]["branch_id"] == branch
    code, out = sohoi("find", "--data", data, "001 190 012 345", "--json")
    assert [p["id"] for p in json.loads(out)] == [ids[1]]
    # Pages: twelve namesakes, five at a time.
    pages = [
        json.loads(sohoi("find", "--data", data, "thuy", "--limit", 5, "--page", k, "--json")[1])
        for k in (1, 2, 3, 4)
    ]
    assert [len(p) for p in pages] == [5, 5, 2, 0]
    assert len({p["id"] for page in pages for p in page}) == 12
    code, out = sohoi("find", "--data", data, "thuy", "--limit", 5)
    assert "Còn nữa: xem trang 2" in out and "Chi hội Hội viên" in out
    # A viewer may not see personal data: refused, exit 2.
    code, _ = sohoi("find", "--data", data, "hoa", "--user", "xem")
    assert code == 2
