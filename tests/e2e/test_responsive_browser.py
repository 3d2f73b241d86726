"""In a real browser: every main page fits screens 360, 768 and 1,366 pixels wide, in Khmer and in English.

One world of data and one browser for the lot: each role signs in once, and each page is loaded once per language
and measured at the three widths by resizing the window (the page's media queries apply as on the device). Nothing
scrolls sideways, neither the page nor a box inside it; the menu folds on a phone and is one row for the chief (the
longest) at 1,366 pixels; it opens without JavaScript too; the plan prints without the menu, buttons or forms.

Every page is photographed at 360 and 1,366 pixels (JPEG, the whole page), and the printable pages saved as PDF,
for people to look at: into $PORTAL_SCREENSHOTS, or test-artifacts/screens in the repository (git-ignored).
"""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from members import roles
from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import Watch, ready, sign_in
from tests.exports.support import ExportPlan, activity
from tests.factories import UserFactory
from workplan.drafting import services as drafting
from workplan.review import services as reviews

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser_context_args = support.browser_context_args

PHONE, TABLET, LAPTOP, WIDE = 360, 768, 1366, 1920
WIDTHS = (PHONE, TABLET, LAPTOP)
PHOTOGRAPHED = (PHONE, LAPTOP)
HEIGHT = 800
LANGUAGES = ("en", "km")
SCREENS = Path(os.environ.get("PORTAL_SCREENSHOTS") or Path(settings.BASE_DIR) / "test-artifacts" / "screens")
# Boxes that may scroll sideways inside the page: the audit log's table of codes and hashes, in a box of its own.
OWN_SCROLL = ("div.audit-table",)

# Text that does not wrap by itself: an address, a reference code, a Khmer phrase written without spaces.
LONG_URL = "https://www.example.gov.kh/reports/annual-report-of-the-national-committee-2024-final-version.pdf"
LONG_CODE = "NCCT-2024-PREVENTION-BORDER-PROVINCES-TRAINING-VILLAGE-CHIEFS-0001"
LONG_KM = "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្សការធ្វើអាជីវកម្មលើពលកម្មនិងការធ្វើអាជីវកម្មផ្លូវភេទលើស្ត្រីនិងកុមារ"

# Measured in the page: how wide the document is; the innermost elements sticking out past the window's right
# edge, widest first (a failure says where to look); and boxes that scroll sideways inside the page.
MEASURE = """
() => {
  const width = window.innerWidth;
  const name = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (typeof element.className === "string" && element.className.trim()
      ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const path = (element) => {
    const names = [];
    for (let node = element; node && node !== document.body && names.length < 4; node = node.parentElement) {
      names.unshift(name(node));
    }
    return names.join(" > ");
  };
  const wide = [];
  const scrollers = [];
  for (const element of document.body.querySelectorAll("*")) {
    const right = element.getBoundingClientRect().right;
    if (right > width + 1 && ![...element.children].some((child) => child.getBoundingClientRect().right > width + 1)) {
      wide.push([right, `${path(element)} (to ${Math.round(right)})`]);
    }
    const overflow = getComputedStyle(element).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && element.scrollWidth > element.clientWidth + 1) {
      scrollers.push(`${path(element)} (${element.scrollWidth} in ${element.clientWidth})`);
    }
  }
  wide.sort((a, b) => b[0] - a[0]);
  return {width, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 4).map((w) => w[1]), scrollers};
}
"""

# The header's parts as drawn: whether the menu's button shows, and where the name, each entry of the menu and
# the language switch are (an entry folded away is not visible).
HEADER = """
() => {
  const box = (element) => {
    const rect = element.getBoundingClientRect();
    return {top: Math.round(rect.top), bottom: Math.round(rect.bottom), right: Math.round(rect.right),
            visible: element.checkVisibility()};
  };
  const button = document.querySelector(".menu-button");
  return {
    button: !!button && button.checkVisibility(),
    brand: box(document.querySelector(".site-header .brand")),
    items: [...document.querySelectorAll(".site-header .nav > li")].map(box),
    languages: box(document.querySelector(".site-header .language-switch")),
  };
}
"""


def one_row(header):
    """Whether the name, every entry of the menu and the language switch share one line of the header."""
    boxes = [header["brand"], *header["items"], header["languages"]]
    return all(box["visible"] for box in boxes) and max(b["top"] for b in boxes) < min(b["bottom"] for b in boxes)


class World:
    """A published plan (draft 1, reviewed by two ministries) and its draft 2 open, with everything long in it."""

    def __init__(self):
        plan = ExportPlan(activities=6)
        plan.chief.name_en, plan.chief.name_km = "Chou Bun Eng", "ជូ ប៊ុនអេង"
        plan.chief.save(update_fields=["name_en", "name_km"])
        self.plan = plan
        self.publication = plan.publish()
        self.draft = drafting.draft_open(plan=plan.plan, actor=plan.chief)
        self.section = self.draft.sections.get(task_force=plan.task_force)
        plan.section = self.section
        rows = plan.content()["rows"]
        rows[0]["activities"].append(
            activity(
                "1.9",
                partners=["justice", "aple", "social-affairs"],
                text_en=f"Publish the yearly report at {LONG_URL}",
                text_km=LONG_KM,
                indicator_en=LONG_CODE,
                means_of_verification_en=LONG_URL,
                budget="1234567.89",
            )
        )
        link = f'<p>See <a href="{LONG_URL}">the report</a>.</p>'
        body_en = f"{plan.content()['body_en']}<p>{LONG_URL} {LONG_CODE}</p>{link}"
        plan.save(rows=rows, body_en=body_en)
        reviews.comment_create(section=self.section, actor=plan.chief, body=f"See {LONG_URL}", quote="trains")
        self.activity = self.section.objectives.get(code="1").activities.get(code="1.1")
        self.member = UserFactory(username="member-x", roles=[roles.MEMBER])
        self.auditor = UserFactory(username="auditor-x", roles=[roles.AUDITOR])

    def pages(self):
        """Return (who, user, [(page name, path)]) for the public and each role."""
        plan, section, first = self.plan, self.section, self.plan.draft
        published = plan.draft.sections.get(task_force=plan.task_force)
        return [
            (
                "public",
                None,
                [
                    ("home", "/"),
                    ("commission", "/commission/"),
                    ("public-plans", "/plans/"),
                    ("public-plan", f"/plans/{self.publication.plan_id}/"),
                    ("sign-in", "/accounts/login/"),
                ],
            ),
            (
                "staff",
                plan.staff,
                [
                    ("dashboard", "/dashboard/"),
                    ("workplan", "/workplan/"),
                    ("draft", f"/workplan/drafts/{self.draft.pk}/"),
                    ("section", f"/workplan/sections/{section.pk}/"),
                    ("editor", f"/workplan/sections/{section.pk}/edit/"),
                    ("activity-edit", f"/workplan/activities/{self.activity.pk}/edit/"),
                    ("history", f"/workplan/sections/{section.pk}/history/"),
                    ("compare", f"/workplan/sections/{section.pk}/compare/?draft={first.pk}"),
                    ("search", "/workplan/search/?q=activity"),
                    ("notifications", "/notifications/"),
                ],
            ),
            (
                "liaison",
                plan.liaison,
                [
                    ("dashboard", "/dashboard/"),
                    ("reviews", "/workplan/reviews/"),
                    ("published-section", f"/workplan/sections/{published.pk}/"),
                ],
            ),
            (
                "chief",
                plan.chief,
                [
                    ("dashboard", "/dashboard/"),
                    ("draft", f"/workplan/drafts/{self.draft.pk}/"),
                    ("published-draft", f"/workplan/drafts/{first.pk}/"),
                    ("redline", f"/workplan/drafts/{self.draft.pk}/redline/"),
                    ("tokens", "/accounts/tokens/"),
                    ("two-step", "/accounts/two-step/"),
                ],
            ),
            ("chair", plan.chair, [("dashboard", "/dashboard/"), ("chair", "/workplan/chair/")]),
            ("member", self.member, [("workplan", "/workplan/"), ("plan", f"/workplan/plans/{plan.plan.pk}/")]),
            ("auditor", self.auditor, [("dashboard", "/dashboard/"), ("audit", "/audit/")]),
        ]


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return World()


def session_cookie(live_server, user):
    """Return the cookie of a session of `user`'s, both steps of sign-in given (as tests/conftest.py signs in).

    The sign-in pages have tests of their own (test_second_factor_browser.py); going through them for each role
    here took ten seconds of this test's time.
    """
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": live_server.url}


def check_page(page, where, problems, photo):
    """Measure the page at each width (and photograph it at some); note what is wrong in `problems`."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        found = page.evaluate(MEASURE)
        here = f"{where} at {width}"
        if found["scrollWidth"] > found["width"]:
            problems.append(f"{here}: {found['scrollWidth']} wide; {found['wide']}")
        scrollers = [box for box in found["scrollers"] if not box.split(" (")[0].endswith(OWN_SCROLL)]
        if scrollers:
            problems.append(f"{here}: scrolls sideways inside {scrollers}")
        if width == PHONE:
            header = page.evaluate(HEADER)
            if not header["button"] or any(item["visible"] for item in header["items"]):
                problems.append(f"{here}: the menu is not folded ({header})")
        if width in PHOTOGRAPHED:
            page.screenshot(path=SCREENS / f"{photo}-{width}.jpg", full_page=True, quality=80)


def test_every_page_fits_every_screen_in_both_languages(live_server, browser, world):
    """Every page at every width, in both languages; then the menu without a script, and the plan on paper."""
    started = time.monotonic()
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems, errors, visited = [], [], 0
    for who, user, pages in world.pages():
        context = browser.new_context(locale="en-US", viewport={"width": LAPTOP, "height": HEIGHT})
        page = context.new_page()
        watch = Watch(page)
        if user is not None:
            context.add_cookies([session_cookie(live_server, user)])
        for language in LANGUAGES:
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            for name, path in pages:
                response = page.goto(live_server.url + path)
                assert response.ok, f"{who} {path}: {response.status}"
                ready(page)
                assert page.locator("html").get_attribute("lang") == language
                visited += 1
                check_page(page, f"{who} {name} ({path}) {language}", problems, f"{who}-{name}-{language}")
                if name == "editor":
                    an_open_row(page, world.activity, language, problems)
            if who == "chief":
                the_chiefs_menu(page, language, problems)
        errors += watch.errors
        context.close()
    print(f"{visited} pages, each at {len(WIDTHS)} widths, in {time.monotonic() - started:.1f} s; see {SCREENS}")
    assert not problems, "\n".join(problems)
    assert errors == []
    the_menu_without_a_script(live_server, browser, world)
    the_plan_on_paper(live_server, browser, world)


def an_open_row(page, activity, language, problems):
    """In the editor on a tablet and a phone, an activity's form opened in place fits the screen too."""
    page.set_viewport_size({"width": TABLET, "height": HEIGHT})
    page.locator(f"#edit-activity-{activity.pk}").click()
    form = page.locator(f"tr#activity-{activity.pk}.row-form [data-row-form]")
    expect(form).to_be_visible()
    for width in (TABLET, PHONE):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["width"] or found["scrollers"]:
            problems.append(f"staff editor {language} at {width}, a row open: {found}")
    form.screenshot(path=SCREENS / f"staff-editor-row-open-{language}-{PHONE}.jpg", quality=80)


def the_chiefs_menu(page, language, problems):
    """The chief's menu, the longest: one row at 1,366 and 1,920 pixels, its account panel within the window; on a
    phone, opened, every entry shown and nothing wider than the screen."""
    for width in (WIDE, LAPTOP):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        header = page.evaluate(HEADER)
        if header["button"] or not one_row(header):
            problems.append(f"chief {language} at {width}: the menu is not one row ({header})")
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            problems.append(f"chief {language} at {width}: the page is wider than the screen")
    page.locator(".account-button").click()
    links = page.locator(".account-links a, .account-links button")
    expect(links.last).to_be_visible()
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > LAPTOP:
            problems.append(f"chief {language} at {LAPTOP}: the account panel leaves the window ({box})")
    page.screenshot(path=SCREENS / f"chief-account-{language}-{LAPTOP}.jpg", quality=80)
    page.keyboard.press("Escape")
    expect(links.last).to_be_hidden()

    page.set_viewport_size({"width": PHONE, "height": HEIGHT})
    page.locator(".menu-button").click()
    header = page.evaluate(HEADER)
    if not all(item["visible"] for item in header["items"]) or not links.last.is_visible():
        problems.append(f"chief {language} at {PHONE}: the open menu hides entries ({header})")
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        problems.append(f"chief {language} at {PHONE}: the open menu is wider than the screen")
    page.screenshot(path=SCREENS / f"chief-menu-open-{language}-{PHONE}.jpg", full_page=True, quality=80)
    page.locator(".menu-button").click()


def the_menu_without_a_script(live_server, browser, world):
    """On a phone without JavaScript the menu opens from its button, the account's entries with it."""
    context = browser.new_context(
        locale="en-US", viewport={"width": PHONE, "height": HEIGHT}, java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, live_server, world.plan.staff)
    page.goto(f"{live_server.url}/")
    plans = page.get_by_role("link", name="Published plans")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(plans).to_be_hidden()
    page.locator(".menu-button").click()
    # Open, the menu shows every entry, the account's among them, over the page and within the screen.
    expect(plans).to_be_visible()
    expect(sign_out).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SCREENS / f"staff-menu-without-script-en-{PHONE}.jpg", quality=80)
    plans.click()
    expect(page).to_have_url(f"{live_server.url}/plans/")
    context.close()


def the_plan_on_paper(live_server, browser, world):
    """The published plan and a section's page print without the menu, buttons and forms (saved as PDF)."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    sign_in(page, live_server, world.plan.staff)
    page.emulate_media(media="print")
    for name, path in (
        ("public-plan", f"/plans/{world.publication.plan_id}/"),
        ("section", f"/workplan/sections/{world.section.pk}/"),
    ):
        page.goto(live_server.url + path)
        ready(page)
        expect(page.locator(".site-nav")).to_be_hidden()
        expect(page.locator(".language-switch")).to_be_hidden()
        for control in page.locator("main button, main form, main .button").all():
            expect(control).to_be_hidden()
        expect(page.locator("main table").first).to_be_visible()
        page.pdf(path=SCREENS / f"print-{name}-en.pdf", prefer_css_page_size=True)
    # A link in the text shows its address.
    after = page.evaluate("getComputedStyle(document.querySelector('.prose a[href^=\"http\"]'), '::after').content")
    assert LONG_URL in after
    context.close()
