from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A rate (0–1) as a percentage with one decimal, or — when there is nothing to divide."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def get(mapping, key):
    return mapping.get(key)
