"""Named exceptions of the library; the CLI turns them into one-line messages."""


class NewsfacetError(Exception):
    """Base class: anything the user can fix, with a message that says how."""


class CaptureError(NewsfacetError):
    """A capture could not be read: missing, unreadable, empty, binary or too large."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class IndexNotFound(NewsfacetError):
    """There is no index at the given folder."""

    def __init__(self, path: str):
        super().__init__(f"no index at {path}")
        self.path = path
        self.hint = "run `newsfacet ingest PATH...` first, or give --index DIR (or set NEWSFACET_INDEX)"


class IndexDamaged(NewsfacetError):
    """The index exists but cannot be read."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"the index at {path} cannot be read ({problem})")
        self.path = path
        self.hint = "run `newsfacet check` to see what is wrong, and `newsfacet reindex` to rebuild it"


class IndexLocked(NewsfacetError):
    """Another process is writing to the index and did not finish in time."""

    def __init__(self, path: str, waited: float, holder: str = ""):
        who = f" (held by {holder})" if holder else ""
        super().__init__(f"the index at {path} is locked by another writer{who}; gave up after {waited:.0f} s")
        self.hint = "wait for the other ingest, delete or reindex to finish, or give --lock-timeout SECONDS"


class BadQuery(NewsfacetError):
    """A query that cannot be parsed or is too costly, with where the problem is."""

    def __init__(self, message: str, query: str = "", position: int | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.query = query
        self.position = position
        self.hint = hint

    def pointer(self) -> str:
        """The query with a caret under the problem (two lines), or ``""``."""
        if self.position is None or not self.query or "\n" in self.query:
            return ""
        return f"  {self.query}\n  {' ' * self.position}^"


class DocumentNotFound(NewsfacetError):
    """No document with the given id."""

    def __init__(self, doc_id: str):
        super().__init__(f"no document with id {doc_id!r}")
        self.doc_id = doc_id
        self.hint = "ids are shown by `newsfacet search` (the [id] before each title)"


class IndexWriteError(NewsfacetError):
    """Writing to the index failed for a reason outside newsfacet (disk full, read-only
    folder); what was committed before is intact."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"cannot write to the index at {path}: {problem}; "
                         "it is as it was after the last commit")
        self.path = path
        self.problem = problem
        if "space" in problem or "size" in problem or "input/output" in problem:
            self.hint = "free some disk space (or move the index with --index DIR) and run the same command again"
        else:
            self.hint = "make the folder writable, or give --index DIR on a writable disk"


class Interrupted(NewsfacetError):
    """An ingest or reindex stopped by Ctrl-C or SIGTERM; `summary` says what was committed."""

    def __init__(self, what: str, summary=None):
        super().__init__(f"{what} interrupted")
        self.summary = summary
        self.hint = "run the same command again to finish: what is already in is skipped"


class BadConfig(NewsfacetError):
    """A backend setting (command line, environment or config file) that is not valid."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint or "see `newsfacet --help` (--backend, --nodes, --config)"


class ClusterUnavailable(NewsfacetError):
    """The search cluster (its coordinator, or a shard a write must reach) does not answer."""

    def __init__(self, address: str, problem: str):
        super().__init__(f"the search cluster node {address} does not answer ({problem})")
        self.address = address
        self.hint = ("start its searchd, or check --nodes (the coordinator first, then the shards); "
                     "`newsfacet --backend whoosh` searches the local index instead")


class ShardDown(NewsfacetError):
    """A shard did not answer a search, and partial results were not allowed."""

    def __init__(self, warnings: list[str]):
        super().__init__("a shard of the search cluster did not answer: " + "; ".join(warnings))
        self.warnings = warnings
        self.hint = "restart the shard's searchd, or allow partial results (--on-shard-down warn)"
