"""Turn a database rule's refusal into a sentence for the user.

Unique and check constraints carry their message on the model
(`violation_error_message`); rules kept in triggers (core.db) register theirs
here. Both are found by the rule's name, which PostgreSQL reports as the
constraint name and SQLite as the error text.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError

_trigger_rules = {}


def register(name, message):
    """Record the message shown when the trigger rule `name` refuses a write."""
    _trigger_rules[name] = message


def _constraint_messages():
    messages = dict(_trigger_rules)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.violation_error_message:
                messages[constraint.name] = constraint.violation_error_message
    return messages


def rule_name(error):
    """Return the name of the database rule behind an IntegrityError, if known."""
    messages = _constraint_messages()
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name in messages:
        return name
    text = str(error)
    return next((known for known in messages if known in text), None)


def as_validation_error(error):
    """Return a ValidationError naming the rule an IntegrityError broke, or None."""
    name = rule_name(error)
    if name is None:
        return None
    message = _constraint_messages()[name]
    return ValidationError(message, code=name)


def save_or_explain(obj, **save_kwargs):
    """Save `obj`; if the database refuses it, raise the rule's ValidationError."""
    from django.db import transaction

    try:
        with transaction.atomic():
            obj.save(**save_kwargs)
    except IntegrityError as error:
        explained = as_validation_error(error)
        if explained is None:
            raise
        raise explained from error
