"""`newsfacet actors merge` and `newsfacet actors list`: the user's actor-name merges."""
from __future__ import annotations

import click

from search.cli.common import echo, index_option, library


@click.group()
def actors() -> None:
    """The actor names: merge a variant into a canonical name, list the merges."""


@actors.command("merge")
@click.argument("variant")
@click.argument("canonical")
@index_option
@library
def actors_merge(variant: str, canonical: str, index_path: str | None) -> None:
    """Take VARIANT for CANONICAL from now on: "newsfacet actors merge Zelenskyy 'Volodymyr Zelensky'".

    The merge is kept in the user alias file beside the index (aliases.json), which
    extraction reads from then on, and documents already in the index are re-labelled
    at once, without extracting them again."""
    from search.backends.whoosh.relabel import relabel_index
    from search.extract.canonical import alias_file, merge_alias
    from search.backends.whoosh.index import exists

    path = alias_file(index_path)
    try:
        merge_alias(path, variant, canonical)
    except (OSError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    echo(f"{variant} -> {canonical} (in {path})")
    if exists(path.parent):
        changed = relabel_index(path.parent, variant, canonical)
        echo(f"re-labelled {changed} indexed document{'s' if changed != 1 else ''}")


@actors.command("list")
@index_option
def actors_list(index_path: str | None) -> None:
    """List the user's merges (VARIANT -> CANONICAL)."""
    from search.extract.canonical import alias_file, read_user_aliases

    path = alias_file(index_path)
    try:
        aliases = read_user_aliases(path)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    for variant, canonical in sorted(aliases.items(), key=lambda kv: (kv[1].lower(), kv[0].lower())):
        echo(f"{variant} -> {canonical}")
