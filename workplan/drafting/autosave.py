"""Working copies: what a person types in the section editor, kept on the server before they save.

A closed tab, a crash or a dropped connection would otherwise lose everything
typed since the last save. The editor sends its fields here every few seconds
while the person types; the next time they open the editor, the text is
offered back. A working copy is never a revision: it is not audited, not
reviewed, not compared, and read by its writer alone (workplan.policies).
A save of the section by its writer deletes it (`section_save` calls
`working_copy_discard`).

It keeps text as it is being typed, so it is not validated as a save is: an
activity without its lead ministry or a budget half typed are kept as typed.
Rich text is sanitised all the same, since the editor shows it again.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan import policies
from workplan.drafting import rows
from workplan.drafting.sanitize import clean_html
from workplan.models import Section, WorkingCopy

# What one working copy may hold, as UTF-8 JSON: a long section with sixty activities is about 150 kB.
MAX_BYTES = 1_000_000
TITLES = ("title_en", "title_km")
BODIES = ("body_en", "body_km")
TOO_LARGE = "too_large"


def _text(value):
    return value if isinstance(value, str) else "" if value is None else str(value)


def _activity(activity):
    """Return an activity as typed: every field the editor has, as text, partners as a list of codes."""
    kept = {field: _text(activity.get(field)) for field in rows.ACTIVITY_FIELDS if field != "partners"}
    partners = activity.get("partners") or []
    kept["partners"] = sorted({_text(code) for code in partners}) if isinstance(partners, list | tuple) else []
    return kept


def _rows(given):
    """Return rows as typed, in the shape of rows.normalize() but without its checks (they run at the save)."""
    if not isinstance(given, list | tuple):
        return []
    kept = []
    for objective in given:
        if not isinstance(objective, dict):
            continue
        activities = objective.get("activities") or []
        kept.append(
            {
                "code": _text(objective.get("code")).strip(),
                "text_en": _text(objective.get("text_en")),
                "text_km": _text(objective.get("text_km")),
                "activities": [_activity(a) for a in activities if isinstance(a, dict)],
            }
        )
    return kept


def _clean(section, content):
    """Return the content to keep: titles and texts (the section's for any left out), rows if given."""
    kept = {key: _text(content[key]) if key in content else getattr(section, key) for key in TITLES}
    kept |= {key: clean_html(_text(content[key])) if key in content else getattr(section, key) for key in BODIES}
    if content.get("rows") is not None:
        kept["rows"] = _rows(content["rows"])
    return kept


def size_of(content):
    """Return the size of a content in bytes, as UTF-8 JSON."""
    return len(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode())


def working_copy_save(*, section_id, actor, base_version, content):
    """Keep what the actor has typed in the section's editor, replacing their previous working copy.

    `content` has the shape a section save takes (titles, texts, optionally
    rows); `base_version` is the version the editor was opened on. Only
    someone who may edit the section now keeps a working copy. No audit event:
    this runs every few seconds while someone types, and what it keeps is
    nobody's but theirs until they save (the save is audited).
    """
    section = Section.objects.select_related("draft").get(pk=section_id)
    if not policies.can_keep_working_copy(actor, section):
        raise PermissionDenied(_("You cannot edit this section now."))
    if not isinstance(base_version, int) or not 1 <= base_version <= section.version:
        raise ValidationError(_("The version you started from is not one of this section's."), code="version")
    kept = _clean(section, content)
    if size_of(kept) > MAX_BYTES:
        raise ValidationError(
            _(
                "This text is too large to keep on the server (more than %(limit)s MB). "
                "Save the section, or shorten the text."
            ),
            code=TOO_LARGE,
            params={"limit": MAX_BYTES // 1_000_000},
        )
    copy = WorkingCopy(section=section, author=actor, base_version=base_version, content=kept)
    copy.updated_at = timezone.now()
    # One upsert: the same single query whether or not the person already has a working copy of the section.
    WorkingCopy.objects.bulk_create(
        [copy],
        update_conflicts=True,
        unique_fields=["section", "author"],
        update_fields=["base_version", "content", "updated_at"],
    )
    return copy


def working_copy_for(section, actor):
    """Return the actor's working copy of a section they may see, or None (nobody else's, whoever asks)."""
    copy = policies.visible_working_copies(actor, WorkingCopy.objects.filter(section=section)).first()
    if copy is not None:
        copy.section = section
    return copy


def working_copy_discard(*, section_id, actor):
    """Delete the actor's working copy of the section, if they have one; return whether there was one.

    Not audited, like the keeping: the text was never anyone's but the
    writer's, and dropping it changes nothing anyone else can see. It asks no
    policy either: a person may always drop their own unsaved text, even of a
    section they may no longer edit.
    """
    deleted, _by_model = WorkingCopy.objects.filter(section_id=section_id, author=actor).delete()
    return bool(deleted)
