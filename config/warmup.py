"""Work an app server process would otherwise do on its first requests, done when it starts.

The cached template loader compiles a template the first time a page uses it; the URL resolver
imports the views and builds its tables the first time a URL is resolved or reversed; the first
cache call imports redis. The first visitor of a page in a fresh process waited 0.3 s for what
took 15 ms after (#24: the dashboards' p95 at city scale came from the workers' first requests).
Compiling the product's ~120 templates takes 0.1 s at start. No database connection is opened
here: a process forked afterwards must not share one.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.urls import get_resolver


def warm_up() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view module)
    # reverse() fills each namespace's table on first use (50 ms for the header's links).
    resolver.reverse_dict  # noqa: B018
    for _prefix, namespace in resolver.namespace_dict.values():
        namespace.reverse_dict  # noqa: B018
    for alias in settings.CACHES:
        # Django's Redis cache imports the redis package (0.17 s) when it makes its client; no
        # connection is opened until the first command.
        getattr(caches[alias], "_cache", None)
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt"}:
                get_template(path.relative_to(directory).as_posix())
