"""In a real browser: Khmer in selects, inputs and buttons is never cut off, at any zoom.

Khmer stacks vowel signs above the line and subscript consonants below it
("ក្រសួងមហាផ្ទៃ"); a control whose box is only as tall as a Latin line cuts
them off, and the word reads as another ("កេសងមហាផៃ"). For every visible
control of the editor and of the draft's page in Khmer, and every option of
a list box, the ink of its text (measured in the control's own font) must fit
inside the box, at 100 % and at 200 % zoom.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import activity_of, open_activity, ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

drafting = support.drafting
open_as = support.open_as

# [control, text, ink height, box height] of every control whose text does not fit its box.
CLIPPED = """(zoom) => {
  document.documentElement.style.zoom = zoom;
  const canvas = document.createElement('canvas').getContext('2d');
  const ink = (element, text) => {
    canvas.font = getComputedStyle(element).font;
    const metrics = canvas.measureText(text);
    return metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent;
  };
  const inner = (element) => {
    const style = getComputedStyle(element);
    const edges = ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'];
    const edge = edges.reduce((sum, name) => sum + parseFloat(style[name]), 0);
    return element.getBoundingClientRect().height / zoom - edge;
  };
  const found = [], measured = [];
  const controls = 'select:not([multiple]), input[type=text], input[type=number], button, .button';
  for (const element of document.querySelectorAll(controls)) {
    if (!element.getClientRects().length) continue;
    const text = (element.tagName === 'SELECT' ? element.options[element.selectedIndex]?.text
      : element.value || element.textContent || '').trim();
    if (!/[\\u1780-\\u17ff]/.test(text)) continue;
    measured.push(text);
    if (ink(element, text) > inner(element) + 0.5) {
      found.push([element.outerHTML.slice(0, 80), text, ink(element, text), inner(element)]);
    }
  }
  for (const option of document.querySelectorAll('select[multiple] option')) {
    if (!/[\\u1780-\\u17ff]/.test(option.text)) continue;
    measured.push(option.text);
    const height = option.getBoundingClientRect().height / zoom;
    if (ink(option, option.text) > height) found.push(['option', option.text, ink(option, option.text), height]);
  }
  return {found, measured: measured.length};
}"""


def khmer_page(open_as, live_server, person, path):
    page, watch = open_as(person, path)
    page.context.add_cookies([{"name": "django_language", "value": "km", "url": live_server.url}])
    page.reload()
    ready(page)
    assert page.locator("html").get_attribute("lang") == "km"
    return page, watch


@pytest.mark.parametrize("zoom", [1, 2])
def test_khmer_in_controls_is_never_cut_off(live_server, open_as, drafting, zoom):
    from members.models import Organization

    Organization.objects.filter(code="interior").update(name_km="ក្រសួងមហាផ្ទៃ")
    for person, path in (
        (drafting.staff, f"/workplan/sections/{drafting.section.pk}/edit/"),
        (drafting.chief, f"/workplan/drafts/{drafting.draft.pk}/"),
    ):
        page, watch = khmer_page(open_as, live_server, person, path)
        result = page.evaluate(CLIPPED, zoom)
        assert result["measured"] > 3, path
        assert result["found"] == [], path
        assert watch.errors == []


@pytest.mark.parametrize("zoom", [1, 2])
def test_khmer_in_an_open_rows_controls_is_never_cut_off(live_server, open_as, drafting, zoom):
    """An activity's form, open in place: the lead ministry, the currency, the objective and its buttons."""
    from members.models import Organization

    Organization.objects.filter(code="interior").update(name_km="ក្រសួងមហាផ្ទៃ")
    page, watch = khmer_page(open_as, live_server, drafting.staff, f"/workplan/sections/{drafting.section.pk}/edit/")
    form = open_activity(page, activity_of(drafting.section, "1.1"))
    expect(form.locator("#activity-form-lead_ministry option:checked")).to_have_text("ក្រសួងមហាផ្ទៃ")
    result = page.evaluate(CLIPPED, zoom)
    measured_before = result["measured"]
    assert result["found"] == []
    # The form's own controls were measured, not only the page around it.
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    assert page.evaluate(CLIPPED, zoom)["measured"] <= measured_before - 3
    assert watch.errors == []
