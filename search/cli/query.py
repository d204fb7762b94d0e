"""The commands that read the index: `search` (with --explain), `show`, `similar`,
`facets` and `stats`, and how their results are printed (text, JSON, CSV).
"""
from __future__ import annotations

import re
import sys

import click

from search.cli.common import echo, index_option, library, open_index, parse_date, print_json
from search.cli.extract import format_article
from search.extract.article import Article


def _search_request(query, outlet, actor, date_from, date_to, sort, page, per_page, any_word, no_collapse,
                    interval, facet_size, language=()):
    from search.engine import SearchRequest

    return SearchRequest(query=query, outlet=list(outlet), actor=list(actor), date_from=date_from,
                         date_to=date_to, sort=sort, page=page, per_page=per_page, any_word=any_word,
                         collapse=not no_collapse, interval=interval, facet_top=facet_size,
                         language=list(language))


def _search_options(fn):
    options = [
        click.option("--outlet", multiple=True, metavar="NAME", help="Only this outlet (repeat: any of them)."),
        click.option("--actor", multiple=True, metavar="NAME", help="Only documents naming this actor (repeat: any)."),
        click.option("--language", multiple=True, metavar="CODE",
                     help="Only documents in this language, an ISO 639-1 code: de, fr (repeat: any)."),
        click.option("--from", "date_from", metavar="YYYY-MM-DD", callback=parse_date, help="Dated on or after."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", callback=parse_date, help="Dated on or before."),
        click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
                     show_default=True),
        click.option("--page", type=int, default=1, show_default=True),
        click.option("--per-page", type=int, default=10, show_default=True),
        click.option("--any", "any_word", is_flag=True, help="Rank by any of the words (natural language)."),
        click.option("--no-collapse", is_flag=True, help="Show every syndicated copy, not one per story."),
        click.option("--interval", type=click.Choice(["day", "month", "year"]), default=None,
                     help="Date histogram buckets (default: from the span of the matches)."),
        click.option("--facet-size", type=int, default=10, show_default=True, help="Values listed per facet."),
        index_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.command(name="search")
@click.argument("query", nargs=-1)
@_search_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the page of hits as CSV.")
@click.option("--explain", is_flag=True, help="Show how the query was read, with each word's document count.")
@library
def search_command(query, outlet, actor, date_from, date_to, sort, page, per_page, any_word, no_collapse,
                   interval, facet_size, index_path, as_json, as_csv, explain, language=()) -> None:
    """Search the index: ranked results, highlighted snippets, facet counts.

    \b
    Query syntax (all words required unless --any):
      oil prices          both words (stemmed)        "oil prices"   the phrase
      oil OR gas          either                      oil -gas, oil NOT gas
      pri*                prefix                      (oil OR gas) opec
      title:opec  outlet:Reuters  actor:"Emmanuel Macron"
      date:2022-01-01..2022-02-28   date:2022   date:2023-03..

    Facets (outlet, actor, date) count every matching document; values chosen
    within a facet are ORed, facets ANDed, each counted without its own choice.
    Exit status: 0, 1 (no index or other error), 2 (bad query or option).

    \b
    Examples:
      newsfacet search Macron
      newsfacet search '"peace talks" Ukraine' --outlet "The Moscow Times" --sort newest
      newsfacet search opec --json
    """
    from search.engine import search as run_search

    request = _search_request(" ".join(query), outlet, actor, date_from, date_to, sort, page, per_page,
                              any_word, no_collapse, interval, facet_size, language)
    index = open_index(index_path)
    if explain:
        _explain(index, request)
    result = run_search(index, request)
    if as_json:
        print_json(result)
    elif as_csv:
        _print_csv(result)
    else:
        _print_hits(result)


def _explain(index, request) -> None:
    from search.query import describe, parse

    node = parse(request.query, any_word=request.any_word)
    click.echo(f"Query: {describe(node)}", err=True)
    for line in index.explain(node):   # how the backend matches it
        click.echo(line, err=True)


# --------------------------------------------------------------------------- printing results


def _terminal_snippet(snippet: str) -> str:
    import html

    parts = re.split(r"<mark>(.*?)</mark>", snippet)
    return "".join(html.unescape(p) if i % 2 == 0 else click.style(html.unescape(p), bold=True)
                   for i, p in enumerate(parts))


def _print_hits(result: dict) -> None:
    for warning in result.get("warnings") or []:
        click.echo(f"newsfacet: warning: partial results: {warning}", err=True)
    total, docs = result["total"], result["total_documents"]
    shown = f"{total} result{'s' if total != 1 else ''}"
    if result["collapsed"] and docs != total:
        shown += f" ({docs} documents; syndicated copies folded)"
    echo(f"{shown}, page {result['page']} of {result['pages']}, {result['took_ms']} ms")
    if result.get("suggestion"):
        echo(f"Did you mean: {result['suggestion']}")
    for hit in result["hits"]:
        meta = " · ".join(x for x in (hit["outlet"] or "(no outlet)", hit["date"] or "(no date)") if x)
        echo("")
        echo(f"[{hit['id']}] " + click.style(hit["title"] or "(no title)", bold=True))
        copies = f" · {hit['copies']} copies in {hit['copy_outlets']} outlets" if hit["copies"] > 1 else ""
        echo(f"  {meta}{copies}")
        if hit["actors"]:
            echo("  " + ", ".join(a["name"] for a in hit["actors"][:8]))
        echo("  " + _terminal_snippet(hit["snippet"]))
    facets = result["facets"]
    echo("")
    for name in ("outlet", "actor", "language"):
        f = facets[name]
        values = ", ".join(f"{'*' if v['selected'] else ''}{v['value']} ({v['count']})" for v in f["values"])
        more = ", …" if f["truncated"] else ""
        missing = f", (none) ({f['missing']})" if f["missing"] else ""
        echo(f"{name.capitalize()}: {values or '-'}{more}{missing}")
    d = facets["date"]
    bars = ", ".join(f"{v['value']} ({v['count']})" for v in d["values"] if v["count"])
    missing = f", (no date) ({d['missing']})" if d["missing"] else ""
    echo(f"Date by {d['interval']}: {bars or '-'}{missing}")


def _print_csv(result: dict) -> None:
    import csv
    import html

    out = csv.writer(sys.stdout)
    out.writerow(["id", "title", "outlet", "date", "actors", "url", "score", "copies", "snippet"])
    for h in result["hits"]:
        snippet = html.unescape(re.sub(r"</?mark>", "", h["snippet"]))
        row = [h["id"], h["title"] or "", h["outlet"] or "", h["date"] or "",
               "; ".join(a["name"] for a in h["actors"]), h["url"] or "", h["score"], h["copies"], snippet]
        out.writerow([("'" + c) if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in row])


# --------------------------------------------------------------------------- one document, facets, sizes


@click.command()
@click.argument("doc_id", metavar="ID")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the document as one JSON object.")
@library
def show(doc_id, index_path, as_json) -> None:
    """Print one document: its metadata, clean text, syndicated copies and dropped blocks."""
    from datetime import date as _date

    from search.extract.article import Actor, Dropped
    from search.engine import show as run_show

    doc = run_show(open_index(index_path), doc_id)
    if as_json:
        print_json(doc)
        return
    article = Article(source=doc["source"] or "", body=doc["body"], title=doc["title"], url=doc["url"],
                      outlet=doc["outlet"], date=_date.fromisoformat(doc["date"]) if doc["date"] else None,
                      author=doc["author"], actors=[Actor(a["name"], a["type"]) for a in doc["actors"]],
                      dropped=[Dropped(d["text"], d["reason"]) for d in doc["dropped"]],
                      provenance=doc.get("provenance"))
    echo(f"[{doc['id']}]")
    echo(format_article(article, explain=True))
    if doc["copies"]:
        echo(f"\nSyndicated copies ({len(doc['copies'])}):")
        for c in doc["copies"]:
            echo(f"  [{c['id']}] {c['outlet'] or '(no outlet)'} {c['date'] or ''}")


@click.command()
@click.argument("doc_id", metavar="ID")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--per-page", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@index_option
@library
def similar(doc_id, page, per_page, as_json, index_path) -> None:
    """Documents like document ID (more like this; its own syndicated copies left out)."""
    from search.engine import SearchRequest, similar as run_similar

    result = run_similar(open_index(index_path), doc_id, SearchRequest(page=page, per_page=per_page))
    if as_json:
        print_json(result)
    else:
        _print_hits(result)


@click.command()
@click.argument("name", type=click.Choice(["outlet", "actor"]))
@click.option("--prefix", default="", help="Only values with a word starting with this.")
@click.option("--query", "-q", default="", help="Count over the documents matching this query.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@index_option
@library
def facets(name, prefix, query, limit, as_json, index_path) -> None:
    """List the values of facet NAME (outlet or actor) with their document counts."""
    from search.engine import SearchRequest, facet_values

    result = facet_values(open_index(index_path), name, SearchRequest(query=query, facet_top=limit), prefix)
    if as_json:
        print_json(result)
        return
    for v in result["values"]:
        echo(f"{v['count']:8d}  {v['value']}")
    if result["truncated"]:
        echo("       …  (more: raise --limit or give --prefix)")
    if result["missing"] and not prefix:
        echo(f"{result['missing']:8d}  (none)")


@click.command()
@index_option
@click.option("--json", "as_json", is_flag=True)
@library
def stats(index_path, as_json) -> None:
    """Sizes of the index: documents, captures, outlets, actors, dates, bytes."""
    from search.engine import stats as run_stats

    result = run_stats(open_index(index_path))
    if as_json:
        print_json(result)
        return
    for key, value in result.items():
        echo(f"{key.replace('_', ' ')}: {value if value is not None else '-'}")
