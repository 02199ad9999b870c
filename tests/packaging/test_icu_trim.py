"""The trimmed ICU data (packaging/icu_trim.py): the package format, and what is kept."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

from tests.packaging.packaging_modules import load

icu = load("icu_trim")
HEADER = struct.pack("<HBB", 32, 0xDA, 0x27) + b"\x14\x00\x00\x00\x00\x00\x02\x00CmnD" + bytes(16)


def test_a_package_reads_back_what_was_written():
    items = [
        ("icudt73l/b.res", b"bb"),
        ("icudt73l/a.icu", b"a" * 17),
        ("icudt73l/coll/vi.res", b""),
    ]
    blob = icu.write_package(HEADER, items)

    header, read = icu.read_package(blob)

    assert header == HEADER
    assert [name for name, _ in read] == sorted(name for name, _ in items)
    for name, data in read:
        original = dict(items)[name]
        assert data[: len(original)] == original  # then padding to 16 bytes
        assert len(data) % icu.ALIGN == 0


def test_not_a_package_is_refused():
    with pytest.raises(icu.TrimError):
        icu.read_package(b"\x20\x00xxxx" + bytes(40))


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/root.res", True),
        ("icudt73l/vi.res", True),
        ("icudt73l/en.res", True),
        ("icudt73l/fr.res", False),
        ("icudt73l/zh_Hant_TW.res", False),
        ("icudt73l/res_index.res", True),
        ("icudt73l/pool.res", True),
        ("icudt73l/likelySubtags.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/uts46.nrm", True),
        ("icudt73l/cnvalias.icu", True),
        ("icudt73l/ibm-5354_P100-1998.cnv", True),  # windows-1258
        ("icudt73l/gb18030.cnv", False),
        ("icudt73l/coll/vi.res", True),
        ("icudt73l/coll/root.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/coll/zh.res", False),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/brkitr/word.brk", True),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/zone/vi.res", True),
        ("icudt73l/zone/de.res", False),
    ],
)
def test_what_is_kept(name, kept):
    assert icu.keep_item(name) is kept


_PYSIDE = importlib.util.find_spec("PySide6")  # located, not imported (tests/test_layering.py)
QT_ICU = Path(next(iter(_PYSIDE.submodule_search_locations))) / "Qt" / "lib" if _PYSIDE else Path()


@pytest.mark.skipif(
    not list(QT_ICU.glob("libicudata.so.*")), reason="no ICU in this PySide6 (not Linux)"
)
def test_the_trimmed_library_works_and_is_small(tmp_path):
    original = next(QT_ICU.glob("libicudata.so.*"))
    try:
        trimmed = icu.trim(original, tmp_path)
    except icu.TrimError as exc:
        pytest.skip(str(exc))  # no C compiler here: the build keeps the full data
    icu.check(trimmed, original)  # Vietnamese and root collators, windows-1258
    assert trimmed.stat().st_size < original.stat().st_size / 4
    symbol, _, _ = icu.data_symbol(trimmed)
    assert symbol == icu.data_symbol(original)[0]


@pytest.mark.skipif(
    not list(QT_ICU.glob("libicudata.so.*")), reason="no ICU in this PySide6 (not Linux)"
)
def test_writing_every_item_back_reproduces_the_original_data():
    original = next(QT_ICU.glob("libicudata.so.*"))
    _, offset, size = icu.data_symbol(original)
    blob = original.read_bytes()[offset : offset + size]

    header, items = icu.read_package(blob)

    assert icu.write_package(header, items) == blob
