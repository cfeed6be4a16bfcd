"""The photo or document sent with a micro item (微实事): checked by its content, photos rebuilt.

A PDF must start as one (%PDF-) and open with pypdf, and is refused if it carries active content:
JavaScript, an action run on opening or on an event (OpenAction, AA), a launch, import or submit
action, embedded or attached files, rich media or an XFA form. A JPEG or PNG must open and decode
with Pillow — a file that only starts like a photo would otherwise break every page showing it —
and may not exceed MAX_PIXELS (measured from its header, before decoding: a small file may unpack
into a huge picture). It is stored rebuilt from its pixels alone: a new picture holding only them,
so that no comment, XMP, ICC, EXIF or text block of the upload survives (a JPEG comment block may
carry `<?php …?><script>`; a phone photo carries where it was taken), turned upright as the EXIF
said, and no larger than MAX_SIDE on its longer side.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

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
        pdf_problem = _pdf_problem(content)
        return Checked(pdf_problem) if pdf_problem else Checked(None, kind, content)
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
        upright = _pixels_only(upright)
        out = BytesIO()
        if image_format == "JPEG":
            upright.save(out, "JPEG", quality=JPEG_QUALITY)
        else:
            upright.save(out, "PNG", optimize=True)
        return out.getvalue()
    except Exception:  # Pillow raises many kinds (UnidentifiedImageError, OSError, SyntaxError, ValueError …)
        return None


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new picture built from the pixels alone: nothing of the upload's info (comment, ICC, XMP …) rides along."""
    if image.mode in ("P", "PA"):  # a palette is data beside the pixels; spell the colours out instead
        image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


# Names that make a PDF do something by itself, or carry a file inside it.
_ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/AA",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
}
_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/GoToR",
    "/RichMediaExecute",
    "/Rendition",
}
_ACTIVE_TYPES = {"/EmbeddedFile", "/Filespec", "/FileAttachment", "/RichMedia", "/Sound", "/Movie", "/Screen"}
MAX_PDF_OBJECTS = 200_000  # a walk of a 5 MB document's objects stays well under this


def _pdf_problem(content: bytes) -> str | None:
    """None for a PDF without active content; else a catalogue key (unreadable, encrypted or active)."""
    try:
        reader = PdfReader(BytesIO(content), strict=False)
        if reader.is_encrypted:
            return "micro.pdf_unreadable"  # cannot be looked into
        return "micro.pdf_active" if _active(reader.trailer) else None
    except Exception:  # pypdf raises many kinds for a damaged file
        return "micro.pdf_unreadable"


def _active(root: object) -> bool:
    """Walk every object reachable from the trailer once, looking for active names."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return True  # too many to look at: refuse rather than pass unlooked
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            stack.append(node.get_object())
        elif isinstance(node, DictionaryObject):  # streams are dictionaries too
            if _ACTIVE_KEYS & set(node.keys()):
                return True
            if node.get("/S") in _ACTIVE_ACTIONS or node.get("/Type") in _ACTIVE_TYPES:
                return True
            if node.get("/Subtype") in _ACTIVE_TYPES:
                return True
            stack.extend(value for key, value in node.items() if key != "/Parent")
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject) and node in _ACTIVE_ACTIONS | {"/JavaScript"}:
            return True
    return False
