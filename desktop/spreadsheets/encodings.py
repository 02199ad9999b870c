"""Legacy Vietnamese text encodings found in old spreadsheets: TCVN3 (ABC) and Windows-1258.

Before Unicode, Vietnamese offices typed with the ABC font family (.VnTime, .VnArial …) whose
byte values follow TCVN 5712:1993 "VN3" (TCVN3): one byte per precomposed letter. A CSV saved
from such a sheet holds those bytes; an .xls converted to .xlsx holds them as the Windows-1252
characters of the same bytes ("NguyÔn ThÞ Lan"). Windows-1258 is Microsoft's code page: base
letters plus separate (combining) tone marks, composed here to NFC.

The TCVN3 table below was written from the TCVN 5712:1993 layout as GNU libiconv implements it
(`lib/tcvn.h`, the full "VN1" set), keeping what VN3 fonts use:

* 0x00–0x7F are ASCII (VN1 puts capital letters in the control range; VN3 and CSVs do not);
* 0x80–0x9F are read as Windows-1252 (smart quotes, dashes): VN3 fonts leave them to Windows;
* 0xA0–0xFF are the Vietnamese letters. VN3 has lower-case toned letters only (capitals came
  from the separate ".VnTimeH" fonts, which reuse the lower-case bytes); the few VN1 capitals
  in the holes of that range (0xAF Ằ, 0xC0 Ắ …) are kept, since nothing else uses them there.

It is checked against words known in both forms (tests/desktop/test_spreadsheets.py):
"Céng hoµ x· héi chñ nghÜa ViÖt Nam" is "Cộng hoà xã hội chủ nghĩa Việt Nam".
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

from db.text import ALPHABET, nfc

ENCODINGS = ("auto", "utf-8", "cp1258", "tcvn3")
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (có BOM)",
    "utf-16": "UTF-16",
    "cp1258": "Windows-1258",
    "tcvn3": "TCVN3 (ABC)",
    "unicode": "Unicode",
}

# Bytes 0xA0–0xFF, sixteen per line.
_TCVN3_HIGH = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
assert len(_TCVN3_HIGH) == 96
_TONES = "\u0300\u0309\u0303\u0301\u0323"


def _cp1252_or_latin1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252


_TCVN3_TABLE = (
    "".join(chr(b) for b in range(0x80))
    + "".join(_cp1252_or_latin1(b) for b in range(0x80, 0xA0))
    + _TCVN3_HIGH
)
_TCVN3_ENCODE = codecs.charmap_build(_TCVN3_TABLE)
# A Unicode string that is really TCVN3 read as Windows-1252: character → original byte.
_CP1252_BYTES = codecs.charmap_build(
    "".join(chr(b) for b in range(0x80)) + "".join(_cp1252_or_latin1(b) for b in range(0x80, 0x100))
)


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes as NFC text."""
    text, _ = codecs.charmap_decode(data, "strict", _TCVN3_TABLE)
    return nfc(text)


def encode_tcvn3(text: str) -> bytes:
    """NFC text as TCVN3 bytes; UnicodeEncodeError for letters TCVN3 lacks (toned capitals)."""
    data, _ = codecs.charmap_encode(nfc(text), "strict", _TCVN3_ENCODE)
    return data


def retype_tcvn3(text: str) -> str | None:
    """A cell of an old ".VnTime" sheet ("NguyÔn") as Unicode ("Nguyễn"); None if it is not one."""
    try:
        data, _ = codecs.charmap_encode(text, "strict", _CP1252_BYTES)
    except UnicodeEncodeError:
        return None
    return decode_tcvn3(data)


def decode_cp1258(data: bytes) -> str:
    """Windows-1258 bytes (tone marks apart) as NFC text."""
    return nfc(data.decode("cp1258"))


def encode_cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: a letter without its tone, then the tone mark."""
    out = bytearray()
    for ch in nfc(text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in _TONES)
            base = nfc("".join(c for c in parts if c not in _TONES))
            out += (base + tones).encode("cp1258")
    return bytes(out)


# -- telling encodings apart ---------------------------------------------------------------


def _letters() -> tuple[frozenset[str], frozenset[str]]:
    letters, toned = set(), set()
    for base in ALPHABET:
        for tone in ("", *_TONES):
            for ch in {nfc(base + tone), nfc(base.upper() + tone)}:
                if len(ch) == 1:
                    letters.add(ch)
                    if tone:
                        toned.add(ch)
    return frozenset(letters), frozenset(toned)


_VIETNAMESE, _TONED = _letters()
_WORD = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str) -> int:
    """How Vietnamese a text looks: +1 per plausible word with a non-ASCII letter, -1 per other.

    A plausible word has Vietnamese letters only and at most one tone mark. Pure ASCII words
    say nothing and do not count; a combining mark left after NFC makes a word implausible.
    """
    score = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        plausible = all(c in _VIETNAMESE for c in word) and sum(c in _TONED for c in word) <= 1
        score += 1 if plausible else -1
    # Marks that did not compose, and symbols mistaken for letters, are not words of their own.
    score -= sum(1 for c in text if unicodedata.combining(c))
    return score


class EncodingError(ValueError):
    """Text that is not in the encoding it says or seems to be; the message is Vietnamese."""


_BAD_BYTE = re.compile("[\udc80-\udcff]")  # an undecodable byte, kept by "surrogateescape"


def _refuse(data: bytes, codec: str, error: UnicodeDecodeError, label: str) -> EncodingError:
    """Where the first byte that does not fit is, for people: line and character."""
    start = error.start
    if codec == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
        start += len(codecs.BOM_UTF8)  # the codec counts from after the BOM
    before = data[:start].decode(codec, errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    bad = 1
    if codec.startswith("utf-8"):
        bad = len(_BAD_BYTE.findall(data.decode("utf-8", errors="surrogateescape")))
    count = f"{bad} chỗ" if bad > 1 else "một chỗ"
    return EncodingError(
        f"Tệp có vẻ là {label} nhưng hỏng ở {count} (đầu tiên ở dòng {line}, ký tự thứ "
        f"{column}): hãy mở tệp, sửa chỗ đó và lưu lại dạng CSV UTF-8, hoặc chọn bảng mã khác."
    )


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return nfc(data.decode(codec))
    except UnicodeDecodeError as exc:
        raise _refuse(data, codec, exc, label) from None


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not all UTF-8 are UTF-8 with a few damaged bytes (a legacy file has
    few valid multi-byte sequences, if any, and many bytes that fit none)."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_BAD_BYTE.findall(text))
    extra = len(data) - len(text)  # bytes after the first of each valid multi-byte letter
    return extra >= 4 * bad


def detect_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file's bytes: BOM, then UTF-8, then the likelier legacy one.

    UTF-8 with a few damaged bytes is refused (EncodingError naming the first): read as a legacy
    encoding it would turn every Vietnamese letter into nonsense."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", "UTF-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "UTF-16"), "utf-16"
    try:
        return nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise _refuse(data, "utf-8", exc, "UTF-8") from None
    tcvn3 = decode_tcvn3(data)  # every byte is a TCVN3 character
    try:
        legacy = decode_cp1258(data)
    except UnicodeDecodeError:  # a byte Windows-1258 leaves undefined
        return tcvn3, "tcvn3"
    if vietnamese_score(tcvn3) > vietnamese_score(legacy):
        return tcvn3, "tcvn3"
    return legacy, "cp1258"


def decode_bytes(data: bytes, encoding: str) -> str:
    """A CSV file's bytes in the encoding chosen; UnicodeDecodeError when they do not fit
    (EncodingError, naming where, for UTF-8)."""
    if encoding == "tcvn3":
        return decode_tcvn3(data)
    if encoding == "cp1258":
        return decode_cp1258(data)
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise _refuse(data, "utf-8-sig", exc, "UTF-8") from None
        raise


def looks_like_tcvn3(texts: Iterable[str]) -> bool:
    """Whether the strings of a workbook are TCVN3 text read as Windows-1252 (".VnTime" sheets)."""
    as_is = retyped = 0
    for text in texts:
        if text.isascii():
            continue
        fixed = retype_tcvn3(text)
        if fixed is None:
            return False  # a real Unicode Vietnamese letter: the workbook is Unicode
        as_is += vietnamese_score(text)
        retyped += vietnamese_score(fixed)
    return retyped > as_is
