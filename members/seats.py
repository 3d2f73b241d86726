"""The audit of a change to a seat, in every body that seats people: commission, secretariat, task forces."""

from audit import services as audit

# What a change to a membership did, as the audit log names it.
START, END, CHANGE, DELETE = "start", "end", "change", "delete"


def membership_change_kind(*, created, changed_fields, ended_before):
    """Return what a saved change did to a membership: START, END or CHANGE."""
    if created:
        return START
    if "ended_on" in changed_fields and not ended_before:
        return END
    return CHANGE


def membership_record(*, membership, kind, actor=None, request=None, changed_fields=(), pk=None):
    """Append the audit event of a change to a membership, which grants or takes away a role.

    Call it inside the transaction that wrote the change. `pk` names a membership
    already deleted (its instance has lost its primary key).
    """
    details = {
        "person": membership.person.get_username(),
        "body": f"{membership.body_field}:{getattr(membership, f'{membership.body_field}_id')}",
        "started_on": membership.started_on,
        "ended_on": membership.ended_on,
    }
    if hasattr(membership, "role"):
        details["role"] = membership.role
    if kind == CHANGE:
        details["changed"] = sorted(changed_fields)
    return audit.record(
        action=f"membership.{kind}",
        actor=actor,
        request=request,
        object_type=membership._meta.label_lower,
        object_id=membership.pk if pk is None else pk,
        details=details,
    )
