"""A micro item's file: a PDF without active content kept as sent; a JPEG or PNG decoded and stored again without its
metadata; anything that only starts like one, or unpacks into a huge picture, refused."""

from io import BytesIO

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter

from db.micro import files as micro_files


def picture(image_format: str, size: tuple[int, int] = (5, 4), mode: str = "RGB", **options: object) -> bytes:
    out = BytesIO()
    Image.new(mode, size, (20, 120, 200) if mode == "RGB" else 0).save(out, image_format, **options)
    return out.getvalue()


def test_a_pdf_without_active_content_is_kept_as_it_was_sent():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    assert micro_files.checked(pdf) == micro_files.Checked(None, "pdf", pdf)


@pytest.mark.parametrize(("image_format", "kind"), [("JPEG", "jpeg"), ("PNG", "png")])
def test_a_picture_is_stored_as_the_same_kind_and_size_decoded_again(image_format, kind):
    result = micro_files.checked(picture(image_format))

    assert (result.problem, result.kind) == (None, kind)
    stored = Image.open(BytesIO(result.content))
    assert (stored.format, stored.size) == (image_format, (5, 4))


def test_a_pngs_text_and_exif_are_left_behind():
    text = PngImagePlugin.PngInfo()
    text.add_text("Location", "22.58N 113.08E")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (22.0, 35.0, 1.0)}
    result = micro_files.checked(picture("PNG", pnginfo=text, exif=exif.tobytes()))

    stored = Image.open(BytesIO(result.content))
    assert "Location" not in stored.info and not stored.getexif()


def test_a_big_picture_is_stored_at_most_max_side_wide():
    result = micro_files.checked(picture("PNG", size=(micro_files.MAX_SIDE * 2, 10), mode="L"))

    assert Image.open(BytesIO(result.content)).size == (micro_files.MAX_SIDE, 5)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "micro.file_type"),  # a JPEG's first bytes, then nothing of one
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "micro.file_type"),
        (picture("JPEG")[:-40], "micro.file_type"),  # cut short
        (picture("PNG", size=(8000, 5001), mode="1"), "micro.file_type"),  # just above 40 megapixels
        (b"GIF89a", "micro.file_type"),
        (b"", "micro.file_empty"),
    ],
    ids=["fake-jpeg", "fake-png", "cut-jpeg", "40-megapixels", "gif", "empty"],
)
def test_a_file_that_is_not_a_readable_picture_of_at_most_40_megapixels_or_a_pdf_is_refused(content, problem):
    assert micro_files.checked(content).problem == problem


def test_40_megapixels_exactly_are_still_taken():
    assert micro_files.checked(picture("PNG", size=(8000, 5000), mode="1")).problem is None
