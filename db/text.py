"""Vietnamese text: normalisation, tone-insensitive folding and the collation of people's names.

Text typed with Unikey/Telex may arrive decomposed (NFD); everything stored is NFC. Search
ignores tones and case (`nguyen thi anh` finds "Nguyễn Thị Ánh", `d` finds `đ`). Lists of people
sort the Vietnamese way: by given name (the last word), then the rest, in the Vietnamese alphabet
(a ă â b c d đ e ê … o ô ơ … u ư …), tones deciding only between otherwise equal words
(ngang, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Invisible characters no stored text may hold: C0 controls (multi-line text keeps tab and line
# breaks), DEL, C1 controls, and the bidirectional marks, embeddings, overrides and isolates
# that make text display in another order than it is stored.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_HIDDEN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_HIDDEN_MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")

# NFD combining marks: the five tones, and the three letter modifiers that make new letters.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

# Vietnamese alphabet order; f j w z (loan words) take their Latin places.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"


def nfc(text: str) -> str:
    """The NFC form of a string (Vietnamese letters precomposed)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC and trimmed; inner line breaks kept (for notes and descriptions)."""
    return nfc(text).strip()


def has_hidden_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` holds a control or bidirectional formatting character (see above)."""
    if text.isprintable():  # every such character is unprintable (categories Cc and Cf)
        return False
    return (_HIDDEN_MULTILINE if multiline else _HIDDEN_LINE).search(text) is not None


def clean_name(text: str) -> str:
    """NFC, trimmed and single-spaced: how every name is stored."""
    text = nfc(text)
    if text.isprintable() and "  " not in text:  # no whitespace but single ASCII spaces
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def _build_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Translation tables from every Vietnamese letter to (folded, primary, tone) forms."""
    fold: dict[int, str] = {}
    primary: dict[int, str] = {}
    tone: dict[int, str] = {}
    rank = {letter: i for i, letter in enumerate(ALPHABET)}
    # Every lower-case letter with every tone, and their upper-case forms.
    bases = [*ALPHABET]
    candidates = set()
    for base in bases:
        for mark in ["", *_TONE_MARKS]:
            candidates.add(nfc(base + mark))
    for ch in candidates:
        for variant in {ch, ch.upper()}:
            if len(variant) != 1:
                continue
            decomposed = unicodedata.normalize("NFD", variant.lower())
            tone_value = 0
            letter = ""
            for part in decomposed:
                if part in _TONE_MARKS:
                    tone_value = _TONE_MARKS[part]
                else:
                    letter += part
            letter = nfc(letter)
            if letter not in rank:
                continue
            ascii_letter = "d" if letter == "đ" else unicodedata.normalize("NFD", letter)[0]
            fold[ord(variant)] = ascii_letter
            primary[ord(variant)] = chr(0xE000 + rank[letter])
            tone[ord(variant)] = str(tone_value)
    return fold, primary, tone


_FOLD, _PRIMARY, _TONE = _build_tables()


def fold(text: str) -> str:
    """Lower-case, tone-free, đ→d, single-spaced: the form searches compare.

    >>> fold("  Nguyễn  Thị ÁNH ")
    'nguyen thi anh'
    """
    text = nfc(text)
    folded = text.translate(_FOLD)
    if not folded.isascii():
        # Rare letters outside Vietnamese: drop their marks the generic way.
        folded = "".join(
            c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c)
        )
    folded = folded.lower()
    if folded.isprintable() and "  " not in folded:  # no whitespace but single ASCII spaces
        return folded.strip()
    return _SPACES.sub(" ", folded).strip()


def given_first(text: str) -> str:
    """`fold` with the last word (a Vietnamese given name) first: the key a search by given name
    walks in an index.

    >>> given_first("Nguyễn Thị Ánh")
    'anh nguyen thi'
    """
    rest, _, given = fold(text).rpartition(" ")
    return f"{given} {rest}" if rest else given


def matches(query: str, text: str) -> bool:
    """Whether `text` contains `query`, ignoring tones, case and extra spaces."""
    return fold(query) in fold(text)


# The words a place's or a branch's name starts with, folded: a list of them all starts alike.
KIND_PREFIXES = ("thanh pho ", "tinh ", "dac khu ", "phuong ", "xa ", "chi hoi ")


def type_ahead_key(text: str) -> str:
    """`fold` without the leading "Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu" or "Chi hội":
    what typing a few letters to jump in a list compares with.

    >>> type_ahead_key("Tỉnh Bắc Ninh")
    'bac ninh'
    >>> type_ahead_key("Chi hội Thôn Đông")
    'thon dong'
    """
    folded = fold(text)
    for prefix in KIND_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def word_key(word: str) -> tuple[str, str]:
    """(letters in Vietnamese order, tones) of one word, lower-cased."""
    lower = nfc(word).lower()
    return lower.translate(_PRIMARY), lower.translate(_TONE)


def name_key(full_name: str) -> tuple[str, str, str, str, str]:
    """Sort key for a person's name: given name first, then the rest, the Vietnamese way.

    "Trần Thị An" < "Lê Văn Ánh" < "Nguyễn Thị Bình" < "Đỗ Thị Chi" < "Phạm Thị Đào".
    """
    name = clean_name(full_name or "")
    rest, _, given = name.rpartition(" ")
    given_primary, given_tone = word_key(given)
    rest_primary, rest_tone = word_key(rest)
    return given_primary, given_tone, rest_primary, rest_tone, name


def text_key(text: str) -> tuple[str, str, str]:
    """Sort key for any other text (branch names, villages) in Vietnamese order."""
    primary, tone = word_key(clean_name(text or ""))
    return primary, tone, text or ""


def sort_people(names: list[str]) -> list[str]:
    """Names in Vietnamese order by given name."""
    return sorted(names, key=name_key)


def format_count(n: int) -> str:
    """A whole number the Vietnamese way: `13.752`."""
    return f"{n:,}".replace(",", ".")
