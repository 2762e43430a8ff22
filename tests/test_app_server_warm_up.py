"""An app server process compiles every template and builds its URL tables when it starts
(config.wsgi → config.warmup), so its first visitors wait no longer than the next ones — and a
template that does not compile stops the process at start rather than a user's page."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver

from config.warmup import warm_up


def test_every_template_is_compiled_and_every_url_table_built_before_the_first_request():
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()

    warm_up()

    compiled = set(loader.get_template_cache)
    directory = Path(settings.TEMPLATES[0]["DIRS"][0])
    ours = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.suffix in {".html", ".txt"}}
    assert ours and ours <= compiled
    assert "reports/supervision_home.html" in compiled
    for _prefix, namespace in get_resolver().namespace_dict.values():
        assert namespace._populated
