"""Each audit event in words, in the reader's language: who did what to which object.

The log stores codes: an action ("section.save"), an object's type and id
("workplan.section", "11"), details. Its readers get a sentence per action
instead: "Sokha Chan saved the Prevention section of draft 2 of the
2026–2030 plan, version 4". The log imports no app of the domain, so the apps
that record actions declare here, when they start (their AppConfig.ready),
how each of their actions reads (`declare`) and how to name their objects
(`name_objects`). An action nobody declared still reads as a sentence, a
plainer one; nothing about an event (a deleted object, a detail missing, a
translation gone wrong) stops the page.

Naming costs one query per kind of name on a page, never one per event:
`describe(events)` gathers what every sentence names, asks each kind's namer
once for all its keys, then writes the sentences.

What a namer answers is shown to auditors, who read the log but no
confidential draft (see DESIGN, "Who uses it"): a namer names an object by
what is public or by its number (a section by its task force, a draft by its
number and its plan's years), never by what a draft says (a section's title,
a plan's title, a comment are the draft's content, and a draft may change
them).
"""

import contextlib
import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The kind of name a username (in an event's details) is, and the kind of a person: their model's label.
USERNAME = "username"

# Sentences for actions nobody declared: what the log knows, in plain words.
GENERIC = _("%(actor)s did “%(action)s”")
GENERIC_ON = _("%(actor)s did “%(action)s” on %(object)s")


@dataclasses.dataclass(frozen=True)
class Action:
    """How one action reads: its short name (for the filter) and its sentence, with what the sentence names.

    `sentence` is a lazy text with named placeholders, or a function of the
    event that returns one (an action that reads differently by its details or
    outcome). Its placeholders are filled from, in this order: `actor` (who
    did it), `object` (the event's object, named by its kind's namer), `refs`
    (each a function of the event giving the (kind, key) of something else to
    name, such as a person in the details), then `values(event)` (plain
    values: a version number, a decision's label).
    """

    code: str
    label: object
    sentence: object
    area: object
    refs: Mapping[str, Callable] = dataclasses.field(default_factory=dict)
    values: Callable | None = None

    def text(self, event):
        """Return the lazy sentence this event reads with."""
        return self.sentence(event) if callable(self.sentence) else self.sentence


_actions: dict[str, Action] = {}
_namers: dict[str, Callable] = {}


def declare(code, *, label, sentence, area, refs=None, values=None):
    """Declare how the action `code` reads in the log; return the declaration."""
    action = Action(code=code, label=label, sentence=sentence, area=area, refs=refs or {}, values=values)
    _actions[code] = action
    return action


def declared(code):
    """Return the declaration of the action `code`, or None."""
    return _actions.get(code)


def kinds():
    """Return the declared actions as [(area, [(code, label), ...]), ...], in the order they were declared."""
    areas = {}
    for action in _actions.values():
        areas.setdefault(str(action.area), (action.area, []))[1].append((action.code, action.label))
    return list(areas.values())


def name_objects(kind, namer):
    """Let `namer(keys)` name the objects of `kind` (a model's label, or USERNAME): it returns {key: name}.

    It is called once per page with every key of its kind the page needs, and
    answers in one query (keys it cannot name, it leaves out). Return `namer`.
    """
    _namers[kind] = namer
    return namer


def kinds_of_names():
    """Return how many kinds of name there are: at most one query each for a page of events, whatever its size."""
    return len(_namers)


def detail(kind, key):
    """Return a ref reading `details[key]` as the key of a name of `kind` (nothing when it is missing)."""

    def ref(event):
        value = event.details.get(key) if isinstance(event.details, dict) else None
        if value is None or isinstance(value, dict | list | bool):
            return None
        return kind, str(value)

    return ref


def primary_keys(model, keys):
    """Return {primary key: key} for the keys (texts) that can be primary keys of `model`; skip the others.

    An object id is any text in the log; a key the database cannot compare
    (a word for a number, a number past the column's range) is left out here
    rather than failing the query.
    """
    field = model._meta.pk
    found = {}
    for key in keys:
        try:
            value = field.to_python(key)
            field.run_validators(value)
        except (ValidationError, TypeError, ValueError):
            continue
        if value is not None:
            found[value] = key
    return found


def names_by_str(label):
    """Return a namer that names the objects of the model `label` by their str() (for public names only)."""

    def namer(keys):
        model = apps.get_model(label)
        wanted = primary_keys(model, keys)
        return {wanted[obj.pk]: str(obj) for obj in model._default_manager.filter(pk__in=wanted)}

    return namer


def _user_label():
    return settings.AUTH_USER_MODEL.lower()


def _name_people(keys):
    """Name people by primary key with their display name (the user model's str)."""
    model = apps.get_model(settings.AUTH_USER_MODEL)
    wanted = primary_keys(model, keys)
    return {wanted[person.pk]: str(person) for person in model._default_manager.filter(pk__in=wanted)}


def _name_usernames(keys):
    """Name people by username with their display name; a username no account has reads as itself."""
    model = apps.get_model(settings.AUTH_USER_MODEL)
    field = model.USERNAME_FIELD
    max_length = model._meta.get_field(field).max_length
    wanted = [key for key in keys if len(key) <= max_length and "\x00" not in key]
    people = model._default_manager.filter(**{f"{field}__in": wanted})
    return {person.get_username(): str(person) for person in people}


def _name_events(keys):
    """Name audit events by their number: no query."""
    return {key: gettext("event %(number)s") % {"number": key} for key in keys if key.isdigit()}


SIGNING_IN = _("Signing in")
AUDIT_LOG = _("The audit log")


def _failed_sign_in(event):
    if isinstance(event.details, dict) and event.details.get("locked_out"):
        return _("A sign-in as “%(username)s” was refused: too many failed attempts, the account waits a while")
    return _("A sign-in as “%(username)s” failed")


def _audit_read(event):
    if event.outcome != "ok":
        return _("%(actor)s asked for the audit log and was refused")
    if event.object_type:
        return _("%(actor)s read %(object)s of the audit log")
    if isinstance(event.details, dict) and event.details.get("via") == "admin":
        return _("%(actor)s read the audit log in the administration pages")
    return _("%(actor)s read the audit log")


def _audit_export(event):
    if event.outcome != "ok":
        return _("%(actor)s asked for an export of the audit log and was refused")
    return _("%(actor)s exported the audit log (CSV)")


def _username(event):
    details = event.details if isinstance(event.details, dict) else {}
    return {"username": str(details.get("username", ""))[:150]}


def register_defaults():
    """Declare the log's own actions and sign-ins, and name people and events (audit.apps calls it)."""
    name_objects(_user_label(), _name_people)
    name_objects(USERNAME, _name_usernames)
    name_objects("audit.auditevent", _name_events)
    declare("auth.login", label=_("Signed in"), sentence=_("%(actor)s signed in"), area=SIGNING_IN)
    declare("auth.logout", label=_("Signed out"), sentence=_("%(actor)s signed out"), area=SIGNING_IN)
    declare("auth.login_failed", label=_("Failed sign-in"), sentence=_failed_sign_in, area=SIGNING_IN, values=_username)
    declare("audit.read", label=_("Read the audit log"), sentence=_audit_read, area=AUDIT_LOG)
    declare("audit.export", label=_("Exported the audit log"), sentence=_audit_export, area=AUDIT_LOG)


class _Values(dict):
    """The values of a sentence's placeholders; one missing (a detail an old event lacks) reads as “…”."""

    def __missing__(self, key):
        return "…"


class _Placeholders(dict):
    """Note each placeholder a sentence asks for (formatting it with this records them)."""

    def __missing__(self, key):
        self.setdefault(key, 1)
        return 1


def placeholders(text):
    """Return the names of the placeholders in a lazy sentence (plural sentences included)."""
    found = _Placeholders()
    try:
        text % found
    except (TypeError, ValueError):
        return set()
    return set(found)


def _unnamed(kind, key):
    """Name an object its kind has no namer for, or that no longer exists: its kind's name and its id."""
    if kind == USERNAME:
        return key
    try:
        what = apps.get_model(kind)._meta.verbose_name
    except (LookupError, ValueError):
        what = kind
    return gettext("%(kind)s %(id)s") % {"kind": what, "id": key}


def describe(events):
    """Set `sentence` and `actor_name` on each event, in the active language; return the events.

    Costs one query per kind of name the events need (people, sections,
    drafts…), whatever their number.
    """
    events = list(events)
    people = _user_label()
    planned, wanted = [], defaultdict(set)
    for event in events:
        action = _actions.get(event.action)
        try:
            text = action.text(event) if action else (GENERIC_ON if event.object_type else GENERIC)
            asked = placeholders(text)
        except Exception:  # a declaration that fails on an odd event: the plain sentence
            action, text = None, GENERIC_ON if event.object_type else GENERIC
            asked = placeholders(text)
        refs = {}
        if event.actor_id is not None:
            refs["actor"] = (people, str(event.actor_id))
        if "object" in asked and event.object_type:
            refs["object"] = (event.object_type, event.object_id)
        for name, ref in action.refs.items() if action else ():
            if name in asked:
                try:
                    found = ref(event)
                except Exception:  # noqa: S112 - a detail of an unexpected shape names nothing
                    continue
                if found is not None:
                    refs[name] = found
        for kind, key in refs.values():
            wanted[kind].add(key)
        planned.append((event, action, text, refs))
    names = {kind: _named(kind, keys) for kind, keys in wanted.items()}
    for event, action, text, refs in planned:
        values = _Values(action=event.action)
        for name, (kind, key) in refs.items():
            values[name] = names[kind].get(key) or _unnamed(kind, key)
        values.setdefault("actor", event.actor_label or gettext("Someone"))
        event.actor_name = values["actor"]
        if action and action.values:
            # Values of an unexpected shape leave their placeholders reading “…”.
            with contextlib.suppress(Exception):
                values.update(action.values(event))
        event.sentence = _format(text, values, event)
    return events


def _named(kind, keys):
    namer = _namers.get(kind)
    if namer is None:
        return {}
    return namer(sorted(keys))


def _format(text, values, event):
    try:
        return str(text % values)
    except (TypeError, ValueError, KeyError):
        # A translation whose placeholders do not match: the plain sentence, which always formats.
        plain = GENERIC_ON if event.object_type and "object" in values else GENERIC
        return str(plain % values)
