"""Named exceptions of the library; the CLI turns them into one-line messages."""


class NewsfacetError(Exception):
    """Base class: anything the user can fix, with a message that says how."""


class CaptureError(NewsfacetError):
    """A capture could not be read: missing, unreadable, empty, binary or too large."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
