"""DOCX: the export as a Word document (python-docx), Khmer set in a Khmer font.

Word sets Khmer with a style's complex-script font (w:cs), not its Latin one,
and sizes and bolds it with w:szCs and w:bCs: every style used here gets all
three, so Khmer headings are as large and bold as English ones. The watermark
of a confidential export is in the page header, which Word repeats on every
page; the footer carries the title and "page X of Y" (Word's PAGE and
NUMPAGES fields).
"""

import io
import re
from html.parser import HTMLParser

import docx
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from workplan.drafting.sanitize import clean_html

KHMER_FONT = "Noto Sans Khmer"
ACCENT = RGBColor(0x0B, 0x4F, 0x8A)
DANGER = RGBColor(0xA4, 0x0E, 0x26)
MUTED = RGBColor(0x57, 0x60, 0x6A)
_SPACE = re.compile(r"\s+")


def _set_fonts(rpr):
    """Give run properties the Khmer complex-script font (replacing any theme font for it)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style = rpr.find(qn("w:rStyle"))
        if style is not None:
            style.addnext(fonts)  # the schema's order: rStyle, then rFonts
        else:
            rpr.insert(0, fonts)
    if fonts.get(qn("w:cstheme")) is not None:
        del fonts.attrib[qn("w:cstheme")]  # a theme font would win over w:cs
    fonts.set(qn("w:cs"), KHMER_FONT)


def _set_size(font, points):
    """Set a font's size for Latin and complex-script (Khmer) text alike."""
    font.size = Pt(points)
    rpr = font.element.get_or_add_rPr()
    size = rpr.find(qn("w:sz"))
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        size.addnext(size_cs)  # the schema's order: sz, then szCs
    size_cs.set(qn("w:val"), str(round(points * 2)))


def _prepare_styles(document, language):
    """Set the Khmer font, its size and the document's languages on the defaults and on every style."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(defaults)
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), "km-KH" if language == "km" else "en-GB")
    lang.set(qn("w:bidi"), "km-KH")
    # Every font a style names, table styles' conditional formats included.
    for fonts in styles.iter(qn("w:rFonts")):
        if fonts.get(qn("w:cstheme")) is not None:
            del fonts.attrib[qn("w:cstheme")]
        fonts.set(qn("w:cs"), KHMER_FONT)
    normal = document.styles["Normal"]
    _set_size(normal.font, 10.5)
    # Khmer stacks subscripts and vowels above and below: lines need more room than Latin.
    normal.paragraph_format.line_spacing = 1.3
    for name, points in (("Title", 22), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12), ("Heading 4", 11)):
        style = document.styles[name]
        _set_size(style.font, points)
        style.font.cs_bold = True
        style.font.color.rgb = ACCENT
        _set_fonts(style.element.get_or_add_rPr())


def _field(paragraph, instruction):
    """Append a Word field (PAGE, NUMPAGES) to a paragraph."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _margins(document, doc):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(20)
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    run = header.add_run(doc["watermark"] or doc["status"])
    run.font.size = Pt(8)
    if doc["watermark"]:
        run.bold = run.font.cs_bold = True
        run.font.color.rgb = DANGER
    else:
        run.font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.add_run(doc["title"] + " · ").font.size = Pt(8)
    before, _, rest = doc["labels"]["page_of"].partition("%(page)s")
    between, _, after = rest.partition("%(pages)s")
    footer.add_run(before).font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(between).font.size = Pt(8)
    _field(footer, "NUMPAGES")
    footer.add_run(after).font.size = Pt(8)


def _repeat_header_row(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell(cell, text, *, bold=False, size=8.5):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(str(text))
    run.font.size = Pt(size)
    if bold:
        run.bold = run.font.cs_bold = True


def _activities(document, doc, activities):
    labels = doc["labels"]
    columns = [
        ("code", labels["activity_code"]),
        ("text", labels["activity"]),
        ("lead_ministry", labels["lead_ministry"]),
        ("partners", labels["partners"]),
        ("years", labels["years"]),
        ("budget_text", labels["budget"]),
        ("indicator", labels["indicator"]),
        ("target", labels["target"]),
    ]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header_row(table.rows[0])
    for cell, (_key, label) in zip(table.rows[0].cells, columns, strict=True):
        _cell(cell, label, bold=True)
    for activity in activities:
        cells = table.add_row().cells
        for cell, (key, _label) in zip(cells, columns, strict=True):
            value = activity[key]
            if key == "partners":
                value = ", ".join(value) or "—"
            _cell(cell, value if value not in ("", None) else "—", bold=key == "code")


class _RichText(HTMLParser):
    """Write sanitised rich text (workplan.sanitize) into the document: paragraphs, headings, lists, quotes, tables."""

    BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "hr"}
    MARKS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline", "s": "strike"}

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.marks = []
        self.lists = []
        self.quote = 0
        self.table = None  # rows of cell texts while inside a table
        self.link = None

    def _style(self):
        if self.lists:
            kind, depth = self.lists[-1], min(len(self.lists), 3)
            base = "List Bullet" if kind == "ul" else "List Number"
            return base if depth == 1 else f"{base} {depth}"
        return "Quote" if self.quote else "Normal"

    def _new_paragraph(self, style=None):
        self.paragraph = self.document.add_paragraph(style=style or self._style())

    def handle_starttag(self, tag, attrs):
        if self.table is not None:
            if tag == "tr":
                self.table.append([])
            elif tag in ("td", "th"):
                self.table[-1].append(["", tag == "th"]) if self.table else None
            return
        if tag == "table":
            self.table = []
            self.paragraph = None
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.paragraph = None
        elif tag == "blockquote":
            self.quote += 1
            self.paragraph = None
        elif tag in ("h2", "h3", "h4"):
            self.paragraph = self.document.add_heading(level=int(tag[1]))
        elif tag in ("p", "li"):
            self._new_paragraph()
        elif tag == "hr":
            self.paragraph = None
            self.document.add_paragraph()
        elif tag == "br":
            if self.paragraph is not None:
                self.paragraph.add_run().add_break()
        elif tag in self.MARKS or tag in ("sub", "sup"):
            self.marks.append(tag)
        elif tag == "a":
            self.link = dict(attrs).get("href") or ""
            self.marks.append("u")

    def handle_endtag(self, tag):
        if self.table is not None:
            if tag == "table":
                self._write_table()
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag == "blockquote" and self.quote:
            self.quote -= 1
            self.paragraph = None
        elif tag in ("p", "li", "h2", "h3", "h4"):
            self.paragraph = None
        elif (tag in self.MARKS or tag in ("sub", "sup")) and tag in self.marks:
            self.marks.reverse()
            self.marks.remove(tag)
            self.marks.reverse()
        elif tag == "a" and "u" in self.marks:
            self.marks.reverse()
            self.marks.remove("u")
            self.marks.reverse()
            if self.link and self.paragraph is not None and self.link.startswith(("http", "mailto")):
                self.paragraph.add_run(f" ({self.link})").font.color.rgb = MUTED
            self.link = None

    def handle_data(self, data):
        if self.table is not None:
            if self.table and self.table[-1]:
                self.table[-1][-1][0] += data
            return
        text = _SPACE.sub(" ", data)
        if self.paragraph is None:
            if not text.strip():
                return
            self._new_paragraph()
        if not self.paragraph.runs:
            text = text.lstrip()
        if not text:
            return
        run = self.paragraph.add_run(text)
        for mark in self.marks:
            if mark in ("strong", "b"):
                run.bold = run.font.cs_bold = True
            elif mark in ("em", "i"):
                run.italic = run.font.cs_italic = True
            elif mark == "u":
                run.underline = True
            elif mark == "s":
                run.font.strike = True
            elif mark == "sub":
                run.font.subscript = True
            elif mark == "sup":
                run.font.superscript = True

    def _write_table(self):
        rows = [row for row in self.table if row]
        self.table = None
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = self.document.add_table(rows=0, cols=width)
        table.style = self.document.styles["Table Grid"]
        for row in rows:
            cells = table.add_row().cells
            for cell, (text, is_head) in zip(cells, row, strict=False):
                _cell(cell, _SPACE.sub(" ", text).strip(), bold=is_head, size=9.5)
        self.paragraph = None


def build(doc):
    """Return the export as DOCX bytes."""
    document = docx.Document()
    _prepare_styles(document, doc["language"])
    _margins(document, doc)
    properties = document.core_properties
    properties.title = doc["title"]
    properties.subject = doc["watermark"] or doc["status"]
    properties.language = doc["language"]
    properties.author = properties.last_modified_by = ""
    properties.created = properties.modified = timezone.now()
    properties.revision = 1

    document.add_heading(doc["title"], level=0)
    document.add_paragraph(doc["subtitle"], style="Subtitle")
    status = document.add_paragraph().add_run(doc["status"])
    status.bold = status.font.cs_bold = True
    status.font.color.rgb = DANGER if doc["confidential"] else RGBColor(0x1A, 0x7F, 0x37)

    document.add_heading(doc["labels"]["contents"], level=1)
    for section in doc["sections"]:
        entry = document.add_paragraph(style="List Number")
        entry.add_run(section["title"])
        entry.add_run(f" — {section['task_force']}").font.color.rgb = MUTED

    for section in doc["sections"]:
        document.add_page_break()
        document.add_heading(f"{section['number']}. {section['title']}", level=1)
        line = document.add_paragraph().add_run(f"{doc['labels']['task_force']}: {section['task_force']}")
        line.font.color.rgb = MUTED
        writer = _RichText(document)
        writer.feed(clean_html(section["body"] or ""))
        writer.close()
        for objective in section["objectives"]:
            heading = objective["heading"] + (f": {objective['text']}" if objective["text"] else "")
            document.add_heading(heading, level=2)
            if objective["activities"]:
                _activities(document, doc, objective["activities"])
            else:
                document.add_paragraph(doc["labels"]["no_activities"]).runs[0].font.color.rgb = MUTED
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
