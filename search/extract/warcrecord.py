"""One record of a WARC file read again, at its byte offset: an ingest's worker reads the
page of a WARC record itself (archives.py hands it over as a Payload with `at`, not `data`).
"""
from __future__ import annotations

import contextlib
import io

from warcio.archiveiterator import ArchiveIterator

from search.errors import CaptureError
from search.extract.capture import MAX_BYTES


def record_payload(source: str, path: str, offset: int, record_id: str | None = None) -> bytes:
    """The content of the WARC record at byte `offset` of the file at `path` (up to
    MAX_BYTES + 1 bytes, as `read_warc` read it), as an ingest's worker reads a record's page.
    Raises CaptureError if it cannot be read, or if the record there is not the one with
    `record_id` (the file changed since it was read)."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            with contextlib.redirect_stderr(io.StringIO()):
                record = next(iter(ArchiveIterator(f)))
                if record_id and record.rec_headers.get_header("WARC-Record-ID") != record_id:
                    raise CaptureError(source, "the archive changed since it was read (another record at this offset)")
                return record.content_stream().read(MAX_BYTES + 1)
    except CaptureError:
        raise
    except Exception as exc:   # OSError, StopIteration, ArchiveLoadFailed, zlib.error
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise CaptureError(source, f"cannot read the record again from the archive ({detail})") from None
