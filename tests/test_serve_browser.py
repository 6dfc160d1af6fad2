"""The web UI in headless Chromium (Debian's /usr/bin/chromium through Playwright) against a real
uvicorn server on 127.0.0.1: front page -> story -> language switch -> entity -> search -> trends,
with screenshots that must not be blank.

Without /usr/bin/chromium the tests skip, except under CI=true where that is a failure
(`.ci/setup-chromium.sh` installs it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.serve import create_app

from serve_support import live_server, luminance_stats

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/setup-chromium.sh must install it",
                    pytrace=False)
    pytest.skip("/usr/bin/chromium is missing (run `bash .ci/setup-chromium.sh`)", allow_module_level=True)

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is missing: install the dev extras (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def server(sample_run):
    with live_server(create_app(sample_run["db"])) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    failed: list[str] = []
    pg = context.new_page()
    pg.on("requestfailed", lambda r: failed.append(r.url))
    pg.on("pageerror", lambda e: failed.append(f"script error: {e}"))
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
             else (failed.append(route.request.url), route.abort())[1])
    yield pg
    context.close()
    assert failed == [], f"requests outside the server or failed: {failed}"


def shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    variance, levels = luminance_stats(path.read_bytes())
    assert variance > 100 and levels > 8, f"{name}: screenshot looks blank (variance {variance:.1f}, {levels} levels)"


def test_click_through_the_newsroom(page, server, tmp_path):
    page.goto(server + "/")
    assert page.locator("li.story-card").count() >= 5
    assert page.locator("aside h2", has_text="Most covered").count() == 1
    # the stylesheet loaded: cards have a border
    assert page.locator("li.story-card").first.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    shot(page, tmp_path, "front")

    first = page.locator("li.story-card h2 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/story/*")
    assert page.locator("article.briefing h1").count() == 1
    assert page.locator("ol.sources li").count() >= 1
    assert page.locator("ol.timeline li").count() >= 1
    assert title
    shot(page, tmp_path, "story-en")

    page.locator(".langswitch a[data-lang=de]").click()
    page.wait_for_url("**lang=de")
    assert page.locator(".langswitch a[aria-current]").inner_text() == "DE"
    assert page.locator("html").get_attribute("lang") == "de"
    shot(page, tmp_path, "story-de")

    entity = page.locator("p.entities a.entity").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_url("**/entity/*")
    assert page.locator("h1").inner_text().startswith(name)
    shot(page, tmp_path, "entity")


def test_search_and_trends(page, server, tmp_path):
    page.goto(server + "/")
    page.fill("form.quick input[name=q]", "Halvion")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Halvion")
    results = page.locator("li.result")
    assert results.count() >= 2
    assert "halvion" in results.first.inner_text().lower()
    shot(page, tmp_path, "search")
    # a filter <select> submits itself (static/app.js)
    page.select_option("select[name=language]", "de")
    page.wait_for_url("**language=de**")
    assert page.locator("li.result .lang").all_text_contents() and \
        set(page.locator("li.result .lang").all_text_contents()) == {"de"}

    page.goto(server + "/trends?q=Halvion&q=KI|AI")
    chart = page.locator("figure.chart svg")
    assert chart.count() == 1
    assert page.locator("figure.chart svg polyline").count() == 2
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    shot(page, tmp_path, "trends")


def test_events_table_sorts_and_filters(page, server, tmp_path):
    page.goto(server + "/events")
    rows = page.locator("table.events tbody tr")
    assert rows.count() >= 5
    page.locator("table.events th a", has_text="How much").click()
    page.wait_for_url("**sort=amount**")
    page.select_option("select[name=type]", "investment")
    page.wait_for_url("**type=investment**")
    types = set(page.locator("table.events tbody td .etype").all_text_contents())
    assert types == {"investment"}
    shot(page, tmp_path, "events")
