"""The `newsfacet` command. Thin: parse arguments, call the library, print.

Errors a user can cause (a missing, empty, binary or too large file) are
:class:`~search.errors.NewsfacetError` and become one line on standard error;
the other files of the batch are still processed.

This module holds the `main` group and its global options; the commands live
in one module per family and are added to the group below:

    common.py   what the commands share (output, errors, options, opening the index)
    extract.py  extract
    index.py    ingest, delete, reindex, check
    query.py    search, show, similar, facets, stats
    actors.py   actors merge, actors list
    serve.py    serve
"""
from __future__ import annotations

import logging

import click

from search import __version__
from search.cli import actors, extract, index, query, serve

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsfacet")
@click.option("--backend", type=click.Choice(["whoosh", "sphinx"]), default=None,
              help="Where documents are kept and searched: whoosh (the index folder, the default) or "
                   "sphinx (a SphinxQL cluster: Sphinx or Manticore searchd nodes). "
                   "Default: $NEWSFACET_BACKEND, else the config file, else whoosh.")
@click.option("--nodes", metavar="HOST:PORT,...", default=None,
              help="The cluster's SphinxQL addresses: the coordinator (distributed index) first, then "
                   "every shard, always in the same order. Default: $NEWSFACET_NODES, else the config file.")
@click.option("--config", "config_file", metavar="FILE", default=None,
              help="A newsfacet.toml with a [backend] table (name, nodes, on_shard_down); "
                   "default: newsfacet.toml in the index folder, if there is one.")
@click.option("--on-shard-down", type=click.Choice(["warn", "error"]), default=None,
              help="When a shard does not answer: warn (partial results, with a warning; the default) "
                   "or error.")
@click.pass_context
def main(ctx: click.Context, backend, nodes, config_file, on_shard_down) -> None:
    """Full-text search with facets for news clippings.

    newsfacet takes page captures (text copied out of a browser, or a page's
    HTML), strips the page furniture (menus, appeals, newsletter boxes,
    related links, comments), and finds each article's title, outlet, date,
    author and the people and organisations it mentions.

    \b
    Examples:
      newsfacet extract clipping.txt     # what newsfacet keeps of a page, and why
      newsfacet ingest captures/         # add captures to the index (./index)
      newsfacet search 'Macron Putin' --outlet "The Independent"
      newsfacet serve                    # the search page on http://127.0.0.1:5000
      newsfacet --backend sphinx --nodes 10.0.0.1:9306,10.0.0.2:9306,10.0.0.3:9306 search opec

    Run `newsfacet COMMAND --help` for a command's options.
    """
    ctx.obj = {"backend": backend, "nodes": nodes, "config": config_file, "on_shard_down": on_shard_down}
    _show_library_notes()


class _NoteHandler(logging.Handler):
    """The library's notes (what recovery after a crashed writer did) as lines on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"newsfacet: {record.getMessage()}", err=True)


def _show_library_notes() -> None:
    log = logging.getLogger("newsfacet")
    if not any(isinstance(h, _NoteHandler) for h in log.handlers):
        log.addHandler(_NoteHandler(logging.WARNING))
        log.propagate = False


for _command in (extract.extract, index.ingest, query.search_command, query.show, query.similar, index.delete,
                 query.stats, query.facets, index.reindex, index.check, actors.actors, serve.serve):
    main.add_command(_command)
del _command


if __name__ == "__main__":
    main(prog_name="newsfacet")
