"""E-mail and mailbox reading (search/extract/mail.py) on messages built with the email package."""
from __future__ import annotations

import formatkit as kit
from search.errors import CaptureError
from search.extract.mail import read_eml, read_mbox
from search.extract.records import Payload


def test_eml_html_part_sender_date_subject_and_message_id(tmp_path):
    p = tmp_path / "briefing.eml"
    p.write_bytes(bytes(kit.newsletter(1)))
    (msg,) = list(read_eml(str(p)))
    assert isinstance(msg, Payload) and msg.kind == "html"
    assert msg.hints["outlet"] == "The Harbour Briefing"
    assert msg.hints["date"] == "2025-05-02"
    assert msg.hints["title"] == f"Harbour briefing 1: the {kit.marker(1, 'mail')} vote"
    assert msg.hints["provenance"] == {"format": "eml", "file": str(p), "message_id": "<briefing-1@harbour.example>"}
    assert kit.marker(1, "mail") in msg.capture().text


def test_text_part_when_there_is_no_html(tmp_path):
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"] = "Wire Desk <desk@wire.example>"
    m["Subject"] = "Wire copy"
    m["Message-ID"] = "<w1@wire.example>"
    m.set_content("PORTSMOUTH (Wire) - The harbour board met on Monday.\n\nIt said more later.\n")
    p = tmp_path / "wire.eml"
    p.write_bytes(bytes(m))
    (msg,) = list(read_eml(str(p)))
    assert msg.kind == "text" and "harbour board" in msg.capture().text


def test_a_message_with_no_html_or_text_part_is_one_error(tmp_path):
    p = tmp_path / "scan.eml"
    p.write_bytes(bytes(kit.newsletter(2, attachment_only=True)))
    (error,) = list(read_eml(str(p)))
    assert isinstance(error, CaptureError) and "no HTML or text part" in error.problem
    assert "application/pdf" in error.problem


def test_mbox_messages_with_offsets(tmp_path):
    p = tmp_path / "inbox.mbox"
    data = kit.mbox([kit.newsletter(n) for n in range(3)])
    p.write_bytes(data)
    records = list(read_mbox(str(p)))
    assert [r.hints["provenance"]["message"] for r in records] == [1, 2, 3]
    for r in records:
        off = r.hints["provenance"]["offset"]
        assert data[off:off + 5] == b"From " and r.source == f"{p}@{off}"
    assert [r.hints["provenance"]["message_id"] for r in records] == [f"<briefing-{n}@harbour.example>" for n in range(3)]


def test_a_mailbox_line_starting_with_from_inside_a_message_is_not_a_new_message(tmp_path):
    p = tmp_path / "inbox.mbox"
    m = kit.newsletter(4, text="Hello\n\nFrom the editor: a note.\n")
    p.write_bytes(kit.mbox([m, kit.newsletter(5)]))
    assert len(list(read_mbox(str(p)))) == 2
