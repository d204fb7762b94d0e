"""The newsfacet web app: the search page, the article page and the JSON API.

`create_app(test_config=None)` builds it (flaskr style). The index folder is the
``INDEX`` setting; without it, the same as the CLI (``$NEWSFACET_INDEX``, else
``./index``: `search.settings.index_dir`). Serve it with ``newsfacet serve``
(waitress), or in development with ``flask --app web run``.
"""
from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

#: Sent with every response. Everything is served from this origin (no CDN, no web fonts).
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides the configuration (e.g. ``{"INDEX": path}``)."""
    from search.settings import index_dir

    from . import api, errors, pages

    app = Flask(__name__, instance_relative_config=True)
    # BACKEND (whoosh | sphinx), NODES ("HOST:PORT,..." or a list: the coordinator first, then the
    # shards), ON_SHARD_DOWN (warn | error), CONFIG (a newsfacet.toml); None: as the CLI finds them.
    app.config.from_mapping(SECRET_KEY="dev", INDEX=None, JSON_AS_ASCII=False,
                            BACKEND=None, NODES=None, ON_SHARD_DOWN=None, CONFIG=None)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.config["INDEX"] = str(index_dir(app.config.get("INDEX")))

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
