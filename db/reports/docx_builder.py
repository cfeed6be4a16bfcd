"""A Word document in the layout of an official document (党政机关公文格式, GB/T 9704).

A4; margins top 37, bottom 35, left 28, right 26 mm; a text area of 22 lines of 28 characters
(三号 仿宋, 16 pt); title in 二号 方正小标宋简体; level-1 headings in 黑体, level-2 in 楷体;
page numbers "— 1 —" in 四号 宋体 below the text, odd pages right, even pages left.

Fonts are named for East Asian text (w:eastAsia) and for Latin text apart. Where a font is not
installed, Word takes the alternative the font table names (方正小标宋简体 → 宋体, which is why
the title is also bold), and LibreOffice the nearest Chinese font fontconfig offers; the grid and
exact line spacing keep 22 lines a page whichever font stands in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from db.reports.document import (
    Addressee,
    Appendix,
    Document,
    Figure,
    Heading,
    Paragraph,
    Signature,
    Subtitle,
    Table,
    Title,
)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES, CHARACTERS = 22, 28
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE = Pt(16), Pt(22), Pt(14), Pt(10.5)
LINE_PITCH = Twips((PAGE_HEIGHT - TOP - BOTTOM) // 635 // LINES)  # 1 twip = 635 EMU: 579 twips
CHARACTER_PITCH = Twips((PAGE_WIDTH - LEFT - RIGHT) // 635 // CHARACTERS)  # 315 twips, 15.75 pt
CONDENSED = -5  # twentieths of a point: 28 × (16 − 0.25) pt = 441 pt fits the 442 pt line
FOOTER_DISTANCE = Mm(24)
TABLE_TEXT = (
    "TableText"  # the id Word gives the style named "Table Text"  # the page number sits about 7 mm below the text area
)

# Font names as Word knows them on a Chinese Windows; each with the alternative Word takes where
# it is missing (w:altName in the font table), and the English name fontconfig also answers to.
TITLE_FONT, SONG, HEI, KAI, FANGSONG = "方正小标宋简体", "宋体", "黑体", "楷体", "仿宋"
LATIN = "Times New Roman"
ALTERNATIVES = {TITLE_FONT: SONG, SONG: "SimSun", HEI: "SimHei", KAI: "KaiTi", FANGSONG: "FangSong"}
# What follows w:spacing and w:lang in a run's properties (ECMA-376 CT_RPr), for inserting them in order.
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
RPR_AFTER_SPACING = (
    *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd"),
    *("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"),
    *RPR_AFTER_LANG,
)
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def build(document: Document) -> bytes:
    """The .docx file of the document."""
    docx = new_document()
    _page_setup(docx)
    _styles(docx, document.language)
    _font_table(docx)
    _page_numbers(docx)
    docx.core_properties.title = _clean(document.title)
    docx.core_properties.language = "zh-CN" if document.language == "zh" else "en-GB"
    body_paragraphs = list(docx.paragraphs)  # the template's empty first paragraph
    for block in document.blocks:
        _add(docx, block)
    for empty in body_paragraphs:
        empty._element.getparent().remove(empty._element)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _add(docx: WordDocument, block: object) -> None:
    if isinstance(block, Title):
        for line in block.text.split("\n"):
            _run(_paragraph(docx, "Document Title"), line)
        _paragraph(docx, "Body")  # 空一行 between the title and what follows
    elif isinstance(block, Subtitle):
        _run(_paragraph(docx, "Subtitle Line"), block.text)
    elif isinstance(block, Addressee):
        _run(_paragraph(docx, "Addressee"), block.text)
    elif isinstance(block, Heading):
        _run(_paragraph(docx, f"Heading {block.level}"), block.text)
    elif isinstance(block, Paragraph):
        paragraph = _paragraph(docx, "Body")
        if block.lead:
            _run(paragraph, block.lead, font=FANGSONG, bold=True)
        _run(paragraph, block.text)
    elif isinstance(block, Table):
        _table(docx, block)
    elif isinstance(block, Figure):
        paragraph = _paragraph(docx, "Figure")
        paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
        _run(_paragraph(docx, "Caption Line"), block.caption)
    elif isinstance(block, Signature):
        _paragraph(docx, "Body")
        for line in block.lines:
            _run(_paragraph(docx, "Signature Line"), line)
    elif isinstance(block, Appendix):
        _paragraph(docx, "Addressee").add_run().add_break(WD_BREAK.PAGE)
        _run(_paragraph(docx, "Appendix Label"), block.label)
        _run(_paragraph(docx, "Document Title"), block.title)
        _paragraph(docx, "Body")


def _table(docx: WordDocument, block: Table) -> None:
    if block.caption:
        _run(_paragraph(docx, "Table Caption"), block.caption)
    table = docx.add_table(rows=1 + len(block.rows), cols=len(block.headers), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = block.widths or tuple(1.0 for _ in block.headers)
    usable = PAGE_WIDTH - LEFT - RIGHT
    twips = [int(usable * width / sum(widths)) // 635 for width in widths]
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        column.set(qn("w:w"), str(width))
    width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx's new table has one (auto)
    assert width is not None
    width.set(qn("w:w"), str(sum(twips)))
    width.set(qn("w:type"), "dxa")
    for column, width in zip(table.columns, twips, strict=True):
        for cell in column.cells:
            cell.width = Twips(width)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))  # repeats on each page
    for cell, text in zip(header.cells, block.headers, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = TABLE_TEXT
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, text, font=HEI)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = TABLE_TEXT
            if index in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, text)
    _paragraph(docx, "Body")


def _paragraph(docx: WordDocument, style: str) -> DocxParagraph:
    """A new paragraph of a style by its name: the style id set directly, as python-docx's lookup by
    name scans every style each time (most of a long document's time)."""
    paragraph = docx.add_paragraph()
    paragraph._p.style = style.replace(" ", "")
    return paragraph


def _run(paragraph: DocxParagraph, text: str, *, font: str | None = None, bold: bool | None = None) -> None:
    run = paragraph.add_run(_clean(text))
    if font:
        _fonts(run._element.get_or_add_rPr(), font)
    if bold is not None:
        run.bold = bold


def _clean(text: str) -> str:
    """What a person typed may hold characters XML cannot carry: they are left out, nothing else is."""
    return NOT_IN_XML.sub("", text)


def _page_setup(docx: WordDocument) -> None:
    section = docx.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    # A line grid only: a character grid of 28 would give each 16 pt character a 15.75 pt cell,
    # which LibreOffice answers with two cells a character. The text is condensed instead (below).
    sect_pr.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{LINE_PITCH.twips}"/>'))


def _styles(docx: WordDocument, language: str) -> None:
    styles = docx.styles
    normal = styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), FANGSONG)
    normal.font.size = BODY_SIZE
    # 28 characters of 16 pt need 448 pt; the line holds 442: each is set 0.25 pt closer (紧缩).
    rpr = normal.element.get_or_add_rPr()
    _put(rpr, f'<w:spacing {nsdecls("w")} w:val="{CONDENSED}"/>', RPR_AFTER_SPACING)
    language_code = "zh-CN" if language == "zh" else "en-GB"
    _put(rpr, f'<w:lang {nsdecls("w")} w:val="{language_code}" w:eastAsia="zh-CN"/>', RPR_AFTER_LANG)
    _paragraph_style(normal, indent=False)
    body = _style(styles, "Body", FANGSONG)
    _paragraph_style(body, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    title = _style(styles, "Document Title", TITLE_FONT, size=TITLE_SIZE, bold=True)
    _paragraph_style(title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=Pt(36), keep=True)
    subtitle = _style(styles, "Subtitle Line", KAI)
    _paragraph_style(subtitle, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    _paragraph_style(_style(styles, "Addressee", FANGSONG), indent=False, keep=True)
    for level, font in ((1, HEI), (2, KAI), (3, FANGSONG)):
        heading = styles[f"Heading {level}"]
        heading.font.color.rgb = None
        heading.font.italic = False
        heading.font.bold = level == 3
        heading.font.size = BODY_SIZE
        _fonts(heading.element.get_or_add_rPr(), font, theme_too=True)
        _paragraph_style(heading, indent=True, keep=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    caption = _style(styles, "Caption Line", KAI, size=PAGE_NUMBER_SIZE)
    _paragraph_style(caption, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    table_caption = _style(styles, "Table Caption", HEI, size=PAGE_NUMBER_SIZE)
    _paragraph_style(table_caption, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    _paragraph_style(_style(styles, "Figure", FANGSONG), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=None)
    _paragraph_style(_style(styles, "Table Text", FANGSONG, size=TABLE_SIZE), indent=False, pitch=Pt(15))
    _paragraph_style(_style(styles, "Signature Line", FANGSONG), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(_style(styles, "Appendix Label", HEI), indent=False, keep=True)
    _paragraph_style(_style(styles, "Page Number", SONG, size=PAGE_NUMBER_SIZE), indent=False, pitch=None)


def _style(styles: Styles, name: str, font: str, *, size: Pt = BODY_SIZE, bold: bool = False) -> ParagraphStyle:
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.font.size = size
    style.font.bold = bold
    _fonts(style.element.get_or_add_rPr(), font)
    assert isinstance(style, ParagraphStyle)
    return style


def _paragraph_style(
    style: ParagraphStyle,
    *,
    indent: bool,
    align: WD_ALIGN_PARAGRAPH | None = None,
    pitch: Pt | Twips | None = LINE_PITCH,
    keep: bool = False,
) -> None:
    layout = style.paragraph_format
    layout.space_before = layout.space_after = Pt(0)
    if pitch is not None:
        # Exact line spacing at the grid's pitch: 22 lines a page in Word and in LibreOffice alike.
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = pitch
    else:
        layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align is not None:
        layout.alignment = align
    layout.keep_with_next = keep
    layout.widow_control = False  # a government text fills its grid: no lines pushed over
    if pitch != LINE_PITCH:
        # Off the line grid: LibreOffice would otherwise give every line of a table cell, a title or
        # a caption a whole grid line (28.95 pt).
        spacing = style.element.get_or_add_pPr().find(qn("w:spacing"))
        assert spacing is not None
        spacing.addprevious(parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'))
    if indent:
        # 首行缩进两字, in characters (Word) and in length (where characters are not understood).
        layout.first_line_indent = Emu(2 * CHARACTER_PITCH)
        style.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")


def _put(parent: BaseOxmlElement, xml: str, successors: tuple[str, ...]) -> None:
    """Set a child element in its place: Word refuses a file whose elements are out of the schema's order."""
    child = parse_xml(xml)
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.insert_element_before(child, *successors)


def _fonts(rpr: CT_RPr, east_asia: str, *, theme_too: bool = False) -> None:
    """Latin text in Times New Roman, East Asian text in the named font (w:eastAsia)."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if theme_too:  # the Heading styles name theme fonts, which win over the names above
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)


def _font_table(docx: WordDocument) -> None:
    """Declare each font with its alternative, so a machine without it falls back gracefully."""
    part = docx.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(part.blob)
    for name, alternative in ALTERNATIVES.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(docx: WordDocument) -> None:
    """ "— 1 —": odd pages right, even pages left, a character in from the edge of the text."""
    docx.settings.odd_and_even_pages_header_footer = True
    section = docx.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.style = docx.styles["Page Number"]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_SIZE.pt)
        else:
            paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_SIZE.pt)
        _field_run(paragraph, ["— ", None, " —"])


def _field_run(paragraph: DocxParagraph, parts: Iterable[str | None]) -> None:
    """Text runs, with a PAGE field where a part is None."""
    w = nsdecls("w")
    field = (
        f'<w:fldChar {w} w:fldCharType="begin"/>',
        f'<w:instrText {w} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {w} w:fldCharType="separate"/>',
        f"<w:t {w}>1</w:t>",
        f'<w:fldChar {w} w:fldCharType="end"/>',
    )
    for part in parts:
        if part is not None:
            _run(paragraph, part)
            continue
        for xml in field:
            paragraph.add_run()._r.append(parse_xml(xml))
