"""What every `newsfacet` command shares: printing, error lines, option callbacks,
the library-error wrapper, and opening the index named on the command line.

Imported by each command module; imports no other module of search.cli.
"""
from __future__ import annotations

import json
import re
import sys
from datetime import date as Date

import click

from search.errors import BadQuery, NewsfacetError

# --------------------------------------------------------------------------- output


def echo(text: str, fallback: str | None = None) -> None:
    """Print to stdout; where its encoding cannot hold a character, print `fallback` or escapes."""
    try:
        click.echo(text)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        if fallback is None:
            fallback = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
        click.echo(fallback)


def error(source: str, problem: str) -> None:
    click.echo(f"newsfacet: error: {shown(source)}: {problem}", err=True)


# --------------------------------------------------------------------------- errors


def describe(exc: BaseException) -> str:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"internal error: {type(exc).__name__}" + (f": {detail}" if detail else "")


def shown(source: str) -> str:
    return "<stdin>" if source == "-" else source


# --------------------------------------------------------------------------- options


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> Date | None:
    if value is None:
        return None
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD (for example 2025-11-14).")
    try:
        return Date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a real date ({exc}).") from None


def blank_is_none(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


# --------------------------------------------------------------------------- the index commands
# Each opens the index named by --index (else NEWSFACET_INDEX, else ./index: settings.index_dir),
# calls one library function and prints its result. Library errors become one line and a hint.


class UserError(click.ClickException):
    """A NewsfacetError as one line on standard error, a hint, and an exit status."""

    def __init__(self, exc: NewsfacetError, exit_code: int = 1):
        super().__init__(str(exc))
        self.exc = exc
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"newsfacet: error: {self.message}", err=True)
        pointer = self.exc.pointer() if isinstance(self.exc, BadQuery) else ""
        if pointer:
            click.echo(pointer, err=True)
        hint = getattr(self.exc, "hint", "")
        if hint:
            click.echo(f"hint: {hint}", err=True)


def library(fn):
    """Run a command body, turning library errors into UserError (bad queries exit 2)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BadQuery as exc:
            raise UserError(exc, 2) from None
        except NewsfacetError as exc:
            raise UserError(exc, 1) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:     # `newsfacet search ... | head`: the reader had enough; click exits
            raise                   # quietly with status 1, as other Unix tools do on SIGPIPE
        except Exception as exc:    # a bug of ours: still one line, never a traceback
            bug = NewsfacetError(describe(exc))
            bug.hint = "this is a bug in newsfacet; please report it with the command that showed it"
            raise UserError(bug, 1) from None
    return wrapper


index_option = click.option("--index", "index_path", metavar="DIR", envvar=None,
                            help="The index folder (default: $NEWSFACET_INDEX, else ./index).")


def cli_settings(path):
    """The backend settings of the command line (global options), else as settings.py finds them."""
    from search.settings import backend_settings

    ctx = click.get_current_context(silent=True)
    obj = (ctx.find_root().obj if ctx is not None else None) or {}
    return backend_settings(path, backend=obj.get("backend"), nodes=obj.get("nodes"),
                            on_shard_down=obj.get("on_shard_down"), config=obj.get("config"))


def open_index(index_path: str | None):
    """The index on its backend, closed (its files, its connections) when the command ends."""
    from search.backends import open_index as open_on_backend
    from search.settings import index_dir

    path = index_dir(index_path)
    index = open_on_backend(path, cli_settings(path))
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(index.close)
    return index


def print_json(obj) -> None:
    text = json.dumps(obj, ensure_ascii=False)
    echo(text, fallback=json.dumps(obj))
