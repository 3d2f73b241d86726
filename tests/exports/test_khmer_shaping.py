"""Khmer in the PDF is shaped: subscript consonants and vowel signs in place, no boxes, no dotted circles.

A fixed page of Khmer (no time, no watermark, labels fixed here rather than
translated, so it never changes) is printed and rendered to an image with
pdftoppm, and compared with a reference image checked by eye when it was made
(tests/exports/reference/khmer-page-1.png; REGENERATE_EXPORT_REFERENCE=1 writes
it again, then look at it before committing). The same page with its shaping
broken — a zero-width space between every code point, so no consonant takes
its subscript or vowel — must be rejected by the same comparison: that is what
shows the tolerance is tight enough.
"""

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from workplan.exports import pdf, textlayer

REFERENCE = Path(__file__).parent / "reference" / "khmer-page-1.png"
# At 100 dpi: the page's top and bottom margins (header and footer, set in system fonts) are left out.
TOP, BOTTOM = 60, 72
# Share of the inked pixels that may differ (anti-aliasing, a Chromium update); broken shaping moves most of them.
TOLERANCE = 0.03
ZWSP = "\u200b"

SECTIONS = [
    ("សេចក្តីផ្តើម", "ផ្នែកខាងមុខ"),
    ("ការបង្ការ និងការអប់រំសហគមន៍", "ក្រុមការងារបង្ការ"),
    ("កិច្ចការពារ និងការស្តារនីតិសម្បទាជនរងគ្រោះ", "ក្រុមការងារកិច្ចការពារ"),
    ("ការអនុវត្តច្បាប់ និងយុត្តិធម៌", "ក្រុមការងារយុត្តិធម៌"),
    ("កិច្ចសហប្រតិបត្តិការអន្តរជាតិ", "ក្រុមការងារសហប្រតិបត្តិការ"),
    ("ការតាមដាន និងវាយតម្លៃ", "ក្រុមការងារតាមដាន"),
    ("ការគ្រប់គ្រងការធ្វើចំណាកស្រុកដោយសុវត្ថិភាព", "ក្រុមការងារចំណាកស្រុក"),
]


def khmer_page(transform=str):
    """Return a localized export (the structure pdf.build takes) of Khmer text only, with `transform` on every text."""
    labels = {
        "contents": "មាតិកា",
        "task_force": "ក្រុមការងារ",
        "activity_code": "លេខកូដ",
        "activity": "សកម្មភាព",
        "lead_ministry": "ក្រសួងដឹកនាំ",
        "partners": "ដៃគូ",
        "years": "ឆ្នាំ",
        "budget": "ថវិកា",
        "indicator": "សូចនាករ",
        "target": "គោលដៅ",
        "no_activities": "គ្មានសកម្មភាព។",
        "page_of": "ទំព័រ %(page)s នៃ %(pages)s",
    }
    return {
        "language": "km",
        "title": transform("ផែនការសកម្មភាពជាតិ ប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស"),
        "subtitle": transform("គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស"),
        "status": transform("បានអនុម័តដោយទីស្តីការគណៈរដ្ឋមន្ត្រី"),
        "watermark": "",
        "confidential": False,
        "labels": {key: transform(value) if key != "page_of" else value for key, value in labels.items()},
        "sections": [
            {
                "number": number,
                "key": f"s{number}",
                "anchor": f"section-{number}",
                "title": transform(title),
                "task_force": transform(task_force),
                "body": "<p>" + transform("បង្កើនការយល់ដឹងរបស់សហគមន៍") + "</p>",
                "objectives": [],
            }
            for number, (title, task_force) in enumerate(SECTIONS, start=1)
        ],
        "source": {},
    }


def broken(text):
    """Return the text with a zero-width space between every code point: shaping cannot join anything."""
    return ZWSP.join(text)


def subscripts_broken(text):
    """Return the text with a zero-width space after every coeng (U+17D2): no consonant goes under another."""
    return text.replace("\u17d2", "\u17d2" + ZWSP)


def first_page(doc, tmp_path):
    """Print the export and return its first page at 100 dpi, greyscale, without the page's margins."""
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf.build(doc))
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )
    image = Image.open(tmp_path / "page.png").convert("L")
    return image.crop((0, TOP, image.width, image.height - BOTTOM))


def difference(image, reference):
    """Return the share of inked pixels (in either image) that differ clearly between the two."""
    if image.size != reference.size:
        return 1.0
    changed = ImageChops.difference(image, reference).point(lambda value: 255 if value > 64 else 0)
    ink = ImageChops.darker(image, reference).point(lambda value: 255 if value < 160 else 0)
    inked = ink.histogram()[255]
    return changed.histogram()[255] / max(inked, 1)


@pytest.fixture
def reference(tmp_path):
    if os.environ.get("REGENERATE_EXPORT_REFERENCE"):
        REFERENCE.parent.mkdir(exist_ok=True)
        first_page(khmer_page(), tmp_path).save(REFERENCE, optimize=True)
        pytest.skip(f"reference written to {REFERENCE}: look at it before committing it")
    return Image.open(REFERENCE).convert("L")


@pytest.mark.browser
def test_khmer_is_shaped_as_in_the_reference(reference, tmp_path):
    share = difference(first_page(khmer_page(), tmp_path), reference)
    assert share <= TOLERANCE, f"{share:.1%} of the inked pixels differ from the reference"


@pytest.mark.browser
@pytest.mark.parametrize("breaking", [broken, subscripts_broken], ids=["every-cluster", "subscripts-only"])
def test_the_comparison_rejects_khmer_with_broken_shaping(reference, tmp_path, breaking):
    share = difference(first_page(khmer_page(breaking), tmp_path), reference)
    assert share > 5 * TOLERANCE, f"broken shaping differs in only {share:.1%} of the inked pixels"


@pytest.mark.browser
def test_mending_the_text_layer_changes_no_pixel_and_makes_khmer_read_back_exactly(tmp_path):
    doc = khmer_page()
    html, margin = pdf.render_html(doc), "<span></span>"
    # Chromium's own PDF, as printed, and the same after textlayer.fix.
    with ThreadPoolExecutor(max_workers=1) as pool:
        printed = pool.submit(pdf.print_pdf, html, margin, margin).result()
    mended = textlayer.fix(printed)
    assert mended != printed
    images, texts = [], []
    for name, data in (("printed", printed), ("mended", mended)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(path), str(tmp_path / name)], check=True)
        images.append(Image.open(tmp_path / f"{name}.png").convert("RGB"))
        texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    assert ImageChops.difference(*images).getbbox() is None, "the mended PDF must look exactly the same"
    # As printed, a reader takes the gap after a subscript under a wide consonant for a space.
    assert "គណៈកម្មា ធិការ" in texts[0]
    assert "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស" in texts[1]
    for title, task_force in SECTIONS:
        assert title in texts[1] and task_force in texts[1]


def test_a_pdf_the_mending_cannot_read_is_kept_as_it_is():
    assert textlayer.fix(b"%PDF-1.4 not really") == b"%PDF-1.4 not really"
