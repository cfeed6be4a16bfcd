"""What an upload carries beside its picture or page never reaches storage: images are rebuilt from
their pixels alone, and PDFs that would do something by themselves are refused."""

import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from db.micro import files as micro_files

PAYLOAD = b"<?php system($_GET['c']); ?><script>alert(1)</script>"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>22.58N 113.08E</rdf:Description></rdf:RDF></x:xmpmeta>'


def icc_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_with_place() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD.decode()  # ImageDescription
    exif[0x8825] = {1: "N", 2: (22.0, 35.0, 1.0)}
    return exif.tobytes()


def jpeg_segments(content: bytes) -> list[int]:
    """The marker bytes of a JPEG's segments before its scan."""
    assert content[:2] == b"\xff\xd8"
    markers, at = [], 2
    while at < len(content):
        marker = content[at + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        (length,) = struct.unpack(">H", content[at + 2 : at + 4])
        at += 2 + length
    return markers


def png_chunks(content: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(content):
        (length,) = struct.unpack(">I", content[at : at + 4])
        chunks.append(content[at + 4 : at + 8])
        at += 12 + length
    return chunks


def loaded_jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 6), (20, 120, 200)).save(
        out, "JPEG", comment=PAYLOAD, exif=exif_with_place(), icc_profile=icc_profile(), xmp=XMP
    )
    return out.getvalue()


def test_the_loaded_jpeg_really_carries_every_block():
    content = loaded_jpeg()
    assert PAYLOAD in content and XMP in content
    assert {0xFE, 0xE1, 0xE2} <= set(jpeg_segments(content))  # comment, EXIF/XMP, ICC


def test_a_jpegs_comment_xmp_icc_and_exif_blocks_are_left_behind():
    result = micro_files.checked(loaded_jpeg())

    assert result.problem is None
    assert PAYLOAD not in result.content and b"<?php" not in result.content and b"<script" not in result.content
    assert b"xmpmeta" not in result.content and b"22.58N" not in result.content
    markers = set(jpeg_segments(result.content))
    assert not markers & ({0xFE} | set(range(0xE1, 0xF0)))  # no comment, no APP1–APP15
    stored = Image.open(BytesIO(result.content))
    assert stored.size == (8, 6) and "icc_profile" not in stored.info and not stored.getexif()


def test_a_pngs_icc_profile_text_and_exif_chunks_are_left_behind():
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", PAYLOAD.decode())
    text.add_itxt("XML:com.adobe.xmp", XMP.decode(), zip=True)
    out = BytesIO()
    Image.new("RGBA", (8, 6), (1, 2, 3, 128)).save(
        out, "PNG", pnginfo=text, icc_profile=icc_profile(), exif=exif_with_place()
    )
    assert {b"iCCP", b"tEXt", b"iTXt", b"eXIf"} <= set(png_chunks(out.getvalue()))

    result = micro_files.checked(out.getvalue())

    assert result.problem is None
    assert set(png_chunks(result.content)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    assert Image.open(BytesIO(result.content)).getpixel((0, 0)) == (1, 2, 3, 128)


def test_a_palette_png_keeps_its_colours_when_rebuilt():
    out = BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).convert("P").save(out, "PNG")
    sent = Image.open(BytesIO(out.getvalue())).convert("RGB").getpixel((1, 1))
    result = micro_files.checked(out.getvalue())
    assert Image.open(BytesIO(result.content)).convert("RGB").getpixel((1, 1)) == sent


def pdf(catalog: dict | None = None, page: dict | None = None, attach: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for key, value in (catalog or {}).items():
        writer._root_object[NameObject(key)] = value
    for key, value in (page or {}).items():
        writer.pages[0][NameObject(key)] = value
    if attach:
        writer.add_attachment("payload.exe", b"MZ\x90\x00")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def js_action() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )


def launch_action() -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})


def goto_action() -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject()})


@pytest.mark.parametrize(
    "content",
    [
        pdf({"/OpenAction": js_action()}),
        pdf({"/OpenAction": goto_action()}),  # any action run on opening
        pdf(page={"/AA": DictionaryObject({NameObject("/O"): js_action()})}),
        pdf(page={"/Annots": ArrayObject([DictionaryObject({NameObject("/A"): launch_action()})])}),
        pdf(attach=True),
    ],
    ids=["javascript-open-action", "open-action", "page-event-action", "launch-link", "embedded-file"],
)
def test_a_pdf_with_active_content_is_refused(content):
    assert micro_files.checked(content).problem == "micro.pdf_active"


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", b"%PDF-" + zlib.compress(b"x" * 1000)],
    ids=["cut-short", "garbage"],
)
def test_a_pdf_that_cannot_be_read_is_refused(content):
    assert micro_files.checked(content).problem == "micro.pdf_unreadable"


def test_an_encrypted_pdf_is_refused_as_it_cannot_be_looked_into():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    assert micro_files.checked(out.getvalue()).problem == "micro.pdf_unreadable"
