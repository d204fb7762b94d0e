"""web: the search page, the article page and the JSON API, through Flask's test client,
over a real index built from hand-written captures (tests/webcorpus.py)."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from werkzeug.datastructures import MultiDict

from search import engine
from search.extract.article import REASONS
from search.cli import main
from search.backends.whoosh.backend import WhooshBackend
from web import SECURITY_HEADERS, create_app, data, openapi

import webcorpus
from webcorpus import AUTHORITY, HERALD, LEDGER, POST, QUINN, TIMES, XSS


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return webcorpus.shared_index(tmp_path_factory)


@pytest.fixture(scope="module")
def app(index_dir):
    return create_app({"TESTING": True, "INDEX": str(index_dir)})


@pytest.fixture()
def client(app):
    return app.test_client()


def cli_json(index_dir, *args) -> str:
    r = CliRunner().invoke(main, ["search", "--index", str(index_dir), "--json", *args])
    assert r.exit_code == 0, r.output
    return r.output.rstrip("\n")


def without_took(text: str) -> str:
    return re.sub(r'"took_ms": [0-9.e-]+', '"took_ms": 0', text)


def hit_ids(page_html: str) -> list[str]:
    return re.findall(r'<h2><a href="/articles/([0-9a-f]+)">', page_html)


# --------------------------------------------------------------------------- configuration


def test_index_location_from_config_else_as_the_cli(monkeypatch, tmp_path, index_dir):
    monkeypatch.setenv("NEWSFACET_INDEX", str(tmp_path / "elsewhere"))
    assert create_app({"TESTING": True}).config["INDEX"] == str(tmp_path / "elsewhere")
    assert create_app({"TESTING": True, "INDEX": str(index_dir)}).config["INDEX"] == str(index_dir)
    monkeypatch.delenv("NEWSFACET_INDEX")
    assert create_app({"TESTING": True}).config["INDEX"] == "index"


def test_missing_index_is_a_503_with_a_hint(tmp_path):
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "none")}).test_client()
    r = client.get("/api/search?q=x")
    assert r.status_code == 503
    assert r.get_json()["error"]["code"] == "no_index" and "newsfacet ingest" in r.get_json()["error"]["message"]
    r = client.get("/")
    assert r.status_code == 503 and b"No index yet" in r.data and b"newsfacet ingest" in r.data


# --------------------------------------------------------------------------- JSON API


@pytest.mark.parametrize("args", [
    ["harbour"],
    ["harbour", "--outlet", HERALD, "--outlet", TIMES],
    ["harbour", "--actor", QUINN, "--sort", "newest", "--page", "2", "--per-page", "3"],
    ["storm", "--no-collapse"],
    ["harbor"],                                  # a suggestion
    ["--from", "2023-02-01", "--to", "2023-06-30", "--interval", "day"],
    ["dockworkers", "strike", "--any", "--facet-size", "2"],
])
def test_api_search_is_the_cli_json_byte_for_byte(client, index_dir, args):
    params = MultiDict()
    q = []
    it = iter(args)
    names = {"--outlet": "outlet", "--actor": "actor", "--sort": "sort", "--page": "page", "--per-page": "per_page",
             "--from": "from", "--to": "to", "--interval": "interval", "--facet-size": "facet_size"}
    for a in it:
        if a in names:
            params.add(names[a], next(it))
        elif a == "--no-collapse":
            params.add("collapse", "0")
        elif a == "--any":
            params.add("any", "1")
        else:
            q.append(a)
    params.add("q", " ".join(q))
    r = client.get("/api/search", query_string=params)
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert without_took(r.get_data(as_text=True)) == without_took(cli_json(index_dir, *args))


def test_api_search_object(client):
    obj = client.get("/api/search?q=harbour&outlet=Harbour+Herald&outlet=Coastal+Times").get_json()
    assert {h["outlet"] for h in obj["hits"]} == {HERALD, TIMES}
    outlets = {v["value"]: v for v in obj["facets"]["outlet"]["values"]}
    assert outlets[HERALD]["selected"] and outlets[TIMES]["selected"] and not outlets[LEDGER]["selected"]
    assert outlets[LEDGER]["count"] == 3          # the outlet facet is counted without its own choice
    storm = client.get("/api/search?q=storm").get_json()
    assert storm["total"] == 1 and storm["total_documents"] == 3
    assert storm["hits"][0]["copies"] == 3 and storm["hits"][0]["copy_outlets"] == 3
    assert client.get("/api/search?q=harbor").get_json()["suggestion"] == "harbour"


def test_api_search_csv(client):
    a = client.get("/api/search.csv?q=harbour&per_page=50")
    b = client.get("/api/search?q=harbour&per_page=50&format=csv")
    assert a.status_code == b.status_code == 200 and a.mimetype == "text/csv" and a.data == b.data
    assert "attachment" in a.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(a.get_data(as_text=True))))
    assert rows[0] == ["id", "title", "outlet", "date", "actors", "url", "score", "copies", "copy_outlets", "snippet"]
    assert len(rows) == 1 + 16
    formula = next(r for r in rows if "HYPERLINK" in r[1])
    assert formula[1].startswith("'=HYPERLINK") and formula[2] == "'+Formula Weekly"
    assert formula[4] == "'@Harbour Bot; -Minus Group"
    for row in rows[1:]:
        assert all(cell[:1] not in ("=", "+", "-", "@") for cell in row)
        assert "<mark>" not in row[-1]


def test_api_article(client, index_dir):
    storm = client.get("/api/search?q=storm").get_json()["hits"][0]
    r = client.get(f"/api/articles/{storm['id']}")
    assert r.status_code == 200
    doc = r.get_json()
    cli = CliRunner().invoke(main, ["show", "--index", str(index_dir), "--json", storm["id"]])
    assert json.loads(cli.output) == doc
    assert doc["title"] == "Storm closes the harbour for two days" and len(doc["copies"]) == 2
    assert doc["dropped"] and all(d["reason"] in REASONS for d in doc["dropped"])
    assert "Sign up for our morning newsletter" in [d["text"] for d in doc["dropped"]]


def test_api_facet_value_search(client, index_dir):
    r = client.get("/api/facets/actor?prefix=ma")
    assert r.status_code == 200
    assert [v["value"] for v in r.get_json()["values"]][:1] == [QUINN]
    r = client.get("/api/facets/outlet", query_string={"q": "harbour", "actor": QUINN, "prefix": "", "limit": 2})
    obj = r.get_json()
    expected = engine.facet_values(WhooshBackend.open(index_dir), "outlet",
                                   engine.SearchRequest(query="harbour", actor=[QUINN], facet_top=2))
    assert obj == expected and obj["truncated"] and len(obj["values"]) == 2


def test_api_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200 and r.get_json() == {"status": "ok", "version": "0.1.0", "documents": 18}


ERROR_CASES = [
    ("/api/search?q=(", 400, "bad_query"),
    ('/api/search?q="unclosed', 400, "bad_query"),
    ("/api/search?q=" + "a" * 2001, 400, "bad_parameter"),
    ("/api/search?q=date:2023-99", 400, "bad_query"),
    ("/api/search?sort=best", 400, "bad_parameter"),
    ("/api/search?page=0", 400, "bad_parameter"),
    ("/api/search?page=abc", 400, "bad_parameter"),
    ("/api/search?page=1001", 400, "bad_parameter"),
    ("/api/search?per_page=101", 400, "bad_parameter"),
    ("/api/search?from=2023-13-01", 400, "bad_parameter"),
    ("/api/search?from=2023-05-01&to=2023-01-01", 400, "bad_parameter"),
    ("/api/search?interval=week", 400, "bad_parameter"),
    ("/api/search?collapse=maybe", 400, "bad_parameter"),
    ("/api/search?format=xml", 400, "bad_parameter"),
    ("/api/search?" + "&".join(f"outlet=o{i}" for i in range(51)), 400, "bad_parameter"),
    ("/api/search.csv?q=)", 400, "bad_query"),
    ("/api/facets/actor?limit=0", 400, "bad_parameter"),
    ("/api/facets/actor?prefix=" + "m" * 101, 400, "bad_parameter"),
    ("/api/articles/nope", 404, "not_found"),
    ("/api/articles/%3Cscript%3E", 404, "not_found"),
    ("/api/facets/date", 404, "not_found"),
    ("/api/nothing/here", 404, "not_found"),
    ("/api", 404, "not_found"),
]


@pytest.mark.parametrize("url,status,code", ERROR_CASES)
def test_api_errors_have_one_json_shape(client, url, status, code):
    r = client.get(url)
    assert r.status_code == status and r.mimetype == "application/json"
    body = r.get_json()
    assert list(body) == ["error"] and list(body["error"]) == ["status", "code", "message"]
    assert body["error"]["status"] == status and body["error"]["code"] == code and body["error"]["message"]
    assert b"Traceback" not in r.data and b"<html" not in r.data.lower()


def test_api_method_not_allowed_is_json(client):
    r = client.post("/api/search?q=x")
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in r.headers["Allow"]


def test_one_error_handler_turns_any_exception_into_json(index_dir):
    """Pins the handler: an unexpected exception under /api/ is a JSON 500, no traceback."""
    app = create_app({"INDEX": str(index_dir)})   # not TESTING: as in production

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.get("/boom")
    def page_boom():
        raise RuntimeError("secret internals")

    client = app.test_client()
    r = client.get("/api/boom")
    assert r.status_code == 500
    assert r.get_json() == {"error": {"status": 500, "code": "internal_error",
                                      "message": "internal error; see the server log"}}
    assert b"secret" not in r.data
    r = client.get("/boom")
    assert r.status_code == 500 and r.mimetype == "text/html" and b"secret" not in r.data
    handlers = app.error_handler_spec[None][None]
    assert list(handlers) == [Exception]


# --------------------------------------------------------------------------- OpenAPI


def _check(schema: dict, value, root: dict, where: str = "$") -> None:
    """A small JSON Schema check (the keywords the document uses)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _check(root["components"]["schemas"][name], value, root, where)
    for sub in schema.get("allOf", []):
        _check(sub, value, root, where)
    types = schema.get("type")
    if types:
        types = types if isinstance(types, list) else [types]
        pytypes = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict,
                   "array": list, "null": type(None)}
        ok = any(isinstance(value, pytypes[t]) and not (t in ("integer", "number") and isinstance(value, bool))
                 for t in types)
        assert ok, f"{where}: {value!r} is not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: {key} missing"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                _check(sub, value[key], root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _check(schema["items"], item, root, f"{where}[{i}]")


class _Recorder(MultiDict):
    """Query parameters that remember which names a view read."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read: set[str] = set()

    def get(self, key, default=None, type=None):
        self.read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self.read.add(key)
        return super().getlist(key, type)


def test_openapi_document_matches_the_routes_and_parameters(client, app):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.") and doc["info"]["title"] == "newsfacet"
    routed = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")}
    assert routed == set(doc["paths"])
    for path, item in doc["paths"].items():
        assert list(item) == ["get"]
        for p in item["get"].get("parameters", []):
            if p["in"] == "path":
                assert "{" + p["name"] + "}" in path and p["required"]
    # The search parameters documented are exactly those the request parser reads.
    args = _Recorder()
    data.parse_request(args)
    documented = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert args.read == documented - {"format"}
    assert documented == {p["name"] for p in openapi.SEARCH_PARAMETERS} | {"format"}


def test_responses_follow_the_openapi_schemas(client):
    doc = client.get("/api/openapi.json").get_json()

    def check(url, path, status=200):
        r = client.get(url)
        assert r.status_code == status, r.data
        content = doc["paths"][path]["get"]["responses"][str(status)]["content"]
        assert r.mimetype in content
        if r.mimetype == "application/json":
            _check(content["application/json"]["schema"], r.get_json(), doc)

    hit = client.get("/api/search?q=storm").get_json()["hits"][0]
    for url in ("/api/search?q=harbour", "/api/search", "/api/search?q=harbor", "/api/search?q=storm&collapse=0"):
        check(url, "/api/search")
    check("/api/search?q=x&format=csv", "/api/search")
    check("/api/search.csv?q=harbour", "/api/search.csv")
    check(f"/api/articles/{hit['id']}", "/api/articles/{doc_id}")
    check("/api/articles/nope", "/api/articles/{doc_id}", 404)
    check("/api/facets/actor?prefix=m", "/api/facets/{name}")
    check("/api/facets/nope", "/api/facets/{name}", 404)
    check("/api/health", "/api/health")
    check("/api/search?q=(", "/api/search", 400)
    check("/api/openapi.json", "/api/openapi.json")


# --------------------------------------------------------------------------- the search page


def test_search_page_landing(client):
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert re.search(r'<input id="q" name="q" type="search" value=""[^>]* autofocus', html)
    assert '<label for="q"' in html and 'role="search"' in html
    assert "18 results" not in html and "<strong>16</strong> results" in html  # copies folded: 18 documents
    assert "Query syntax" in html


def test_search_page_results(client):
    html = client.get("/?q=harbour").get_data(as_text=True)
    assert 'value="harbour"' in html                         # the query is kept
    assert re.search(r"<strong>16</strong> results\s+\(18 documents, syndicated copies folded\)", html)
    assert re.search(r"· [0-9.]+ ms", html)
    assert len(hit_ids(html)) == 10
    assert "<mark>harbour</mark>" in html
    assert re.search(r'href="/\?q=harbour&amp;actor=Mara\+Quinn"[^>]*>Mara Quinn</a>', html)   # adds a filter
    assert 'aria-current="page"' in html and 'href="/?q=harbour&amp;page=2"' in html
    assert '<option value="relevance" selected>' in html
    storm = client.get("/?q=storm").get_data(as_text=True)
    assert "3 copies in 3 outlets" in storm


def test_search_page_facets_chips_and_urls(client, index_dir):
    html = client.get("/?q=harbour&outlet=Harbour+Herald&outlet=Coastal+Times").get_data(as_text=True)
    assert re.search(r'name="outlet" value="Harbour Herald" checked', html)
    assert re.search(r'name="outlet" value="Coastal Times" checked', html)
    assert re.search(r'name="outlet" value="Daily Ledger">', html)
    chips = re.findall(r'<a class="chip" href="([^"]+)" aria-label="Remove filter ([^"]+)"', html)
    assert chips == [("/?q=harbour&amp;outlet=Coastal+Times", "Outlet: Harbour Herald"),
                     ("/?q=harbour&amp;outlet=Harbour+Herald", "Outlet: Coastal Times")]
    # The facet counts on the page are the engine's.
    result = engine.search(WhooshBackend.open(index_dir), engine.SearchRequest(query="harbour", outlet=[HERALD, TIMES]))
    for v in result["facets"]["actor"]["values"]:
        assert re.search(rf'value="{v["value"]}">\s*<span class="value">{v["value"]}</span> <span class="count"[^>]*>{v["count"]}<', html)


def test_search_view_data_feeds_toggle_urls(app):
    with app.test_request_context("/?q=harbour&actor=Mara+Quinn"):
        view = data.search_view(data.get_index(), MultiDict({"q": "harbour", "actor": "Mara Quinn"}))
    assert view["result"]["query"] == "harbour"
    actor = next(f for f in view["facets"] if f["name"] == "actor")
    values = {v["value"]: v for v in actor["values"]}
    assert values[QUINN]["selected"] and values[QUINN]["toggle_url"] == "/?q=harbour"
    assert values[AUTHORITY]["toggle_url"] == "/?q=harbour&actor=Mara+Quinn&actor=Port+Authority"


def test_search_page_timeline(client):
    html = client.get("/?q=harbour").get_data(as_text=True)
    assert "Matches by month" in html
    bars = re.findall(r'<a href="([^"]+)" class="bar[^"]*" aria-label="([^"]+)">', html)
    assert ("/?q=harbour&amp;from=2023-01-01&amp;to=2023-01-31", "2023-01: 3 matches") in bars
    html = client.get("/?q=harbour&from=2023-01-01&to=2023-01-31").get_data(as_text=True)
    assert "<strong>3</strong> results" in html and "2023-01-01 to 2023-01-31" in html
    assert 'name="from" value="2023-01-01"' in html


def test_search_page_show_more_and_facet_filter(client):
    html = client.get("/?facet_size=2").get_data(as_text=True)
    assert 'href="/?more=outlet">Show more outlets' in html
    html = client.get("/?more=outlet&facet_size=2").get_data(as_text=True)
    assert len(re.findall(r'type="checkbox" name="outlet"', html)) == 6 and "Show fewer outlets" in html
    html = client.get("/?actor_filter=ma").get_data(as_text=True)
    assert re.findall(r'type="checkbox" name="actor" value="([^"]+)"', html) == [QUINN, "&lt;svg onload=&#34;window.__xss=4&#34;&gt;Harbour Master"]


def test_search_page_suggestion_and_empty_state(client):
    html = client.get("/?q=harbor").get_data(as_text=True)
    assert 'Did you mean <a href="/?q=harbour">harbour</a>?' in html
    assert "No results for “harbor”" in html and "Query syntax" in html and "<code>OR</code>" in html
    html = client.get("/?q=zzzz&outlet=Daily+Ledger").get_data(as_text=True)
    assert "with these filters" in html and 'href="/?q=zzzz">Search again without the filters' in html


def test_search_page_bad_query_keeps_it_and_explains(client):
    r = client.get("/?q=%22peace+talks")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'role="alert"' in html and "Cannot search" in html
    assert 'value="&#34;peace talks"' in html and "Query syntax" in html
    assert client.get("/?page=x").status_code == 400


def test_pages_escape_everything(client):
    for url in ("/?q=harbour+notes", "/?q=" + "%3Cscript%3E", "/?actor_filter=svg"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html
    hit = client.get("/api/search?q=notes").get_json()["hits"][0]
    html = client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html


def test_security_headers(client):
    for url in ("/", "/api/search?q=x", "/api/nothing", "/static/style.css"):
        with client.get(url) as r:
            for name, value in SECURITY_HEADERS.items():
                assert r.headers[name] == value
    assert "script-src 'self'" in SECURITY_HEADERS["Content-Security-Policy"]


def test_static_files_are_local(client):
    html = client.get("/?q=harbour").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    with client.get("/static/app.js") as r:
        assert r.status_code == 200 and r.mimetype == "text/javascript"
    with client.get("/static/style.css") as r:
        css = r.get_data(as_text=True)
    assert "@import" not in css and "url(" not in css
    with client.get("/static/../pyproject.toml") as r:
        assert r.status_code == 404


# --------------------------------------------------------------------------- the article page


def test_article_page(client):
    hit = client.get("/api/search?q=dockworkers+walk").get_json()["hits"][0]
    r = client.get(f"/articles/{hit['id']}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<h1>Dockworkers walk out as harbour talks collapse</h1>" in html
    assert '<a href="/?outlet=Harbour+Herald">Harbour Herald</a>' in html and "2023-01-09" in html
    assert 'href="https://harbourherald.example/0"' in html
    assert '<a href="/?actor=Mara+Quinn" class="actor"' in html
    assert "Similar articles" in html
    assert re.search(r'<details class="dropped" id="dropped">\s*<summary>Removed from this page \(\d+\)</summary>', html)
    reasons = re.findall(r'<span class="reason">([\w-]+)</span> <span class="dropped-text">Sign up for our morning', html)
    assert len(reasons) == 1 and reasons[0] in REASONS
    assert "Sign up for our" not in html.split('<div class="body">')[1].split("</div>")[0]


def test_article_page_copies_and_404(client):
    hit = client.get("/api/search?q=storm").get_json()["hits"][0]
    html = client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    assert "Syndicated copies (2)" in html and 'id="copies"' in html
    r = client.get("/articles/nope")
    assert r.status_code == 404 and r.mimetype == "text/html" and b"no document with id" in r.data
