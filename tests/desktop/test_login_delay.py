"""The failed-login delay holds when the key file is edited or the clock set forward (issue 12)."""

import json

import pytest

from desktop.installation.setup import NewUnit, create_unit, login
from desktop.security.keyfile import KEYFILE_NAME, Instant, KeyFile
from desktop.security.session import LoginRefused

PW = "Mật-khẩu-2026"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    data = tmp_path_factory.mktemp("delay") / "u"
    create_unit(
        data, NewUnit("X1", "Hội LHPN xã Một", "commune", "P1"), admin_password=PW
    ).session.close()
    return data


@pytest.fixture
def unit(template, tmp_path):
    import shutil

    shutil.copytree(template, tmp_path / "u")
    return tmp_path / "u"


def at(wall: float, since_boot: float, boot: str = "boot-a") -> Instant:
    return Instant(wall, boot, since_boot)


def fail_three_times(data, boot="boot-a"):
    for i in range(3):
        with pytest.raises(LoginRefused):
            login(data, "admin", "sai-mat-khau", now=at(1000.0 + i, 50.0 + i, boot))


def edit(data, change):
    for name in (KEYFILE_NAME, KEYFILE_NAME + ".bak"):
        doc = json.loads((data / name).read_text(encoding="utf-8"))
        change(doc)
        (data / name).write_text(json.dumps(doc), encoding="utf-8")


def test_a_wall_clock_set_forward_does_not_shorten_the_wait_on_the_same_boot(unit):
    fail_three_times(unit)
    # An hour later by the wall clock, one second later by this boot's clock: still waiting.
    with pytest.raises(LoginRefused) as exc:
        login(unit, "admin", PW, now=at(1002.0 + 3600, 53.0))
    assert exc.value.wait_seconds == pytest.approx(4.0)
    login(unit, "admin", PW, now=at(1002.0 + 3600, 57.5)).close()  # 5.5 s by the boot clock


def test_across_a_reboot_wall_time_counts(unit):
    fail_three_times(unit)
    with pytest.raises(LoginRefused):
        login(unit, "admin", PW, now=at(1003.0, 1.0, "boot-b"))
    login(unit, "admin", PW, now=at(1010.0, 2.0, "boot-b")).close()


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc["tries"].pop("admin"),  # the record deleted
        lambda doc: doc["tries"]["admin"].update(count=0),  # the count lowered
        lambda doc: doc["tries"]["admin"].update(last=0.0, boot=""),  # the time moved back
        lambda doc: doc["tries"].update(admin="hỏng"),  # malformed
        lambda doc: doc.pop("tries"),  # every record gone
    ],
)
def test_an_edited_or_missing_record_counts_as_the_longest_wait(unit, change):
    fail_three_times(unit)
    edit(unit, change)
    with pytest.raises(LoginRefused) as exc:
        login(unit, "admin", PW, now=at(1003.0, 53.0))
    assert exc.value.wait_seconds == pytest.approx(300.0)
    # Written down: a restart does not forget it; after the wait the right password opens.
    assert KeyFile.load(unit).wait_seconds("admin", now=at(1100.0, 150.0)) == pytest.approx(203.0)
    login(unit, "admin", PW, now=at(1400.0, 353.5)).close()
    assert KeyFile.load(unit).failures == {}


def test_a_fresh_unit_signs_in_at_once_and_an_untouched_record_is_no_wait(unit):
    assert KeyFile.load(unit).wait_seconds("admin") == 0.0
    assert KeyFile.load(unit).tries["admin"]["count"] == 0
    login(unit, "admin", PW).close()
    assert KeyFile.load(unit).wait_seconds("admin") == 0.0
