from django import template

from tasks.progress import VERB_LABELS

register = template.Library()


@register.filter
def event_label(event) -> str:
    """What a timeline says for an event: 提交, 退回, 催办 …"""
    return VERB_LABELS.get(event.verb, event.verb)
