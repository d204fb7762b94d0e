"""HTML captures go through the text stripper as the page's visible text (for now)."""
from search.capture import Capture
from search.html import visible_text
from search.pipeline import extract_capture

PARA = ("The harbour authority approved a plan on Tuesday to dredge the northern channel, "
        "a project that engineers say will let larger container ships dock by the end of next year.")
PAGE = f"""<!doctype html><html><head><title>Channel dredging approved | Harbour Post</title>
<script>var x = "<p>not text</p>";</script><style>p {{ color: red }}</style></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav>
<h1>Channel dredging approved</h1><p>{PARA}</p><p>{PARA.replace("Tuesday", "Monday")}</p>
<div>Share</div></body></html>"""


def test_visible_text_drops_scripts_and_styles_and_splits_blocks():
    text = visible_text(PAGE)
    assert "not text" not in text and "color: red" not in text
    assert PARA in text.split("\n")


def test_html_capture_is_stripped_like_text():
    article = extract_capture(Capture(source="p.html", text=PAGE, kind="html", encoding="utf-8"))[0]
    assert article.title == "Channel dredging approved"
    assert PARA in article.body and "Share" not in article.body


def test_malformed_and_deeply_nested_html_never_raises():
    assert visible_text("<div>" * 5000 + "deep" + "<p>unclosed") .strip().endswith("unclosed")
    assert visible_text("") == ""
