"""The search UI in a real browser: Debian's chromium, driven by Playwright, against the
app on a waitress server the tests start. Each test saves screenshots in its tmp_path."""
from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest

import webcorpus
from search import engine
from search.backends.whoosh.backend import WhooshBackend
from web import create_app
from webcorpus import HERALD, TIMES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api")
# Skipped on a machine without chromium, except in CI (.ci/run installs it), where that fails.
if not Path(CHROMIUM).exists() and os.environ.get("CI"):
    raise RuntimeError("the browser tests need Debian's chromium: apt-get install chromium")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return webcorpus.shared_index(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(index_dir):
    from waitress import create_server

    server = create_server(create_app({"INDEX": str(index_dir)}), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


class Page:
    """A browser page that records dialogs, console errors and CSP violations, and screenshots."""

    def __init__(self, browser, base_url, shots: Path, **context):
        self.context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context})
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)  # generous: CI machines are shared and slow at times
        self.base = base_url
        self.shots = shots
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name: str, full_page: bool = True) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def active(self, script: str = "el => el"):
        return self.page.evaluate(f"(() => {{ const el = document.activeElement; return ({script})(el); }})()")

    def tab_to(self, predicate: str, limit: int = 80) -> None:
        """Press Tab until the focused element satisfies the JS `predicate` (el => bool)."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.active(predicate):
                return
        raise AssertionError(f"never reached by Tab: {predicate}")


@pytest.fixture()
def ui(browser, base_url, tmp_path):
    page = Page(browser, base_url, tmp_path)
    yield page
    assert page.dialogs == []
    assert page.errors == []          # no script errors, no Content-Security-Policy violations
    page.context.close()


def summary(page) -> str:
    return " ".join(page.locator(".summary").inner_text().split())


def facet_counts(page, name: str) -> dict[str, int]:
    out = {}
    for item in page.locator(f"#{name}-values label").all():
        out[item.locator(".value").inner_text()] = int(item.locator(".count").inner_text())
    return out


def test_search_from_the_box(ui):
    page = ui.goto("/")
    assert ui.active("el => el.id") == "q"                     # focused on load
    page.keyboard.type("harbour")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/\?q=harbour&sort=relevance$"))
    assert page.locator("#q").input_value() == "harbour"     # kept after submit
    assert summary(page).startswith("16 results (18 documents, syndicated copies folded) · page 1 of 2 ·")
    assert page.locator(".hit").count() == 10
    assert page.locator(".hit mark").first.inner_text().lower() == "harbour"
    ui.shot("search")


def test_two_outlets_change_results_and_counts_as_the_engine_says(ui, index_dir):
    page = ui.goto("/?q=harbour")
    before = facet_counts(page, "actor")
    page.locator(f"#outlet-values input[value='{HERALD}']").check()
    page.wait_for_url(re.compile(r"outlet=Harbour\+Herald"))
    page.locator(f"#outlet-values input[value='{TIMES}']").check()
    page.wait_for_url(re.compile(r"outlet=Harbour\+Herald&outlet=Coastal\+Times"))
    ui.shot("two-outlets")
    expected = engine.search(WhooshBackend.open(index_dir), engine.SearchRequest(query="harbour", outlet=[HERALD, TIMES]))
    assert summary(page).startswith(f"{expected['total']} results")
    assert {o.inner_text() for o in page.locator(".hit .outlet").all()} == {HERALD, TIMES}
    after = facet_counts(page, "actor")
    assert after == {v["value"]: v["count"] for v in expected["facets"]["actor"]["values"]} and after != before
    assert facet_counts(page, "outlet") == {v["value"]: v["count"] for v in expected["facets"]["outlet"]["values"]}
    chips = page.locator("a.chip:not(.clear)")
    assert [c.get_attribute("aria-label") for c in chips.all()] == [
        f"Remove filter Outlet: {HERALD}", f"Remove filter Outlet: {TIMES}"]
    # Remove a chip.
    page.get_by_role("link", name=f"Remove filter Outlet: {HERALD}").click()
    page.wait_for_url(re.compile(r"/\?q=harbour&outlet=Coastal\+Times$"))
    assert page.locator("a.chip:not(.clear)").count() == 1
    assert not page.locator(f"#outlet-values input[value='{HERALD}']").is_checked()
    assert summary(page).startswith("4 results")
    ui.shot("chip-removed")


def test_timeline_bar_and_pages(ui):
    page = ui.goto("/?q=harbour")
    page.get_by_role("link", name="Next ›").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator(".hit").count() == 6
    assert page.locator(".pages a[aria-current=page]").inner_text() == "2"
    page.locator("svg.timeline-svg a.bar").first.click()
    page.wait_for_url(re.compile(r"from=2023-01-01&to=2023-01-31"))
    assert "page=" not in page.url
    assert summary(page).startswith("3 results")
    assert page.get_by_role("link", name="Remove filter Date: 2023-01-01 to 2023-01-31").count() == 1
    assert page.locator("#filters input[name=from]").input_value() == "2023-01-01"
    ui.shot("timeline-bar")


def test_article_and_removed_blocks(ui):
    page = ui.goto("/?q=storm")
    assert page.locator(".hit .copies").inner_text() == "3 copies in 3 outlets"
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+$"))
    assert page.locator("h1").inner_text() == "Storm closes the harbour for two days"
    assert page.locator("#copies li").count() == 2
    dropped = page.locator("details.dropped")
    assert not dropped.evaluate("d => d.open") and not page.locator("details.dropped ol").is_visible()
    page.get_by_text(re.compile(r"^Removed from this page")).click()
    assert dropped.evaluate("d => d.open") and page.locator("details.dropped li").first.is_visible()
    ui.shot("article")


def test_keyboard_only(ui):
    page = ui.goto("/")
    # The search box has the focus on load (wait for it rather than race the page's load).
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'q'")
    page.keyboard.type("harbour")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=harbour"))
    # A facet checkbox: Tab to it, Space ticks it, focus comes back to it after the reload.
    ui.tab_to(f"el => el.type === 'checkbox' && el.value === '{HERALD}'")
    assert ui.active("el => getComputedStyle(el).outlineStyle") != "none"     # focus is visible
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"outlet=Harbour\+Herald"))
    page.wait_for_function("() => document.activeElement && document.activeElement.value === 'Harbour Herald'")
    assert page.locator(f"#outlet-values input[value='{HERALD}']").is_checked()
    ui.shot("keyboard-facet")
    # The chip, by keyboard.
    ui.tab_to("el => (el.getAttribute('aria-label') || '').startsWith('Remove filter Outlet')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/\?q=harbour$"))
    # A timeline bar.
    ui.tab_to("el => el.classList && el.classList.contains('bar')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"from=2023-01-01"))
    # The next page.
    page = ui.goto("/?q=harbour")
    ui.tab_to("el => el.rel === 'next'", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    # An article, and its removed blocks.
    ui.tab_to("el => el.closest && el.closest('.hit h2') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/articles/"))
    ui.tab_to("el => el.tagName === 'SUMMARY'", limit=120)
    page.keyboard.press("Enter")
    assert page.locator("details.dropped").evaluate("d => d.open")
    # "/" goes back to the search box.
    page.keyboard.press("/")
    assert ui.active("el => el.id") == "q"
    ui.shot("keyboard-article")


def test_facet_filter_box(ui):
    page = ui.goto("/?q=harbour")
    page.locator("#actor-filter").fill("ber")
    page.wait_for_function("() => document.querySelectorAll('#actor-values input').length === 1")
    assert facet_counts(page, "actor") == {"Tomas Berg": 4}
    page.locator("#actor-values input").check()
    page.wait_for_url(re.compile(r"actor=Tomas\+Berg"))
    assert summary(page).startswith("4 results")


def test_works_without_javascript(browser, base_url, tmp_path):
    ui = Page(browser, base_url, tmp_path, java_script_enabled=False)
    page = ui.goto("/?q=harbour")
    page.locator(f"#outlet-values input[value='{HERALD}']").check()
    page.locator(f"#outlet-values input[value='{TIMES}']").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"outlet=Harbour\+Herald&outlet=Coastal\+Times"))
    assert summary(page).startswith("8 results")
    page.locator("#actor-filter").fill("qui")
    page.locator("#actor-filter").press("Enter")
    page.wait_for_url(re.compile(r"actor_filter=qui"))
    assert list(facet_counts(page, "actor")) == ["Mara Quinn"]
    ui.shot("no-js")
    assert ui.dialogs == [] and ui.errors == []
    ui.context.close()


def test_phone_width(browser, base_url, tmp_path):
    ui = Page(browser, base_url, tmp_path, viewport={"width": 390, "height": 844}, is_mobile=True,
              device_scale_factor=2, has_touch=True)
    page = ui.goto("/?q=harbour")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert not page.locator("details.filters-panel").evaluate("d => d.open")   # folded on a phone
    assert page.locator(".hit").first.is_visible()
    ui.shot("phone", full_page=False)
    page.locator("details.filters-panel summary").click()
    assert page.locator(f"#outlet-values input[value='{HERALD}']").is_visible()
    ui.shot("phone-filters")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ui.shot("phone-article")
    assert ui.dialogs == [] and ui.errors == []
    ui.context.close()


def test_injected_markup_stays_inert(ui):
    checks = "() => window.__xss === undefined && !document.querySelector('img[src=x], svg[onload], script:not([src])')"
    for path in ("/?q=harbour+notes", "/?q=%3Cscript%3Ewindow.__xss%3D9%3C%2Fscript%3E", "/?actor_filter=svg",
                 "/?q=notes&outlet=" + "Quay+Gazette%22%3E%3Cimg+src%3Dx+onerror%3D%22window.__xss%3D3%22%3E"):
        page = ui.goto(path)
        assert page.evaluate(checks), path
    page = ui.goto("/?q=harbour+notes")
    assert page.locator(".hit h2 a").first.inner_text().startswith('Harbour notes <script>window.__xss=1</script>')
    page.locator("#actor-filter").fill("svg")       # values drawn by the script
    page.wait_for_function("() => document.querySelectorAll('#actor-values input').length === 1")
    assert page.evaluate(checks)
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    page.get_by_text(re.compile(r"^Removed from this page")).click()
    assert page.evaluate(checks)
    assert "<img src=x" in page.locator(".body").inner_text()
    ui.shot("xss-article")
