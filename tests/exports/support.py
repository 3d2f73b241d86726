"""The plan the export tests export, and how they read the files back."""

import csv
import datetime
import io
import json
import subprocess

import docx

from tests.workplan.builders import Review, activity
from workplan import workflow

COMMISSION_KM = "គណៈកម្មាធិការជាតិ"
# A section's Khmer text: subscript consonants (្ម ្ត ្ន ្ស), vowels before, above and below, a split vowel (ើ).
BODY_KM = "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស បង្កើនការយល់ដឹងរបស់សហគមន៍នៅតាមព្រំដែន។"
BODY_EN = "The National Committee trains village chiefs in the border provinces."
RECIPIENT_EN, RECIPIENT_KM = "Sok Dara", "សុខ ដារ៉ា"
# The measures of the odd activities in Khmer; the even ones have them in English only.
INDICATOR_KM, TARGET_KM = "ចំនួនមន្ត្រីដែលបានទទួលការបណ្តុះបណ្តាល", "១០០ នាក់"
DECIDED_ON = datetime.date(2010, 3, 1)
REFERENCE = "123 SSR"


class ExportPlan(Review):
    """A draft of the plan worth exporting: Khmer text, many activities (several PDF pages), a named recipient."""

    def __init__(self, *, activities=24):
        super().__init__()
        staff = self.staff
        staff.name_en, staff.name_km = RECIPIENT_EN, RECIPIENT_KM
        staff.save(update_fields=["name_en", "name_km"])
        rows = [
            {
                "code": str(number),
                "text_en": f"Objective {number} in English",
                "text_km": f"គោលបំណងទី {number} ការពារកុមារ",
                "activities": [
                    activity(
                        f"{number}.{index}",
                        partners=["justice", "aple"] if index % 2 else [],
                        text_en=f"Train officials, activity {number}.{index}",
                        text_km=f"បណ្តុះបណ្តាលមន្ត្រី សកម្មភាព {number}.{index}",
                        budget=f"{1000 * index}.50",
                        indicator_km=INDICATOR_KM if index % 2 else "",
                        target_km=TARGET_KM if index % 2 else "",
                    )
                    for index in range(1, activities // 3 + 1)
                ],
            }
            for number in range(1, 4)
        ]
        self.save(
            rows=rows,
            title_km="ការបង្ការ",
            body_km=f"<p>{BODY_KM}</p><ul><li>ការអប់រំ</li><li><strong>សហគមន៍</strong></li></ul>",
            body_en=f"<p>{BODY_EN}</p>",
        )

    def publish(self):
        """Take the draft through review, the chair and the Council; return its PublishedPlan."""
        self.submit()
        self.approve_all()
        workflow.submit_to_chair(draft=self.draft, actor=self.chief)
        workflow.chair_approve(draft=self.draft, actor=self.chair)
        workflow.council_approve(
            draft=self.draft, actor=self.chief, decision_date=DECIDED_ON, decision_reference=REFERENCE
        )
        self.draft.refresh_from_db()
        return self.draft.publication


def read(export):
    """Return the bytes of an export's stored file."""
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        return handle.read()


def pdf_pages(data, tmp_path):
    """Return the text of every page of a PDF, as pdftotext reads it (poppler honours ActualText)."""
    path = tmp_path / "export.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for number in range(1, count + 1)
    ]


def docx_text(data):
    """Return (body paragraphs and table cells, header text, footer XML) of a DOCX."""
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    section = document.sections[0]
    header = "\n".join(paragraph.text for paragraph in section.header.paragraphs)
    return "\n".join(texts), header, section.footer._element.xml, document


def csv_rows(data):
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def json_data(data):
    return json.loads(data.decode("utf-8"))
