"""Errors: one handler for everything. Under /api/ every error is the same JSON
shape, ``{"error": {"status", "code", "message"}}`` (never an HTML page or a
traceback); pages get an HTML error page."""
from __future__ import annotations

import json
import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from search.errors import (BadConfig, BadQuery, ClusterUnavailable, DocumentNotFound, IndexDamaged, IndexNotFound,
                           ShardDown)

log = logging.getLogger(__name__)


class BadParameter(Exception):
    """A request parameter that is malformed or out of bounds (400 bad_parameter)."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


def describe(exc: BaseException) -> tuple[int, str, str]:
    """(status, code, message) for any exception; unknown ones are a 500 with no details."""
    if isinstance(exc, BadParameter):
        return 400, "bad_parameter", str(exc)
    if isinstance(exc, BadQuery):
        message = exc.message
        if exc.position is not None and exc.query:
            message += f" (at character {exc.position + 1})"
        if exc.hint:
            message += f"; {exc.hint}"
        return 400, "bad_query", message
    if isinstance(exc, DocumentNotFound):
        return 404, "not_found", str(exc)
    if isinstance(exc, IndexNotFound):
        return 503, "no_index", f"{exc}; {exc.hint}"
    if isinstance(exc, IndexDamaged):
        return 503, "index_damaged", f"{exc}; {exc.hint}"
    if isinstance(exc, ClusterUnavailable):
        return 503, "cluster_unavailable", f"{exc}; {exc.hint}"
    if isinstance(exc, ShardDown):
        return 503, "shard_down", f"{exc}; {exc.hint}"
    if isinstance(exc, BadConfig):
        return 500, "bad_config", f"{exc}; {exc.hint}"
    if isinstance(exc, HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        return exc.code or 500, code, exc.description or exc.name
    log.exception("unexpected error on %s", request.path)
    return 500, "internal_error", "internal error; see the server log"


def json_response(obj, status: int = 200) -> Response:
    """`obj` as JSON exactly as `newsfacet search --json` prints it (key order kept, UTF-8)."""
    return Response(json.dumps(obj, ensure_ascii=False), status=status, mimetype="application/json")


def error_body(status: int, code: str, message: str) -> dict:
    return {"error": {"status": status, "code": code, "message": message}}


def handle(exc: BaseException):
    status, code, message = describe(exc)
    if request.path == "/api" or request.path.startswith("/api/"):
        response = json_response(error_body(status, code, message), status)
    else:
        response = Response(render_template("error.html", status=status, code=code, message=message),
                            status=status, mimetype="text/html")
    if isinstance(exc, HTTPException) and status == 405:
        allowed = exc.get_response().headers.get("Allow")
        if allowed:
            response.headers["Allow"] = allowed
    return response


def register(app: Flask) -> None:
    """The one error handler, for every exception."""
    app.register_error_handler(Exception, handle)
