from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def state_badge(report) -> str:
    """A report's state as a badge (未填报 for none): a filter rather than an included template,
    since long tables print one per row (#24)."""
    if report is None or report == "":
        return mark_safe('<span class="badge text-bg-light border">未填报</span>')  # a constant
    return format_html('<span class="badge state-{}">{}</span>', report.state, report.get_state_display())
