"""What notifications say and what they are about: declared by the apps that raise them.

The outbox imports no app of the domain. An app that notifies declares here

- each kind of event it raises (`register_kind`): the string stored in the
  row, its label (the list's heading and the e-mail's subject) and, if the
  label is not enough, the e-mail's opening sentence or its own e-mail
  templates;
- each model its notifications can be about (`register_subject`), usually
  from its AppConfig.ready(): the keyword `notify()` takes it by, the subject
  it lies within, which of these objects a reader may still be told about,
  and, for one reader, where a notification about one links and the words
  naming it.

A notification is about one subject, kept as a generic reference (the
model's label, such as "workplan.section", and the object's id): the most
specific of those its caller named (a review rather than its section, a
section rather than its draft). It also keeps its scope: the outermost object
its subject lies within (a review's draft), or the subject itself when it
lies within nothing. Who is shown a notification is decided by its scope
alone, through the `visible` of the outermost subject: the menu's count then
asks one subquery, however many kinds of subject lie within it. A
notification about a model that no app registered is shown to nobody and
e-mailed to nobody: no policy answers for it. One about nothing (no subject)
is always shown.
"""

from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.db.models.signals import post_delete

#: Where a kind's e-mail templates live unless it names its own: subject.txt, body.txt, body.html.
EMAIL_TEMPLATES = "notifications/email"


class Kind(str):
    """A kind of notification: the string stored in the row, carrying its label and e-mail wording."""

    label: Any
    email_text: Any
    email_templates: str
    email_context: Any

    def __new__(cls, value, label, *, email_text=None, email_templates=EMAIL_TEMPLATES, email_context=None):
        kind = super().__new__(cls, value)
        kind.label = label
        kind.email_text = email_text or label
        kind.email_templates = email_templates
        kind.email_context = email_context
        return kind


_kinds = {}


def register_kind(value, label, *, email_text=None, email_templates=EMAIL_TEMPLATES, email_context=None):
    """Declare a kind of notification and return it (a str: the value stored in the row).

    `label` (lazily translated) heads the notification in the list and is the
    e-mail's subject; `email_text` opens the e-mail (the label by default);
    `email_templates` names a template directory with subject.txt, body.txt
    and body.html to replace the outbox's own; `email_context(notification)`
    returns more for those templates, computed when the e-mail is built (a
    link that must not be stored, say), in the recipient's language.
    """
    if len(value) > 32:
        raise ImproperlyConfigured(f"The notification kind {value!r} is longer than the 32 characters stored.")
    if value in _kinds:
        raise ImproperlyConfigured(f"The notification kind {value!r} is declared twice.")
    kind = _kinds[value] = Kind(
        value, label, email_text=email_text, email_templates=email_templates, email_context=email_context
    )
    return kind


def kind(value):
    """Return the declared kind stored as `value`; raise LookupError when no app declares it."""
    try:
        return _kinds[value]
    except KeyError:
        raise LookupError(f"No app declares the notification kind {value!r}.") from None


def kind_of_row(value):
    """Return the kind stored as `value`; one no app declares any more is labelled with the value itself."""
    return _kinds.get(value) or Kind(value, value)


class Link(NamedTuple):
    """Where a notification points for its reader, and the words of the link."""

    url: str
    text: str


def _no_details(subject):
    return []


def _as_is(user, queryset):
    return queryset


@dataclass(frozen=True)
class Subject:
    """What the outbox knows of one model its notifications can be about (see `register_subject`)."""

    model: type
    keyword: str
    within: str | None
    path: str | None
    visible: Any
    link: Any
    prepare: Any
    describe: Any
    details: Any


_subjects = {}  # model label ("workplan.section") -> Subject
_keywords = {}  # keyword -> Subject


def register_subject(
    model, *, keyword, link, visible=None, within=None, path=None, prepare=_as_is, describe=None, details=_no_details
):
    """Let notifications be about `model` objects, passed to `notify()` as `keyword=`.

    - `visible(user, queryset)`, for a subject that lies within nothing:
      narrow `queryset` to the objects the user may still be told about. It
      decides who is shown every notification about the object or about what
      lies within it. It must stay one SQL query (the menu counts unread
      notifications in one): the outbox uses it as a subquery, and asks it
      again before e-mailing.
    - `within` and `path`, for a subject that lies within another: the
      keyword of that subject (a section lies within its "draft") and the
      foreign key leading to it (`"draft"`). Given both, `notify()` keeps the
      inner one; a notification about it is shown while its reader may see
      the outermost object it lies within, so it takes no `visible` of its own.
    - `prepare(user, queryset)`: add what `link`, `describe` and `details` read
      (select_related, annotations), so that a page of notifications costs
      one query per model whatever its length.
    - `link(user, subject)`: return `(url, text)`, where a notification about
      `subject` points for this reader and the words of the link (the link
      itself must not lead further than the reader may go).
    - `describe(subject)`: return the `(label, value)` lines naming the subject
      in the e-mail (the model's name and the object's by default).
    - `details(subject)`: return the short texts the list shows after the link.

    Deleting one of these objects deletes the notifications about it.
    """
    label = label_of(model)
    if label in _subjects or keyword in _keywords:
        raise ImproperlyConfigured(f"Notification subjects {label} or {keyword!r} registered twice.")
    if (within is None) != (path is None):
        raise ImproperlyConfigured(f"The notification subject {label} names `within` and `path` together or neither.")
    if (within is None) == (visible is None):
        raise ImproperlyConfigured(
            f"The notification subject {label} needs `visible` when it lies within nothing, and takes none "
            "when it lies within another (its outermost subject answers for it)."
        )
    describe = describe or (lambda subject: [(model._meta.verbose_name.capitalize(), str(subject))])
    entry = Subject(model, keyword, within, path, visible, link, prepare, describe, details)
    _subjects[label] = _keywords[keyword] = entry
    post_delete.connect(_forget, sender=model, dispatch_uid=f"notifications.forget.{label}")
    return entry


def label_of(model):
    """Return how a notification names the model of its subject: "app_label.modelname"."""
    return model._meta.label_lower


def _forget(sender, instance, using, **kwargs):
    """Delete the notifications about an object being deleted (what a foreign key's CASCADE did)."""
    from .models import Notification

    Notification.objects.using(using).filter(subject_type=label_of(sender), subject_id=instance.pk).delete()


def subject_of(about):
    """Return the most specific of the objects named in `about` ({keyword: object}), or None when none is given."""
    named = {}
    for keyword, obj in about.items():
        if keyword not in _keywords:
            raise TypeError(f"A notification cannot be about {keyword!r}: no app registered that subject.")
        if obj is not None:
            named[keyword] = obj
    inner = set(named) - {_keywords[keyword].within for keyword in named}
    if len(inner) > 1:
        raise TypeError(f"A notification is about one thing: {sorted(inner)} do not lie within one another.")
    return named[inner.pop()] if inner else None


def scope_of(subject, named=None):
    """Return the label and id of the outermost object `subject` lies within (its own when it lies within nothing).

    Followed by the foreign keys declared as `path`; the last one is read as
    an id, and `named` ({keyword: object}, what notify() was given) saves
    loading the objects in between.
    """
    named = named or {}
    entry, obj = _subjects.get(label_of(type(subject))), subject
    while entry is not None and entry.within is not None:
        outer = _keywords[entry.within]
        outer_id = getattr(obj, entry.model._meta.get_field(entry.path).attname)
        if outer.within is None:
            return label_of(outer.model), outer_id
        given = named.get(entry.within)
        obj = given if given is not None and given.pk == outer_id else getattr(obj, entry.path)
        entry = outer
    return label_of(type(obj)), obj.pk


def _outermost(entry):
    """Return the subject `entry` lies within at last, and the lookup leading there from `entry`'s model."""
    lookups = []
    while entry.within is not None:
        lookups.append(entry.path)
        entry = _keywords[entry.within]
    return entry, "__".join(lookups)


def _visible_subjects(user, entry, queryset):
    """Narrow `queryset` of `entry`'s model to the objects the user may still be told about (one query)."""
    root, lookup = _outermost(entry)
    if not lookup:
        return root.visible(user, queryset)
    return queryset.filter(**{f"{lookup}__in": root.visible(user, root.model._default_manager.all()).values("pk")})


def visible_q(user):
    """Return the condition on notifications that keeps those about nothing or within what `user` may still see."""
    condition = Q(scope_type="")
    for label, entry in _subjects.items():
        if entry.within is None:
            scopes = entry.visible(user, entry.model._default_manager.all()).values("pk")
            condition |= Q(scope_type=label, scope_id__in=scopes)
    return condition


def subject_for(user, notification):
    """Return the subject of `notification` prepared for `user`, or None when they may not see it (or it is gone).

    One query: the subject is fetched through the registered visibility.
    """
    entry = _subjects.get(notification.subject_type)
    if entry is None:
        return None
    queryset = _visible_subjects(user, entry, entry.model._default_manager.filter(pk=notification.subject_id))
    return entry.prepare(user, queryset).first()


def present(user, notifications):
    """Set `link` (a Link, or None) and `details` on each notification, for `user`; one query per model."""
    wanted = {}
    for notification in notifications:
        notification.link, notification.details = None, []
        if notification.subject_type:
            wanted.setdefault(notification.subject_type, set()).add(notification.subject_id)
    found = {}
    for label, ids in wanted.items():
        entry = _subjects.get(label)
        if entry is not None:
            subjects = entry.prepare(user, entry.model._default_manager.filter(pk__in=ids))
            found.update({(label, subject.pk): (entry, subject) for subject in subjects})
    for notification in notifications:
        entry, subject = found.get((notification.subject_type, notification.subject_id), (None, None))
        if subject is not None:
            notification.link = Link(*entry.link(user, subject))
            notification.details = entry.details(subject)
    return notifications


def describe(user, subject):
    """Return the Link and the lines naming `subject` for `user` (the e-mail's), or None without a subject."""
    if subject is None:
        return None
    entry = _subjects[label_of(type(subject))]
    return Link(*entry.link(user, subject)), entry.describe(subject)
