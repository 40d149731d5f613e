"""What the whole-round walks share: a person in their own browser window who moves only by
visible links and buttons, and whose every page is checked for the other language.

``Person.go(role, name)`` clicks a link or a button by its accessible name and waits for the next
page; ``Person.open_round(title)`` goes back to "My work" (the navigation bar) and opens the
round by its title. After each page the person checks its language
(``tests/e2e/language.py``) with the texts the walk typed as ``allowed``.
"""

import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.language import assert_language, assert_page_language, pdf_text
from tests.factories import TEST_PASSWORD

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
TIMEOUT = 15_000


class Walk:
    """One live server, the people of the walk and everything they typed."""

    def __init__(self, browser, live_server, prefix):
        self.browser = browser
        self.url = live_server.url
        self.prefix = prefix
        self.typed = set()  # what people typed: not the interface, never checked
        self.pages_checked = 0
        self.pdfs_checked = 0
        self.shots = []

    def person(self, user, lang="es"):
        return Person(self, user, lang)

    def anonymous(self, lang="es"):
        return Person(self, None, lang)


class Person:
    def __init__(self, walk, user, lang):
        self.walk = walk
        self.user = user
        self.lang = lang
        context = walk.browser.new_context(
            viewport={"width": 1280, "height": 900},
            locale={"es": "es-ES", "en": "en-US"}[lang],
            extra_http_headers={"Accept-Language": lang},
        )
        context.set_default_timeout(TIMEOUT)
        self.page = context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions
        self.errors = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        if user is not None:
            self.login()

    # --- moving -------------------------------------------------------------------------
    def login(self):
        """The login page is the one address a person types."""
        page = self.page
        page.goto(f"{self.walk.url}/accounts/login/")
        page.fill("input[name=username]", self.user.email)
        page.fill("input[name=password]", TEST_PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(f"{self.walk.url}/")
        self.check()

    def goto_public(self, path):
        """The public portal: an address an anonymous visitor may type or follow from a search."""
        self.page.goto(f"{self.walk.url}{path}")
        self.check()

    def link(self, name, within=None, exact=False):
        scope = within if within is not None else self.page.locator("main")
        return scope.get_by_role("link", name=name, exact=exact).first

    def button(self, name, within=None, exact=False):
        scope = within if within is not None else self.page.locator("main")
        return scope.get_by_role("button", name=name, exact=exact).first

    def go(self, locator):
        """Click a link or button that leads to another page; check the page reached."""
        expect(locator).to_be_visible()
        with self.page.expect_navigation():
            locator.click()
        self.page.wait_for_load_state()
        self.check()

    def follow(self, name, within=None, exact=False):
        self.go(self.link(name, within, exact))

    def press(self, name, within=None, exact=False):
        self.go(self.button(name, within, exact))

    def save(self, name, within=None, exact=False):
        """Press a Save button of an autosaved form: it saves in place, without a new page
        (static/js/autosave.js); wait until nothing is unsaved or saving any more."""
        button = self.button(name, within, exact)
        expect(button).to_be_visible()
        button.click()
        main = self.page.locator("main")
        expect(main.locator(".autosave-unsaved, .autosave-saving")).to_have_count(0)
        self.page.wait_for_load_state("networkidle")
        self.check()

    def my_work(self):
        nav = self.page.locator("nav").first
        name = {"es": "Mi trabajo", "en": "My work"}[self.lang]
        self.go(nav.get_by_role("link", name=name, exact=True))

    def open_round(self, title):
        """From My work, the round by its title."""
        self.my_work()
        self.follow(title, exact=True)

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.walk.prefix}_{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.walk.shots.append(path)

    # --- typing -------------------------------------------------------------------------
    def type(self, selector, text, within=None):
        """Fill a field; what was typed is user content, never checked for language."""
        scope = within if within is not None else self.page
        scope.locator(selector).fill(text)
        self.walk.typed.add(text)

    # --- checking -----------------------------------------------------------------------
    def check(self):
        assert_page_language(self.page, self.lang, self.walk.typed)
        self.walk.pages_checked += 1

    def main_text(self):
        return self.page.locator("main").inner_text()

    def expect_text(self, text):
        expect(self.page.locator("main")).to_contain_text(text)

    def download(self, locator):
        """Follow a download link (as the browser does, with this person's session): the bytes."""
        href = locator.get_attribute("href")
        response = self.page.request.get(f"{self.walk.url}{href}")
        assert response.status == 200, f"{href}: {response.status}"
        return response.body(), response.headers.get("content-type", "")

    def check_pdf(self, data, where):
        assert data.startswith(b"%PDF-"), f"{where} is not a PDF: {data[:20]!r}"
        text, pages = pdf_text(data)
        assert text.strip(), f"{where}: a PDF without text"
        assert_language(text, self.lang, where, self.walk.typed)
        self.walk.pdfs_checked += 1
        return text, pages


def name_re(text):
    """A case-insensitive accessible-name pattern for ``text``."""
    return re.compile(re.escape(text), re.IGNORECASE)
