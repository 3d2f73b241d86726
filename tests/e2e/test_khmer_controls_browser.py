"""In a real browser: Khmer in selects, inputs and buttons is never cut off, at any zoom.

Khmer stacks vowel signs above the line and subscript consonants below it
("ក្រសួងមហាផ្ទៃ"); a control whose box is only as tall as a Latin line cuts
them off, and the word reads as another ("កេសងមហាផៃ"). For every visible
control of the editor and of the draft's page in Khmer, and every option of
a list box, the ink of its text (measured in the control's own font) must fit
inside the box, at 100 % and at 200 % zoom.
"""

import pytest

from tests.e2e import drafting_support as support

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


@pytest.mark.parametrize("zoom", [1, 2])
def test_khmer_in_controls_is_never_cut_off(live_server, open_as, drafting, zoom):
    from members.models import Organization

    Organization.objects.filter(code="interior").update(name_km="ក្រសួងមហាផ្ទៃ")
    for person, path in (
        (drafting.staff, f"/workplan/sections/{drafting.section.pk}/edit/"),
        (drafting.chief, f"/workplan/drafts/{drafting.draft.pk}/"),
    ):
        page, watch = open_as(person, path)
        page.context.add_cookies([{"name": "django_language", "value": "km", "url": live_server.url}])
        page.reload()
        assert page.locator("html").get_attribute("lang") == "km"
        result = page.evaluate(CLIPPED, zoom)
        assert result["measured"] > 3, path
        assert result["found"] == [], path
        assert watch.errors == []
