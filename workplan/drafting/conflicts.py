"""Conflicts of a merged save, as a person reads them: what it is about, both changes, who made theirs.

Used by the editor's conflict screen and the API's answer to a save that
needs choices. Values are shown as the plan shows them: amounts with
thousands separators, organisations by name, rows by their code and text.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workplan.drafting import merge, redline
from workplan.drafting.forms import ObjectiveForm, SectionForm
from workplan.models import Activity


@dataclass(frozen=True)
class ShownConflict:
    key: str
    label: str
    # "text", "rich", "row" or "field" (merge.Conflict.kind); rich values are sanitised HTML.
    kind: str
    base: str
    mine: str
    theirs: str
    # The save that made their change: author and number (None when it cannot be told).
    revision: object

    @property
    def author(self):
        return self.revision.author if self.revision else None


def shown(conflicts, revisions, organizations):
    """Return the conflicts as ShownConflict, in order; `revisions` as selectors.conflict_authors() gives them."""
    passages = {}
    for conflict in conflicts:
        if conflict.kind == "rich":
            passages[conflict.path[0]] = passages.get(conflict.path[0], 0) + 1
    return [
        ShownConflict(
            key=conflict.key,
            label=_label(conflict.path, passages),
            kind=conflict.kind,
            base=_value(conflict, conflict.base, organizations),
            mine=_value(conflict, conflict.mine, organizations),
            theirs=_value(conflict, conflict.theirs, organizations),
            revision=revisions.get(conflict.key),
        )
        for conflict in conflicts
    ]


def _label(path, passages):
    name = path[0]
    if name in merge.TEXT_FIELDS or name in merge.RICH_FIELDS:
        label = str(SectionForm.base_fields[name].label)
        if name in merge.RICH_FIELDS and passages.get(name, 0) > 1:
            return _("%(field)s, passage %(number)s") % {"field": label, "number": path[1] + 1}
        return label
    row = (_("Objective %(code)s") if name == "objective" else _("Activity %(code)s")) % {"code": path[1]}
    if len(path) == 2:
        return row
    return _("%(row)s: %(field)s") % {"row": row, "field": _field_label(name, path[2])}


def _field_label(kind, field):
    if kind == "objective":
        return str(ObjectiveForm.base_fields[field].label)
    if field == "objective":
        return _("objective")
    try:
        return str(Activity._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _value(conflict, value, organizations):
    if conflict.kind == "rich":
        return value or ""
    if conflict.kind == "row":
        if value is None:
            return _("Removed")
        text = value.get("text_km") if _khmer() else value.get("text_en")
        return " ".join(part for part in (conflict.path[1], text or value.get("text_en") or "") if part)
    field = conflict.path[-1] if conflict.kind == "field" else None
    if field == "budget":
        return redline.format_amount(value)
    if field == "lead_ministry":
        return redline._organization(value, organizations)
    if field == "objective":
        return _("Objective %(code)s") % {"code": value}
    if field == "currency":
        return str(Activity.Currency(value).label) if value in Activity.Currency.values else redline._shown(value)
    return redline._shown(value)


def _khmer():
    return (get_language() or "").startswith("km")
