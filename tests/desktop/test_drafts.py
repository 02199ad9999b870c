"""Drafts in the database: per account, not activity, refused while locked, never in a dump."""

from __future__ import annotations

import io

import pytest

from desktop.cli.ndjson import dump
from desktop.installation.setup import NewUnit, create_unit, login
from desktop.security import users
from desktop.security.session import SessionLocked

PW = "mật-khẩu-dài-2026"
DRAFT = {"full_name": "Lò Thị Xuân", "citizen_id": "001190012345", "special_groups": ["poor"]}


@pytest.fixture
def unit(tmp_path):
    created = create_unit(
        tmp_path / "u", NewUnit("X1", "Xã Một", "commune", "P1"), admin_password=PW
    )
    users.add_user(created.session, "nhap", PW, "entry")
    yield created.session
    created.session.close()


def test_a_draft_is_kept_replaced_listed_and_discarded(unit):
    unit.save_draft("members/new", {"full_name": "Lò"})
    unit.save_draft("members/new", DRAFT)
    unit.save_draft("cadres/abc", {"full_name": "Vi Thị Hoa"})

    assert unit.load_draft("members/new") == DRAFT
    assert sorted(unit.list_drafts()) == ["cadres/abc", "members/new"]
    unit.discard_draft("members/new")
    assert unit.load_draft("members/new") is None
    assert unit.list_drafts() == ["cadres/abc"]


def test_another_account_never_sees_a_draft(unit, tmp_path):
    unit.save_draft("members/new", DRAFT)
    clerk = login(tmp_path / "u", "nhap", PW)
    try:
        assert clerk.list_drafts() == [] and clerk.load_draft("members/new") is None
        clerk.save_draft("members/new", {"full_name": "Khác"})
    finally:
        clerk.close()
    assert unit.load_draft("members/new") == DRAFT


def test_drafts_are_not_records_not_dumped_and_not_activity(unit):
    clock = [1000.0]
    unit._clock = lambda: clock[0]
    unit.touch()
    clock[0] += 60
    unit.save_draft("members/new", DRAFT)
    assert unit.idle_for() == 60  # a timer saving a draft is not a person at the keyboard
    out = io.StringIO()
    dump(unit.store, out)
    assert "Lò Thị Xuân" not in out.getvalue()
    assert unit.store.db["members"].count == 0


def test_while_locked_drafts_are_refused_and_the_lock_saves_pending_ones_first(unit):
    unit.before_close.append(lambda: unit.save_draft("members/new", DRAFT))
    unit.lock()
    with pytest.raises(SessionLocked):
        unit.save_draft("members/new", {"full_name": "x"})
    unit.unlock(PW)
    assert unit.load_draft("members/new") == DRAFT
