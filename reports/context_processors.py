"""``{{ todo.count }}`` in the header: how many to-do items wait for the user, asked only when a
template reads it and at most once per request (reports.todo caches it between events)."""

from functools import cached_property

from reports.todo import todo_count


class TodoBadge:
    def __init__(self, user):
        self._user = user

    @cached_property
    def count(self) -> int:
        return todo_count(self._user)


def todo(request):
    return {"todo": TodoBadge(getattr(request, "user", None))}
