"""The newsfacet web app (search UI and JSON API). For now: a placeholder page and a health check.

Run it with `flask --app web run`.
"""
from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

_PLACEHOLDER = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>newsfacet</title></head>
<body>
<h1>newsfacet</h1>
<p>newsfacet search is coming: full-text search with facets (outlet, date, people,
organisations) over your news clippings.</p>
<p>Meanwhile, <code>newsfacet extract CAPTURE...</code> shows what it finds in a capture.</p>
</body>
</html>
"""


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides the configuration (e.g. ``{"TESTING": True}``)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(SECRET_KEY="dev")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)

    @app.get("/")
    def index() -> str:
        return _PLACEHOLDER

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok"}

    return app
