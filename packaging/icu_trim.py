"""A smaller ICU data library for the Linux build: 31 MB of Unicode data cut to what Qt uses.

PySide6's Linux wheels carry ICU 73 for QtCore, and its data library `libicudata.so.73` is one
31 MB blob (the symbol `icudt73_dat`): collation, locale display names, converters,
transliteration, word-break dictionaries for Chinese, Japanese, Thai, Khmer … for every language
of the world. It is a fifth of the program. Qt uses ICU for a few things only: collation
(QCollator), locale-aware case mapping and the converters of QStringConverter for encodings it
does not implement itself. Qt's own QLocale data, time zones (tz files on Linux), text layout,
regular expressions and normalisation do not touch ICU's data. Sổ Hội itself sorts Vietnamese
in Python (db/text.py) and reads legacy encodings in Python (desktop/spreadsheets).

`trim` keeps, from the original blob:

- every item that is not locale data (`.icu`, `.nrm`, `.spp`, `.cfu`, `.brk`, supplemental
  tables, time-zone tables, the `pool.res` and `res_index.res` of each tree);
- the locale data of `root`, Vietnamese and English, in every tree (collation, names …);
- the converters of the Windows code pages (windows-1250 … windows-1258);

and drops the other locales, the other converters, the transliterators and the word-break
dictionaries. It writes the kept items as a new ICU "common data" package (the same header and
the same format: a sorted table of contents, items aligned to 16 bytes) and links it into a
shared library with the same name and symbol with the C compiler (`cc`). `check` then loads it
with the wheel's own libicuuc/libicui18n in a separate process and opens the Vietnamese and root
collators and the windows-1258 converter, so a broken library never reaches the program.

Without a C compiler the build keeps the original library (and warns): the program works the
same, it is only 28 MB larger. Windows and macOS builds are not concerned (their Qt does not
carry this library).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

KEEP_LOCALES = ("root", "en", "en_001", "en_US", "en_US_POSIX", "vi", "vi_VN")
KEEP_CONVERTERS = re.compile(r"^ibm-53(4[6-9]|5[0-4])_")  # windows-1250 … windows-1258
DROP_TREES = ("translit",)  # transliterators: Qt never asks for them
ALWAYS_KEEP = ("pool.res", "res_index.res")
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
_HEADER_MAGIC = b"\xda\x27"
ALIGN = 16
PAD = b"\xaa"  # what ICU's own tools pad with


class TrimError(RuntimeError):
    """The library is not what this module expects; the original is to be used."""


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the ICU data symbol `icudtNN_dat` of an ELF64 library."""
    raw = library.read_bytes()
    if raw[:4] != b"\x7fELF" or raw[4] != 2 or raw[5] != 1:
        raise TrimError(f"{library.name}: not a little-endian ELF64 library")
    shoff, shentsize, shnum = (
        struct.unpack_from("<Q", raw, 0x28)[0],
        *struct.unpack_from("<HH", raw, 0x3A),
    )
    sections = [struct.unpack_from("<IIQQQQIIQQ", raw, shoff + i * shentsize) for i in range(shnum)]
    dynsym = next((s for s in sections if s[1] == 11), None)  # SHT_DYNSYM
    if dynsym is None:
        raise TrimError(f"{library.name}: no dynamic symbol table")
    strtab = sections[dynsym[6]]  # sh_link
    for at in range(dynsym[4], dynsym[4] + dynsym[5], 24):
        name_at, _info, _other, _shndx, value, size = struct.unpack_from("<IBBHQQ", raw, at)
        end = raw.index(b"\0", strtab[4] + name_at)
        name = raw[strtab[4] + name_at : end].decode("ascii")
        if re.fullmatch(r"icudt\d+_dat", name) and size:
            home = next(s for s in sections if s[3] <= value < s[3] + s[5] and s[1] == 1)
            return name, home[4] + (value - home[3]), size
    raise TrimError(f"{library.name}: no icudt*_dat symbol")


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (name, data) items of an ICU common data package."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != _HEADER_MAGIC or blob[12:16] != b"CmnD":
        raise TrimError("not an ICU common data package")
    toc = blob[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        name = toc[name_at : toc.index(b"\0", name_at)].decode("ascii")
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        items.append((name, toc[data_at:end]))
    return blob[:header_size], items


def write_package(header: bytes, items: Iterable[tuple[str, bytes]]) -> bytes:
    """An ICU common data package of `items` (sorted by name, as ICU's binary search needs)."""
    items = sorted(items, key=lambda item: item[0].encode("ascii"))
    count = len(items)
    names = b""
    name_offsets = []
    for name, _ in items:
        name_offsets.append(4 + 8 * count + len(names))
        names += name.encode("ascii") + b"\0"
    first = at = _aligned(4 + 8 * count + len(names))  # the items start here
    chunks = []
    data_offsets = []
    for _, item in items:
        data_offsets.append(at)
        chunks.append(item + PAD * (_aligned(len(item)) - len(item)))
        at += len(chunks[-1])
    table = struct.pack("<I", count) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    toc = table + names
    return header + toc + PAD * (first - len(toc)) + b"".join(chunks)


def keep_item(name: str) -> bool:
    """Whether the item `name` (e.g. `icudt73l/coll/vi.res`) stays in the trimmed data."""
    parts = name.split("/")[1:]  # without the package's own folder
    if not parts:
        return True
    tree, leaf = (parts[0] if len(parts) > 1 else ""), parts[-1]
    if tree in DROP_TREES:
        return False
    if leaf.endswith(".dict"):  # word-break dictionaries of languages without spaces
        return False
    if leaf.endswith(".cnv"):
        return bool(KEEP_CONVERTERS.match(leaf))
    if leaf in ALWAYS_KEEP or not (leaf == "root.res" or _LOCALE.match(leaf)):
        return True
    return leaf.removesuffix(".res") in KEEP_LOCALES


def trim(library: Path, out_dir: Path) -> Path:
    """Write the trimmed library (same file name) into `out_dir`; its path. TrimError when the
    library is not an ICU data library or no C compiler is found."""
    symbol, offset, size = data_symbol(library)
    header, items = read_package(library.read_bytes()[offset : offset + size])
    kept = [item for item in items if keep_item(item[0])]
    package = write_package(header, kept)
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        raise TrimError("no C compiler (cc) to link the trimmed ICU data")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / library.name
    with tempfile.TemporaryDirectory() as scratch:
        blob = Path(scratch) / "icudata.dat"
        blob.write_bytes(package)
        source = Path(scratch) / "icudata.S"
        source.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            f"\t.balign {ALIGN}\n"
            f"{symbol}:\n"
            f'\t.incbin "{blob}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(
            [
                compiler,
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{library.name}",
                "-o",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
        )
    return out


CHECK = r"""
import ctypes, sys
data, lib_dir, version = sys.argv[1], sys.argv[2], sys.argv[3]
ctypes.CDLL(data, mode=ctypes.RTLD_GLOBAL)
uc = ctypes.CDLL(f"{lib_dir}/libicuuc.so.{version}", mode=ctypes.RTLD_GLOBAL)
i18n = ctypes.CDLL(f"{lib_dir}/libicui18n.so.{version}")
for name, fn, arg in (
    ("collator vi", getattr(i18n, f"ucol_open_{version}"), b"vi"),
    ("collator root", getattr(i18n, f"ucol_open_{version}"), b""),
    ("converter windows-1258", getattr(uc, f"ucnv_open_{version}"), b"windows-1258"),
):
    status = ctypes.c_int(0)
    fn.restype = ctypes.c_void_p
    handle = fn(ctypes.c_char_p(arg), ctypes.byref(status))
    if not handle or status.value > 0:
        sys.exit(f"{name}: ICU error {status.value}")
print("ok")
"""


def check(trimmed: Path, original: Path) -> None:
    """Load `trimmed` with the ICU libraries beside `original` in a separate process and open
    the collators and the converter the program may need; TrimError when one fails."""
    version = original.name.rsplit(".", 1)[-1]
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(trimmed), str(original.parent), version],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or done.stdout.strip() != "ok":
        raise TrimError(f"the trimmed ICU data does not work: {done.stderr.strip()[-300:]}")


def trimmed_or_original(library: Path, out_dir: Path, log: Callable[[str], object] = print) -> Path:
    """The trimmed, checked copy of `library` in `out_dir`, or `library` itself (with a
    warning through `log`) when it cannot be made."""
    try:
        trimmed = trim(library, out_dir)
        check(trimmed, library)
    except (TrimError, OSError, subprocess.CalledProcessError) as exc:
        log(f"WARNING: keeping the full ICU data ({library.stat().st_size >> 20} MB): {exc}")
        return library
    log(
        f"ICU data trimmed: {library.stat().st_size >> 20} MB -> "
        f"{trimmed.stat().st_size / 2**20:.1f} MB ({trimmed})"
    )
    return trimmed


def _aligned(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


if __name__ == "__main__":  # packaging/icu_trim.py LIBRARY OUT_DIR: try it by hand
    trimmed_or_original(Path(sys.argv[1]), Path(sys.argv[2]))
