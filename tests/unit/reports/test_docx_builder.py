"""The official-document layout (GB/T 9704) of every document the office generates."""

import io

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image

from db.reports import docx_builder
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
from tests.docx_reading import opened


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(out, format="PNG")
    return out.getvalue()


SAMPLE = Document(
    "关于测试的报告",
    "zh",
    (
        Title("关于2026年市十件民生实事项目\n落实情况的报告"),
        Subtitle("（截至2026年11月27日）"),
        Addressee("市人大常委会："),
        Heading("一、总体情况", 1),
        Paragraph("总体完成率为81.2%。"),
        Heading("（一）提升医疗保障水平", 2),
        Paragraph("生态岸线修复涉及征地。", lead="滞后原因："),
        Table(
            "表1  各项目推进情况",
            ("序号", "项目名称", "完成率"),
            (("1", "提升医疗保障水平", "81.2%"),),
            (1, 3, 1),
            frozenset({0, 2}),
        ),
        Figure(png(), "图1  各项目完成率与序时进度"),
        Signature(("2026年11月27日",)),
        Appendix("附件", "指标完成情况表"),
    ),
)


@pytest.fixture(scope="module")
def sample():
    return opened(docx_builder.build(SAMPLE))


def test_the_page_is_a4_with_the_official_margins(sample):
    section = sample.document.sections[0]
    sides = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    assert [round(length.mm, 1) for length in (*sides, section.left_margin, section.right_margin)] == [
        210,
        297,
        37,
        35,
        28,
        26,
    ]


def test_the_text_area_holds_22_lines_of_28_characters(sample):
    section = sample.document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch")))
    height = (section.page_height - section.top_margin - section.bottom_margin) / 635  # twips
    assert int(height // pitch) == 22
    body = sample.document.styles["Body"].paragraph_format
    assert body.line_spacing == Pt(pitch / 20)
    normal = sample.document.styles["Normal"]
    condensed = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20  # points
    width_pt = (section.page_width - section.left_margin - section.right_margin) / 12700
    assert int(width_pt // (normal.font.size.pt + condensed)) == 28


def test_body_is_fangsong_16_pt_with_a_two_character_indent(sample):
    assert sample.document.styles["Normal"].font.size == Pt(16)
    assert sample.east_asian_font("Normal") == sample.east_asian_font("Body") == "仿宋"
    body = sample.document.styles["Body"]
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_title_is_xiaobiaosong_22_pt_bold_centred_and_headings_hei_and_kai(sample):
    title = sample.document.styles["Document Title"]
    assert sample.east_asian_font("Document Title") == "方正小标宋简体"
    assert title.font.size == Pt(22) and title.font.bold
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert sample.paragraphs("Document Title")[:2] == ["关于2026年市十件民生实事项目", "落实情况的报告"]
    assert sample.east_asian_font("Heading 1") == "黑体"
    assert sample.east_asian_font("Heading 2") == "楷体"
    assert sample.headings(1) == ["一、总体情况"] and sample.headings(2) == ["（一）提升医疗保障水平"]


def test_each_font_names_the_font_word_falls_back_to(sample):
    table = sample.document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in table
    for font in ("仿宋", "黑体", "楷体"):
        assert f'w:name="{font}"' in table


def test_page_numbers_are_dashed_right_on_odd_and_left_on_even_pages(sample):
    section = sample.document.sections[0]
    assert sample.document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert "PAGE" in footer._p.xml


def test_tables_repeat_their_header_and_set_figures_right(sample):
    assert sample.tables == [[["序号", "项目名称", "完成率"], ["1", "提升医疗保障水平", "81.2%"]]]
    table = sample.document.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(widths[1] - 3 * widths[0]) <= 2  # whole twips


def test_a_figure_is_a_picture_with_its_caption_and_the_appendix_starts_a_page(sample):
    assert sample.pictures == 1
    assert "图1  各项目完成率与序时进度" in sample.paragraphs("Caption Line")
    assert sample.paragraphs("Appendix Label") == ["附件"]
    label = next(p for p in sample.document.paragraphs if p.style.name == "Appendix Label")
    assert 'w:type="page"' in label._p.getprevious().xml  # a page break just before it


def test_characters_xml_cannot_carry_are_left_out_and_nothing_else():
    typed = Document("t", "zh", (Paragraph("进度\x00滞后\x0b，原因\ud800：征地"),))
    assert opened(docx_builder.build(typed)).paragraphs("Body") == ["进度滞后，原因：征地"]


def test_an_english_document_says_so_in_its_properties():
    english = opened(docx_builder.build(Document("Report", "en", (Title("Report"),))))
    assert english.document.core_properties.language == "en-GB"
    assert english.document.core_properties.title == "Report"
