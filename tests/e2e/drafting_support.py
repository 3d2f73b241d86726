"""Shared pieces of the drafting browser tests: the plan being drafted, signing in, and watching pages for trouble."""

import pytest
from playwright.sync_api import expect

from members import second_factor
from tests.factories import PASSWORD, current_code, give_authenticator
from tests.workplan.builders import Drafting
from workplan.drafting import rows as plan_rows
from workplan.models import Activity

# Every page reports Content-Security-Policy violations on the console, where `Watch` collects them. Init scripts
# are injected by the browser itself, so the page's own policy does not block this one.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def browser_context_args(browser_context_args):
    """Chromium asks for the language of the machine; these tests start in English, as a staff laptop might."""
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def drafting(transactional_db):
    """Draft 1 of a plan, open, with the prevention task force's section saved once (3 activities)."""
    return Drafting()


class Watch:
    """Collect what a user would notice went wrong on a page: console errors, uncaught errors, CSP, dialogs."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        self.dialogs = []
        # How to answer the next dialogs, in order: True accepts, False dismisses; with none left, dismiss.
        self.answers = []
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def _dialog(self, dialog):
        self.dialogs.append((dialog.type, dialog.message))
        if self.answers and self.answers.pop(0):
            dialog.accept()
        else:
            dialog.dismiss()

    def accept_next(self):
        """Accept the next dialog (a confirmation the user says yes to), then go back to dismissing."""
        self.answers.append(True)


def sign_in(page, live_server, user, next_path="/"):
    """Sign in through the form, as the user would, and land on `next_path`.

    A person whose role needs two-step sign-in gets an authenticator app (if they have none) and gives its code.
    """
    device = give_authenticator(user) if second_factor.required_for(user) else second_factor.authenticator(user)
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button").click()
    expect(page.locator("#id_password")).to_have_count(0)
    ready(page)
    if device is not None:
        # Two-step sign-in: the code the person's app shows now.
        expect(page.locator("#id_code")).to_be_visible()
        page.locator("#id_code").fill(current_code(device))
        page.locator("main form").first.get_by_role("button").click()
        expect(page.locator("#id_code")).to_have_count(0)
        ready(page)


def ready(page):
    """Wait until the page has loaded and its scripts have run: a click before htmx is there follows the link."""
    # The load event, not a script polling document.readyState: a polling script never runs in a page without
    # JavaScript, which then waited out the timeout whenever the page was not complete at the first look.
    page.wait_for_load_state("load")


@pytest.fixture
def open_as(browser, live_server):
    """Return a function opening a browser context of its own (cookies and all) signed in as a user.

    It returns (page, watch); the contexts are closed after the test.
    """
    contexts = []

    def open_page(user, next_path="/", **context_args):
        context = browser.new_context(locale="en-US", **context_args)
        contexts.append(context)
        page = context.new_page()
        watch = Watch(page)
        sign_in(page, live_server, user, next_path)
        return page, watch

    yield open_page
    for context in contexts:
        context.close()


def rich_editor(page, language):
    """Return the contenteditable area of the section's text in `language` ("km" or "en")."""
    return page.locator(f".prose-field[lang={language}] .prose-editor .ProseMirror[contenteditable=true]")


def type_at_end(page, language, text):
    """Click into a rich-text editor, go to the end of its text and type there."""
    editor = rich_editor(page, language)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def replace_text(page, language, text):
    """Select all of a rich-text editor's text and type `text` over it."""
    editor = rich_editor(page, language)
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


# --- The section editor's rows --------------------------------------------------------------------------------


def edit_path(section):
    return f"/workplan/sections/{section.pk}/edit/"


def save_texts(page):
    """Press the texts' Save button in the editor's bar (by position, so that it works in either language)."""
    page.locator("#section-form .editor-bar button[type=submit]").click()


def activity_of(section, code):
    """Return the stored activity of `section` with this code."""
    return Activity.objects.select_related("objective").get(objective__section=section, code=code)


def activity_row(page, activity):
    """Return the editor's read-only row of a stored activity."""
    return page.locator(f"tr#activity-{activity.pk}.activity")


def row_form(page):
    """Return the row form open in the editor (there is at most one)."""
    return page.locator("[data-row-form]")


def open_activity(page, activity):
    """Press an activity's Edit button and return its form, once open."""
    ready(page)
    page.locator(f"#edit-activity-{activity.pk}").click()
    form = page.locator(f"tr#activity-{activity.pk}.row-form [data-row-form]")
    expect(form).to_be_visible()
    return form


def save_row(form):
    """Press the Save (or Add) button of an open row form."""
    form.locator("button[type=submit]").click()


def rows_status(page):
    return page.locator("#rows-status")


def stored_row(section, code):
    """Return the activity with this code as the section stores it now (rows data, with its objective's code)."""
    section.refresh_from_db()
    for objective in plan_rows.snapshot(section):
        for row in objective["activities"]:
            if row["code"] == code:
                return {**row, "objective": objective["code"]}
    return None
