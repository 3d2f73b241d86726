"""Reads shared by the apps."""

from django.db.models import Case, IntegerField, Value, When


def active_by_role(model, order):
    """Return a membership model's active rows, senior roles first, then by name."""
    rank = Case(
        *(When(role=role, then=Value(position)) for position, role in enumerate(order)),
        default=Value(len(order)),
        output_field=IntegerField(),
    )
    return (
        model.objects.active()
        .select_related("person", "organization")
        .annotate(rank=rank)
        .order_by("rank", "person__name_en", "id")
    )
