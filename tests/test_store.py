"""The capture store's compression (search/store.py), which the Whoosh writer's stored fields use too."""
from __future__ import annotations

import random
import zlib

import pytest
from whoosh import fields
from whoosh.filedb.filestore import FileStorage

from search.backends.whoosh.codec import CODEC, BatchWriter
from search.store import compress, decompress, deflate


@pytest.mark.parametrize("size", [0, 1, 300, 1200, 4000, 5000, 40_000, 300_000])
def test_deflate_gives_a_zlib_stream_of_the_same_bytes(size):
    rng = random.Random(size)
    words = ["wire", "copy", "Kyiv", "négociations", "Путин", "北京", "2026", "said"]
    data = " ".join(rng.choice(words) for _ in range(size // 5)).encode("utf-8")[:size]
    packed = deflate(data, 3)
    assert zlib.decompress(packed) == data
    # a window sized to the data finds what zlib's default window finds: no bigger
    assert len(packed) <= len(zlib.compress(data, 3)) + 8


def test_compressed_text_comes_back_whole():
    text = "Les négociations ont repris.\n\nПресс-секретарь заявил во вторник. " * 50
    assert decompress(compress(text)) == text


def test_stored_fields_written_by_the_batch_writer_read_back_in_whoosh(tmp_path):
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(stored=True))
    ix = FileStorage(str(tmp_path)).create_index(schema)
    bodies = [("é" * n) + " story " + str(n) for n in (0, 10, 2000, 70_000)]
    writer = BatchWriter(ix, codec=CODEC)
    for n, body in enumerate(bodies):
        writer.add_document(id=str(n), body=body)
    writer.commit()
    with ix.searcher() as s:
        assert [s.stored_fields(d)["body"] for d in range(s.doc_count())] == bodies
