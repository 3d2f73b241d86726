"""CSV of the activities and JSON of the whole document: the export's data for spreadsheets and programs."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

# Each measure in both languages, Khmer first as in the editor: the same columns whatever the export's language.
MEASURE_KEYS = [
    f"{name}_{language}"
    for name in ("indicator", "baseline", "target", "means_of_verification")
    for language in ("km", "en")
]


def csv_columns(labels):
    """Return the CSV's columns as (key, heading)."""
    return [
        ("section", labels["section"]),
        ("task_force", labels["task_force"]),
        ("objective", labels["objective"]),
        ("objective_text", labels["objective_text"]),
        ("code", labels["activity_code"]),
        ("text", labels["activity"]),
        ("lead_ministry", labels["lead_ministry"]),
        ("partners", labels["partners"]),
        ("start_year", labels["first_year"]),
        ("end_year", labels["last_year"]),
        ("budget", labels["budget"]),
        ("currency", labels["currency"]),
        *((name, labels[name]) for name in MEASURE_KEYS),
    ]


def build_csv(doc):
    """Return every activity as one CSV row, UTF-8 with a byte-order mark (so Excel reads Khmer as Khmer).

    A confidential export starts with one line holding its watermark, then a
    blank line, then the headings: whoever opens the file sees whose it is.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if doc["watermark"]:
        writer.writerow([doc["watermark"]])
        writer.writerow([])
    columns = csv_columns(doc["labels"])
    writer.writerow([heading for _key, heading in columns])
    for section in doc["sections"]:
        for objective in section["objectives"]:
            for activity in objective["activities"]:
                row = {
                    **activity,
                    "section": section["title"],
                    "task_force": section["task_force"],
                    "objective": objective["code"],
                    "objective_text": objective["text"],
                    "partners": "; ".join(activity["partners"]),
                    "budget": activity["budget"] or "",
                }
                writer.writerow([_cell(row[key]) for key, _heading in columns])
    return out.getvalue().encode("utf-8-sig")


def _cell(value):
    """Return a cell's text, with a formula-looking text made inert (CSV injection: =, +, -, @ start formulas)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def build_json(doc):
    """Return the document (both languages, as stored or gathered) with the export's own details, as UTF-8 JSON."""
    data = {
        "export": {
            "language": doc["language"],
            "confidential": doc["confidential"],
            "watermark": doc["watermark"],
            "generated_at": timezone.now().isoformat(),
        },
        **doc["source"],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")
