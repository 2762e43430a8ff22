"""Build the font subsets the printed reports embed: ``python -m reports.fontsubset``.

WeasyPrint subsets every font it embeds, and the cost grows with the font's size: the full Noto CJK
collections made a 25-page report take 16 s, most of it subsetting (docs: PLATFORM.md). These
subsets keep the characters official documents use — GB2312's 6,763 hanzi and its symbols, ASCII,
CJK punctuation, plus any character of the shipped fixtures (the demo plan and the department
names) — so a report renders in a few seconds and looks the same on every machine. The results
are committed under ``static/fonts/`` with the OFL text; run this again only to change them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset

NOTO = Path("/usr/share/fonts/opentype/noto")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "fonts"
SC_FACE = 2  # the Simplified Chinese face in Debian's Noto CJK collections (JP, KR, SC, TC, HK)

# (collection, output file): a body serif, a heavy serif for titles, a sans for headings and charts.
FACES = [
    ("NotoSerifCJK-Regular.ttc", "DubanSerifSC-Regular.otf"),
    ("NotoSerifCJK-Bold.ttc", "DubanSerifSC-Bold.otf"),
    ("NotoSansCJK-Regular.ttc", "DubanSansSC-Regular.otf"),
    ("NotoSansCJK-Bold.ttc", "DubanSansSC-Bold.otf"),
]


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes: rows 0xA1–0xA9 (symbols) and 0xB0–0xF7 (hanzi)."""
    chars = set()
    for high in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_characters() -> set[str]:
    chars = gb2312_characters()
    chars |= {chr(c) for c in range(0x20, 0x7F)}  # ASCII
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars |= set("·—–−…‘’“”•●○■□▲△◆◇★☆√×÷±≤≥≠℃％‰№①②③④⑤⑥⑦⑧⑨⑩")
    for path in (ROOT / "fixtures").glob("*.*"):
        if path.suffix in {".txt", ".json", ".csv"}:
            chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() or c == "\u3000"}


def build(source: Path, target: Path, text: str) -> None:
    options = subset.Options()
    options.font_number = SC_FACE
    options.layout_features = ["*"]  # keep vertical forms and proportional punctuation
    options.name_IDs = ["*"]  # the copyright and license entries travel with the font
    options.notdef_outline = True
    options.hinting = False  # PDFs and screens at print sizes do not need CFF hints
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=NOTO)
    args = parser.parse_args()
    text = "".join(sorted(wanted_characters()))
    OUT.mkdir(parents=True, exist_ok=True)
    for collection, name in FACES:
        build(args.source / collection, OUT / name, text)
        print(f"{name}: {(OUT / name).stat().st_size / 1024:.0f} KiB, {len(text)} characters")


if __name__ == "__main__":
    main()
