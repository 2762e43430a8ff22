"""Benchmark instrumentation, installed only when ``BENCH_ENABLED`` is true (never by default).

- :class:`QueryCountMiddleware` (outermost) counts the SQL statements of each request on every
  database alias and returns them in ``X-Bench-Queries`` (total) and ``X-Bench-Queries-<alias>``.
- :class:`FloorMiddleware` (innermost) answers ``/__bench__/floor``: the cheapest authenticated
  page, which has gone through every middleware (session, user, CSRF, …) but no view, query or
  template of the product. Pages are measured beside it in the same run.
"""

from __future__ import annotations

from contextlib import ExitStack

from django.db import connections
from django.http import HttpResponse

FLOOR_PATH = "/__bench__/floor"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counts: dict[str, int] = {}

        def counter(alias):
            def count(execute, sql, params, many, context):
                counts[alias] = counts.get(alias, 0) + 1
                return execute(sql, params, many, context)

            return count

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter(alias)))
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(sum(counts.values()))
        for alias, count in counts.items():
            response[f"X-Bench-Queries-{alias}"] = str(count)
        return response


class FloorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == FLOOR_PATH:
            if not request.user.is_authenticated:  # loads the session and the user, as every page does
                return HttpResponse("login required", status=403, content_type="text/plain")
            return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")
        return self.get_response(request)
