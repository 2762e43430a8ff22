"""Small text helpers: Chinese numerals, width normalisation, traditional → simplified, clause codes."""

from __future__ import annotations

import re

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万"
# Length-preserving normalisation: full-width digits and symbols to ASCII so that regexes can
# work on a normalised copy while phrases are sliced from the original text at the same offsets.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_CN_YEAR_RE = re.compile(r"[〇零一二三四五六七八九]{4}(?=\s*年)")
_YEAR_DIGIT = str.maketrans("〇零一二三四五六七八九", "00123456789")

# Marker numerals: 一 … 九十九 written the usual way.
_CN_MARKER_RE = re.compile(
    r"(?:[一二三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)"
)


def _norm(text: str) -> str:
    """Return ``text`` with ASCII digits (also for 二〇二二年) — always the same length as ``text``."""
    text = text.translate(_FULLWIDTH)
    return _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_YEAR_DIGIT), text)


def _cn_to_int(text: str) -> int | None:
    """Convert a Chinese numeral (两, 十二, 一百二十, 三万) or ASCII digits to int; None if malformed."""
    text = text.translate(_FULLWIDTH)
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_NUM_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and ch not in "〇零":
                return None  # "一二" is not a number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def _number_of(numeral: str) -> int:
    """Marker numeral (Chinese or digits, any width) to int."""
    value = _cn_to_int(numeral)
    return 0 if value is None else value


_TRAD_CONVERTER = None


def _to_simplified(lines: list[str]) -> tuple[list[str], bool]:
    """Convert traditional characters line by line when the text is clearly traditional.

    Simplified text is left alone: OpenCC would still rewrite a few characters (著 → 着).
    """
    global _TRAD_CONVERTER
    han = sum(1 for line in lines for ch in line if "\u4e00" <= ch <= "\u9fff")
    if not han:
        return lines, False
    try:
        if _TRAD_CONVERTER is None:
            from opencc_purepy import OpenCC

            _TRAD_CONVERTER = OpenCC("t2s")
        converted = [_TRAD_CONVERTER.convert(line) if line else line for line in lines]
    except Exception:  # a converter failure must not stop parsing
        return lines, False
    changed = sum(
        sum(1 for a, b in zip(old, new, strict=False) if a != b) for old, new in zip(lines, converted, strict=True)
    )
    if changed >= 2 and changed >= 0.05 * han:
        return converted, True
    return lines, False


def chinese_number(text: str) -> int | None:
    """A numeral as people write it in a table cell (九, 五十八, 58, ５８) as int; None if it is not one."""
    return _cn_to_int(text.strip())


def normalize_code(value: str) -> str | None:
    """Clause codes as tables write them.

    "(九)", "（九）", "九", "第九条", "9", "9.0" → "9"; "9.2" / "9-2" → "9.2" (an item); "C2", "C2.3"
    (a chapter's own task; clause 3 of chapter 2 where chapters restart their numbering) stay."""
    compact = re.sub(r"\s+", "", str(value or "")).upper()
    if re.fullmatch(r"C\d+(\.\d+)*", compact):
        return compact
    text = re.sub(r"[\s()（）第条、.．]+$", "", re.sub(r"^[\s(（第]+", "", str(value or "")))
    text = text.replace("（", "").replace("）", "").replace("(", "").replace(")", "")
    if not text:
        return None
    if re.fullmatch(r"\d+\.0", text):  # Excel stores 9 as 9.0
        text = text[:-2]
    parts = re.split(r"[.．\-－]", text)
    numbers = [chinese_number(part) for part in parts]
    if any(n is None or n <= 0 for n in numbers):
        return None
    return ".".join(str(n) for n in numbers)
