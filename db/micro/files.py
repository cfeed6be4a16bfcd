"""The photo or document sent with a micro item (微实事): checked by its content, photos re-encoded.

A PDF must start as one (%PDF-). A JPEG or PNG must open and decode with Pillow — a file that only
starts like a photo would otherwise break every page showing it — and may not exceed MAX_PIXELS
(measured from its header, before decoding: a small file may unpack into a huge picture). It is
stored re-encoded: without its EXIF (a phone photo carries where it was taken), turned upright as
the EXIF said, and no larger than MAX_SIDE on its longer side.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps

from db.micro import rules

MAX_PIXELS = 40_000_000  # about 40 megapixels; Pillow's own alarm (Image.MAX_IMAGE_PIXELS) rings only above 89
MAX_SIDE = 4096  # pixels: plenty to show a place, and the re-encoded file stays well within the size limit
JPEG_QUALITY = 85
FORMATS = {"jpeg": "JPEG", "png": "PNG"}
JPEG_MODES = ("L", "RGB", "CMYK")


@dataclass(frozen=True)
class Checked:
    problem: str | None  # a catalogue key, or None: the file may be stored
    kind: str = ""
    content: bytes = b""  # what to store


def checked(content: bytes) -> Checked:
    """The file as it may be stored, or why it may not."""
    problem = rules.attachment_problem(content)
    kind = rules.attachment_kind(content)
    if problem or kind is None:
        return Checked(problem or "micro.file_type")
    if kind not in FORMATS:
        return Checked(None, kind, content)
    cleaned = _reencoded(content, FORMATS[kind])
    if cleaned is None:
        return Checked("micro.file_type")
    if len(cleaned) > rules.ATTACHMENT_MAX_BYTES:
        return Checked("micro.file_too_big")
    return Checked(None, kind, cleaned)


def _reencoded(content: bytes, image_format: str) -> bytes | None:
    """The picture decoded and saved again without its metadata, or None if it is no such picture."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we refuse far below it
            with Image.open(BytesIO(content), formats=[image_format]) as probe:
                width, height = probe.size  # from the header: nothing decoded yet
                if width * height > MAX_PIXELS:
                    return None
                probe.verify()
            with Image.open(BytesIO(content), formats=[image_format]) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
        upright.thumbnail((MAX_SIDE, MAX_SIDE))
        if image_format == "JPEG" and upright.mode not in JPEG_MODES:
            upright = upright.convert("RGB")
        out = BytesIO()
        if image_format == "JPEG":
            upright.save(out, "JPEG", quality=JPEG_QUALITY)
        else:
            upright.save(out, "PNG", optimize=True)
        return out.getvalue()
    except Exception:  # Pillow raises many kinds (UnidentifiedImageError, OSError, SyntaxError, ValueError …)
        return None
