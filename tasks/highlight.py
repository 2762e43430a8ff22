"""Mark the phrases the parser found (deadlines, departments) inside the text a person reads."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, marks: dict[str, str]) -> SafeString:
    """``marks`` maps a phrase to a CSS class; the rest of the text is escaped."""
    phrases = sorted((p for p in marks if p), key=len, reverse=True)
    if not phrases:
        return escape(text)
    pattern = re.compile("|".join(re.escape(p) for p in phrases))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<mark class="{marks[match.group()]}">{escape(match.group())}</mark>')
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
