"""Make the text layer of Chromium's PDFs read back exactly, Khmer clusters and all.

Chromium (Skia) writes every Khmer cluster whose glyphs do not map one to one
onto its characters inside an ActualText span, so readers that honour
ActualText (poppler: pdftotext, Evince, Okular; Acrobat) get the cluster's
exact characters. A reader places that text from the first glyph of the span
to the end of its last glyph. HarfBuzz puts a cluster's base glyph first and
its marks after it, and a subscript consonant under a wide base (the ម្ម of
គណៈកម្មាធិការ) ends left of the base's right edge: the reader sees a gap
before the next cluster, takes it for a space, and search and copy break
("គណៈកម្មា ធិការ").

`fix` closes such gaps: at the end of each span whose last glyph ends short of
the cluster, it draws the cluster's widest glyph once more, invisibly
(rendering mode 3) and at the same place, and moves the text position back to
where it was. Nothing visible changes (the page renders to the same pixels;
the tests check it); the reader now sees the span end where the cluster ends.
Streams this module does not recognise line by line are left as they are.
"""

import io
import logging
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ContentStream

logger = logging.getLogger(__name__)

_NUMBER = r"-?\d*\.?\d+(?:[eE][-+]?\d+)?"
_SPAN = re.compile(r"^/Span\s*<<\s*/ActualText\s*<[0-9A-Fa-f]*>\s*>>\s*BDC$")
_GLYPHS = re.compile(rf"^(?:({_NUMBER}) ({_NUMBER}) Td )?<([0-9A-Fa-f]+)> Tj$")
_MOVE = re.compile(rf"^({_NUMBER}) ({_NUMBER}) Td$")
_FONT = re.compile(rf"^/(\S+) ({_NUMBER}) Tf$")
_MODE = re.compile(r"^(\d) Tr$")
# A gap smaller than this share of the font size is not taken for a space by any reader.
_TOLERANCE = 0.02


def _widths(font):
    """Return (widths by glyph id, default width) of a Type0 font with Identity-H two-byte codes, or None."""
    font = font.get_object()
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendant = font["/DescendantFonts"][0].get_object()
    default = float(descendant.get("/DW", 1000))
    widths = {}
    entries = list(descendant.get("/W", ArrayObject()).get_object())
    index = 0
    while index < len(entries):
        first = int(entries[index])
        following = entries[index + 1].get_object()
        if isinstance(following, list):
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            index += 2
        else:
            last, width = int(following), float(entries[index + 2])
            for glyph in range(first, last + 1):
                widths[glyph] = width
            index += 3
    return widths, default


class _Text:
    """The text state of one page's content stream, as far as Skia's PDFs use it."""

    def __init__(self, fonts):
        self.fonts = fonts
        self.reset()
        self.font = None
        self.size = 0.0
        self.mode = "0"

    def reset(self):
        self.line_x = self.line_y = 0.0  # the text line matrix's origin
        self.x = 0.0  # the current text position (horizontal; Skia's text is horizontal)

    def advance(self, hexcodes):
        metrics = self.fonts.get(self.font)
        if metrics is None:
            return None
        widths, default = metrics
        codes = [int(hexcodes[i : i + 4], 16) for i in range(0, len(hexcodes), 4)]
        return sum(widths.get(code, default) for code in codes) * self.size / 1000


def _fixed_lines(lines, fonts):
    """Yield the stream's lines with the invisible end-of-cluster glyphs added; raise ValueError if unsure."""
    text = _Text(fonts)
    span = None  # the glyphs drawn in the open ActualText span: (x, end, hexcodes)
    for line in lines:
        stripped = line.strip()
        if stripped == "BT" or stripped.endswith(" Tm"):
            text.reset()
        elif match := _FONT.match(stripped):
            text.font, text.size = match.group(1), float(match.group(2))
        elif match := _MODE.match(stripped):
            text.mode = match.group(1)
        elif match := _MOVE.match(stripped):
            text.line_x += float(match.group(1))
            text.line_y += float(match.group(2))
            text.x = text.line_x
        elif match := _GLYPHS.match(stripped):
            if match.group(1) is not None:
                text.line_x += float(match.group(1))
                text.line_y += float(match.group(2))
                text.x = text.line_x
            width = text.advance(match.group(3))
            if span is not None:
                if width is None or text.x is None:
                    raise ValueError(f"no widths for font {text.font} in an ActualText span")
                span.append((text.x, text.x + width, match.group(3)))
            # After a glyph of a font without known widths (a Type 3 font), the position is unknown until a Td.
            text.x = None if width is None or text.x is None else text.x + width
        elif _SPAN.match(stripped):
            if span is not None:
                raise ValueError("nested ActualText span")
            span = []
        elif stripped == "EMC" and span is not None:
            if span:
                last_end = span[-1][1]
                start, end, codes = max(span, key=lambda glyph: glyph[1])
                if end - last_end > _TOLERANCE * text.size and text.size:
                    there = (last_end - start) * 1000 / text.size
                    back = (end - last_end) * 1000 / text.size
                    yield f"3 Tr [{there:.4f} <{codes}> {back:.4f}] TJ {text.mode} Tr"
            span = None
        elif span is not None:
            raise ValueError(f"unexpected operator in an ActualText span: {stripped[:40]}")
        yield line


def fix(pdf_bytes):
    """Return the PDF with every ActualText span ending where its cluster ends (see the module's docstring).

    A PDF this cannot read is returned as it is: the text layer is worth
    mending, not worth failing an export for.
    """
    try:
        return _fix(pdf_bytes)
    except Exception:
        logger.exception("PDF text layer left as it is")
        return pdf_bytes


def _fix(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    writer = PdfWriter(clone_from=reader)
    changed = False
    for page in writer.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        if font_dict is None:
            continue
        fonts = {}
        for name, font in font_dict.get_object().items():
            metrics = _widths(font)
            if metrics is not None:
                fonts[name.lstrip("/")] = metrics
        contents = page.get_contents()
        if contents is None:
            continue
        data = contents.get_data().decode("latin-1")
        if "/ActualText" not in data:
            continue
        try:
            fixed = "\n".join(_fixed_lines(data.split("\n"), fonts))
        except ValueError as error:
            logger.warning("PDF text layer left as it is: %s", error)
            continue
        if fixed != data:
            stream = ContentStream(None, writer)
            stream.set_data(fixed.encode("latin-1"))
            page.replace_contents(stream)
            page.compress_content_streams()
            changed = True
    if not changed:
        return pdf_bytes
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
