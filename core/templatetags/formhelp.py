"""Template helpers for forms: the error summary at the top of a form, linking to each field in error."""

from django import template

register = template.Library()


@register.filter
def error_summary(form):
    """Return (anchor, label, message) for each error of a bound form: the form's own errors first, anchor "".

    The anchor is the id of the field's first input (a list of checkboxes is
    reached by its first box), so that the link takes the person to it.
    """
    if not form.is_bound or not form.errors:
        return []
    summary = [("", "", message) for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        field = form[name]
        if field.is_hidden:
            summary += [("", "", message) for message in errors]
            continue
        # A list of checkboxes or radio buttons is reached by its first box; a select is one control.
        boxes = getattr(field.field.widget, "input_type", "") in ("checkbox", "radio")
        anchor = field.subwidgets[0].id_for_label if boxes and field.subwidgets else field.id_for_label
        summary += [(anchor or "", field.label, message) for message in errors]
    return summary
