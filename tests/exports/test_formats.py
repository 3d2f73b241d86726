"""Each format holds the plan: sections in order, Khmer exactly as written, activities as tables, the watermark."""

import pypdf
import pytest

from tests.exports.support import (
    BODY_EN,
    BODY_KM,
    COMMISSION_KM,
    INDICATOR_KM,
    RECIPIENT_EN,
    RECIPIENT_KM,
    REFERENCE,
    TARGET_KM,
    csv_rows,
    docx_text,
    json_data,
    pdf_pages,
    read,
)
from workplan.exports import services
from workplan.models import Export

pytestmark = pytest.mark.django_db


def export(plan, fmt, language, capture, user=None):
    with capture(execute=True):
        made = services.export_request(user or plan.staff, plan.draft, fmt, language)
    made.refresh_from_db()
    assert made.status == Export.Status.DONE, made.error
    assert made.progress == 100
    return made


@pytest.mark.browser
def test_a_khmer_pdf_keeps_every_code_point_and_names_the_recipient_on_every_page(
    plan, django_capture_on_commit_callbacks, tmp_path
):
    made = export(plan, "pdf", "km", django_capture_on_commit_callbacks)
    data = read(made)
    assert data.startswith(b"%PDF-")
    assert made.size == len(data) and len(made.sha256) == 64
    assert made.file.name == f"exports/{made.pk}.pdf"
    pages = pdf_pages(data, tmp_path)
    assert len(pages) >= 3, "the plan should fill several pages"
    text = "\n".join(pages)
    # Khmer comes back exactly: clusters with subscripts and split vowels, no space slipped in.
    assert COMMISSION_KM in text
    assert BODY_KM.split(" ")[0] in text and BODY_KM.split(" ")[1] in text
    # A table cell's text wraps: its lines come back one by one.
    assert "បណ្តុះបណ្តាលមន្ត្រី" in text and "សកម្មភាព 1.1" in text and "សកម្មភាព 3.8" in text
    assert "ការបង្ការ" in text
    # The measures in Khmer, and in English where they have no Khmer (a narrow cell's lines come back one by one).
    assert INDICATOR_KM.startswith("ចំនួនមន្ត្រីដែលបានទទួល") and TARGET_KM.startswith("១០០")
    assert "ចំនួនមន្ត្រីដែលបានទទួល" in text and "\n១០០\n" in text and "People trained" in text
    # The watermark, with the recipient, the draft and the time, on every page.
    assert RECIPIENT_KM in made.watermark and "(UTC+07:00)" in made.watermark
    for number, page in enumerate(pages, start=1):
        assert made.watermark in page, f"page {number} has no watermark"
        assert RECIPIENT_KM in page and plan.plan.name_km in page
    # pypdf reads the structure (it does not honour ActualText, so Khmer text is read with pdftotext).
    reader = pypdf.PdfReader(tmp_path / "export.pdf")
    assert len(reader.pages) == len(pages)
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any(name.endswith("+NotoSansKhmer-Regular") for name in fonts), fonts


@pytest.mark.browser
def test_an_english_pdf_has_the_english_text_and_its_watermark(plan, django_capture_on_commit_callbacks, tmp_path):
    made = export(plan, "pdf", "en", django_capture_on_commit_callbacks)
    pages = pdf_pages(read(made), tmp_path)
    text = "\n".join(pages)
    assert BODY_EN in text
    assert "Train officials," in text and "activity 2.3" in text
    assert "Contents" in text and "Indicator" in text
    compact = "".join(text.split())
    assert "Peopletrained" in compact and "".join(INDICATOR_KM.split()) not in compact, "every activity has English"
    assert made.watermark.startswith(f"Confidential — prepared for {RECIPIENT_EN} — Draft 1 of National plan")
    assert all(made.watermark in page for page in pages)
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_docx_has_the_khmer_text_the_tables_and_the_watermark_in_the_header(plan, django_capture_on_commit_callbacks):
    made = export(plan, "docx", "km", django_capture_on_commit_callbacks)
    text, header, footer, document = docx_text(read(made))
    assert COMMISSION_KM in text and BODY_KM in text
    assert "បណ្តុះបណ្តាលមន្ត្រី សកម្មភាព 3.8" in text
    assert header == made.watermark and RECIPIENT_KM in header
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    # Khmer is set in a Khmer font: the complex-script font of the defaults and of the headings.
    styles = document.styles.element.xml
    assert 'w:cs="Noto Sans Khmer"' in styles and "w:cstheme" not in styles
    assert len(document.tables) == 3  # one table of activities per objective
    heading = [cell.text for cell in document.tables[0].rows[0].cells]
    assert heading[0] and len(heading) == 8
    assert heading[6:] == ["សូចនាករ", "គោលដៅ"]
    first, second = ([cell.text for cell in row.cells] for row in document.tables[0].rows[1:3])
    assert first[6:] == [INDICATOR_KM, TARGET_KM]
    assert second[6:] == ["People trained", "100"], "no Khmer: the English"


def test_csv_has_one_row_per_activity_in_utf8_with_a_bom(plan, django_capture_on_commit_callbacks):
    made = export(plan, "csv", "km", django_capture_on_commit_callbacks)
    rows = csv_rows(read(made))
    assert rows[0] == [made.watermark] and rows[1] == []
    header, body = rows[2], rows[3:]
    assert len(header) == 20
    assert len(body) == 24
    first = dict(zip(header, body[0], strict=True))
    # Each measure in both languages, Khmer first.
    assert header[12:16] == [
        "សូចនាករជាភាសាខ្មែរ",
        "សូចនាករជាភាសាអង់គ្លេស",
        "ទិន្នន័យមូលដ្ឋានជាភាសាខ្មែរ",
        "ទិន្នន័យមូលដ្ឋានជាភាសាអង់គ្លេស",
    ]
    assert body[0][12:13] + body[0][16:18] == [INDICATOR_KM, TARGET_KM, "100"]
    assert body[1][12:14] == ["", "People trained"]
    assert "បណ្តុះបណ្តាលមន្ត្រី សកម្មភាព 1.1" in body[0]
    assert "ការបង្ការ" in body[0]
    assert "1000.50" in first.values()
    assert "APLE; ក្រសួង justice" in first.values()


def test_csv_in_english_has_english_headings(plan, django_capture_on_commit_callbacks):
    made = export(plan, "csv", "en", django_capture_on_commit_callbacks)
    rows = csv_rows(read(made))
    header = rows[2]
    assert header[:6] == ["Section", "Task force", "Objective", "Objective text", "Activity code", "Activity"]
    row = dict(zip(header, rows[3], strict=True))
    assert row["Activity"] == "Train officials, activity 1.1"
    assert row["Lead ministry"] == "Interior"
    assert row["Budget estimate"] == "1000.50" and row["Currency"] == "USD"
    assert row["Indicator in Khmer"] == INDICATOR_KM and row["Indicator in English"] == "People trained"
    assert row["Target in Khmer"] == TARGET_KM and row["Means of verification in English"] == "Reports"


def test_json_has_the_whole_draft_in_both_languages(plan, django_capture_on_commit_callbacks):
    made = export(plan, "json", "km", django_capture_on_commit_callbacks)
    data = json_data(read(made))
    assert data["export"]["confidential"] is True and data["export"]["watermark"] == made.watermark
    assert data["draft"] == 1 and data["plan"]["title_km"] == "ផែនការជាតិ"
    prevention = next(section for section in data["sections"] if section["key"] == "prevention")
    assert BODY_KM in prevention["body_km"] and BODY_EN in prevention["body_en"]
    assert len([a for objective in prevention["objectives"] for a in objective["activities"]]) == 24
    assert data["sections"][0]["key"] == "front"
    first = prevention["objectives"][0]["activities"][0]
    assert (first["indicator_km"], first["indicator_en"], first["indicator"]) == (
        INDICATOR_KM,
        "People trained",
        "People trained",
    )
    assert (first["target_km"], first["target_en"], first["target"]) == (TARGET_KM, "100", "100")


@pytest.mark.browser
def test_the_published_plan_is_exported_from_the_stored_document_without_a_watermark(
    plan, django_capture_on_commit_callbacks, tmp_path
):
    publication = plan.publish()
    # A change to the live rows after publication does not reach the export: it reads what was approved.
    from workplan.models import Activity

    Activity.objects.filter(code="1.1").update(text_km="កែប្រែក្រោយការបោះពុម្ព")
    exports = {}
    for fmt in ("pdf", "docx", "csv", "json"):
        with django_capture_on_commit_callbacks(execute=True):
            exports[fmt] = services.published_export(publication, fmt, "km")
        exports[fmt].refresh_from_db()
        assert exports[fmt].status == "done", exports[fmt].error
        assert exports[fmt].watermark == "" and exports[fmt].requested_by is None
    pages = pdf_pages(read(exports["pdf"]), tmp_path)
    text = "\n".join(pages)
    assert COMMISSION_KM in text and "បណ្តុះបណ្តាលមន្ត្រី" in text
    assert "កែប្រែក្រោយការបោះពុម្ព" not in text
    assert REFERENCE in pages[0]
    assert all(REFERENCE in page for page in pages), "the decision is in every page's header"
    assert RECIPIENT_KM not in text and "Confidential" not in text
    body, header, _footer, _document = docx_text(read(exports["docx"]))
    assert REFERENCE in header and RECIPIENT_KM not in header and COMMISSION_KM in body
    rows = csv_rows(read(exports["csv"]))
    assert len(rows[0]) == 20 and len(rows) == 25  # the headings first: no watermark line
    data = json_data(read(exports["json"]))
    assert data["export"]["confidential"] is False and data["export"]["watermark"] == ""
    assert data["council_decision"]["reference"] == REFERENCE
    assert data["sections"] == publication.document["sections"]
