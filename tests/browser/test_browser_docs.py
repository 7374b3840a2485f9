"""The HTML reference in a real browser, from `file://`: search, deep links, narrow screens.

Screenshots go to test-artifacts/docs/ (see conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, expect

from tests.conftest import VAPI, require_shared
from tests.docs.docsite import PROJECT_SPEC, parse_page, write_docs

SCHEMA_PAGE = "schemas/update-byo-phone-number-dto.html"


class Watched:
    """A page, with every request it makes and every error it reports."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert [url for url in self.requests if not url.startswith("file://")] == []


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docs(PROJECT_SPEC, tmp_path_factory.mktemp("project")) / "html"


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()


def test_search_finds_a_schema_and_its_page_shows_fields_and_variants(
    project_site: Path, watched: Watched, artifacts: Path
) -> None:
    page = watched.page
    page.goto((project_site / "index.html").as_uri())
    expect(page.locator("h1")).to_contain_text("Vapi API")
    page.screenshot(path=artifacts / "project-index.png")

    page.locator("#search").fill("UpdateByoPhoneNumberDTO")
    first = page.locator("#search-results a").first
    expect(first.locator(".name")).to_have_text("UpdateByoPhoneNumberDTO")
    expect(first.locator(".kind")).to_have_text("schema")
    page.screenshot(path=artifacts / "project-search.png")
    first.click()

    page.wait_for_url(f"**/{SCHEMA_PAGE}")
    fields = page.locator("table.fields")
    expect(fields).to_be_visible()
    expect(fields.locator("#field-fallback-destination")).to_contain_text("fallbackDestination")
    expect(fields.locator("#field-fallback-destination")).to_contain_text("fallback_destination")
    variants = page.locator("#variants-fallback-destination tbody tr")
    expect(variants).to_have_count(2)
    expect(variants.nth(0)).to_contain_text("TransferDestinationNumber")
    expect(variants.nth(0)).to_contain_text('"number"')
    expect(variants.nth(1)).to_contain_text("TransferDestinationSip")
    expect(variants.nth(1)).to_contain_text('"sip"')
    page.screenshot(path=artifacts / "project-schema.png", full_page=True)
    watched.assert_clean()


def test_deep_links_and_enter_in_search(
    project_site: Path, watched: Watched, artifacts: Path
) -> None:
    page = watched.page
    page.goto((project_site / SCHEMA_PAGE).as_uri() + "#variants-fallback-destination")
    expect(page.locator("#variants-fallback-destination h3")).to_be_in_viewport()
    page.screenshot(path=artifacts / "project-deep-link.png")

    page.locator("#search").fill("list paginated")
    expect(page.locator("#search-results a").first.locator(".name")).to_have_text(
        "phone_numbers.list_paginated"
    )
    page.locator("#search").press("Enter")
    page.wait_for_url("**/resources/phone-numbers.html#list-paginated")
    expect(page.locator("#list-paginated h2")).to_be_in_viewport()
    expect(page.locator("#list-paginated")).to_contain_text("for item in client.phone_numbers")
    watched.assert_clean()


def test_narrow_screen_has_a_menu_and_no_sideways_scroll(
    project_site: Path, browser: Browser, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    watched = Watched(context.new_page())
    page = watched.page
    try:
        page.goto((project_site / SCHEMA_PAGE).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        expect(page.locator("#nav")).to_be_hidden()
        page.screenshot(path=artifacts / "project-narrow.png")
        page.locator("#menu-button").click()
        expect(page.locator("#nav")).to_be_visible()
        expect(page.locator("#nav a", has_text="Phone Numbers")).to_be_visible()
        page.screenshot(path=artifacts / "project-narrow-menu.png")
        watched.assert_clean()
    finally:
        context.close()


@pytest.mark.slow
def test_the_full_specs_largest_page_renders(
    browser: Browser, tmp_path: Path, artifacts: Path
) -> None:
    spec = require_shared(VAPI / "vapi-2026-06-10.json")
    html = write_docs(spec, tmp_path) / "html"
    largest = max(html.rglob("*.html"), key=lambda p: (p.stat().st_size, p.as_posix()))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    try:
        watched.page.goto(largest.as_uri(), wait_until="load")
        loaded_ms = watched.page.evaluate(
            "performance.getEntriesByType('navigation')[0].loadEventEnd"
        )
        expect(watched.page.locator("h1")).to_be_visible()
        # Every link the file holds is in the document: the page was read to its end.
        written = sum(tag == "a" for tag, _ in parse_page(largest).tags)
        assert watched.page.locator("a").count() == written > 100
        watched.page.screenshot(path=artifacts / "vapi-largest-page.png")
        watched.assert_clean()
        print(f"{largest.relative_to(html)}: load event at {loaded_ms:.0f} ms")
    finally:
        context.close()
