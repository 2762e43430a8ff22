"""The difference between two versions of a text, for people to read: the words kept, taken out
and put in, in order. Chinese has no spaces, so the unit is the character; runs of one or two
kept characters between changes are folded into the change, so that a reworded phrase reads as
one replacement rather than a scatter of single characters."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

# Kept runs this short, between two changes, read better as part of the change.
SHORT_RUN = 2


@dataclass(frozen=True)
class Segment:
    op: str  # "same" | "removed" | "added"
    text: str


def inline_diff(old: str, new: str) -> list[Segment]:
    """``old`` turned into ``new`` as segments; the template wraps them in <del> and <ins>."""
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[list] = []  # [tag, old_part, new_part]
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        old_part, new_part = old[i1:i2], new[j1:j2]
        inner = 0 < index < len(opcodes) - 1
        if tag == "equal" and inner and len(old_part) <= SHORT_RUN:
            tag = "replace"  # a short kept run between changes: part of the change
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1][1] += old_part
            merged[-1][2] += new_part
        else:
            merged.append([tag, old_part, new_part])
    segments = []
    for tag, old_part, new_part in merged:
        if tag == "equal":
            segments.append(Segment("same", old_part))
            continue
        if old_part:
            segments.append(Segment("removed", old_part))
        if new_part:
            segments.append(Segment("added", new_part))
    return segments
