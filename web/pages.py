"""The HTML pages: the search page and the article page. Views parse, call, render."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from search.errors import BadQuery

from . import data
from .errors import BadParameter, describe

bp = Blueprint("pages", __name__)


@bp.get("/")
def search():
    try:
        view = data.search_view(data.get_index(), request.args)
    except (BadQuery, BadParameter) as exc:  # the page again, with the problem and the query kept
        status, _, message = describe(exc)
        return render_template("search.html", error=message, q=request.args.get("q", "")), status
    return render_template("search.html", q=view["req"].query, **view)


@bp.get("/articles/<doc_id>")
def article(doc_id: str):
    return render_template("article.html", **data.article_view(data.get_index(), doc_id))
