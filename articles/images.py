"""Checking uploaded images and making their renditions, with Pillow.

`inspect_upload` refuses anything that is not a real, complete JPEG, PNG or WebP within the size
limits, before a byte is stored. `process_image` then re-encodes the original without its
metadata (camera, GPS) and makes resized WebP renditions once, at upload time; pages serve those
with srcset, so no image is ever resized on request.
"""

import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format name -> file extension of the stored original.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_QUALITY = 80
EXIF_ORIENTATION = 0x0112

MESSAGES = {
    "too_large": _("The file is %(size)s; images may be at most 10 MB. Export it smaller and upload it again."),
    "not_image": _("This file is not a JPEG, PNG or WebP image. Upload a photo or diagram in one of those formats."),
    "truncated": _("This image is damaged or incomplete (perhaps the upload or download was cut short)."),
    "too_many_pixels": _(
        "This image is %(width)s × %(height)s pixels; images may have at most 40 megapixels. Resize it first."
    ),
    "bomb": _(
        "This image claims to be far larger than 40 megapixels, so it was refused as unsafe to open "
        "(a decompression bomb). Resize it first."
    ),
    "empty": _("The file is empty."),
}


@dataclass
class Rendition:
    width: int
    height: int
    content: bytes


@dataclass
class ProcessedImage:
    extension: str
    width: int
    height: int
    content: bytes
    renditions: list = field(default_factory=list)


_strict_decoding_lock = threading.Lock()


@contextmanager
def _strict_decoding():
    """Make Pillow fail on truncated data while checking an upload.

    ImageFile.LOAD_TRUNCATED_IMAGES is process-wide, and WeasyPrint (imported for the server PDFs)
    sets it to True on import, after which Pillow silently pads a cut-short JPEG with grey and
    `load()` succeeds. The check must not depend on who imported what first.
    """
    with _strict_decoding_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _refuse(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def inspect_upload(upload):
    """Check an uploaded file; return its Pillow format name or raise ValidationError.

    Only the header is read before the size checks, so a decompression bomb is refused before
    Pillow allocates memory for it; then the whole image is decoded once to catch truncation.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _refuse("too_large", size=filesizeformat(size))
    if size == 0:
        raise _refuse("empty")
    with _strict_decoding(), warnings.catch_warnings():
        # Pillow warns (rather than fails) between its own limit and twice that; fail instead.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            upload.seek(0)
            with Image.open(upload, formats=list(ALLOWED_FORMATS)) as image:
                image_format = image.format
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _refuse("too_many_pixels", width=f"{width:,}", height=f"{height:,}")
                image.verify()
            upload.seek(0)
            with Image.open(upload, formats=list(ALLOWED_FORMATS)) as image:
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refuse("bomb") from None
        except UnidentifiedImageError:
            raise _refuse("not_image") from None
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            # Pillow reports truncated or corrupt data with any of these.
            raise _refuse("truncated") from None
        finally:
            upload.seek(0)
    return image_format


def _clean_original(image):
    """The original re-encoded without metadata, turned upright; returns (bytes, width, height)."""
    orientation = image.getexif().get(EXIF_ORIENTATION, 1)
    icc_profile = image.info.get("icc_profile")
    buffer = io.BytesIO()
    if image.format == "JPEG" and orientation in (None, 1):
        # Re-using the original quantisation tables keeps a JPEG visually identical.
        image.save(buffer, "JPEG", quality="keep", icc_profile=icc_profile, optimize=True)
        return buffer.getvalue(), image.width, image.height
    upright = ImageOps.exif_transpose(image)
    if image.format == "JPEG":
        upright.save(buffer, "JPEG", quality=92, icc_profile=icc_profile, optimize=True)
    elif image.format == "PNG":
        upright.save(buffer, "PNG", icc_profile=icc_profile, optimize=False)
    else:
        upright.save(buffer, "WEBP", quality=90, icc_profile=icc_profile)
    return buffer.getvalue(), upright.width, upright.height


def _for_web(image):
    """An RGB or RGBA copy suitable for WebP."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if has_alpha else "RGB")


def rendition_widths(original_width):
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    if len(widths) < len(RENDITION_WIDTHS):
        # Also the original width itself, unless a standard width already covers it.
        widths.append(min(original_width, RENDITION_WIDTHS[-1]))
    return sorted(set(widths))


def process_image(upload):
    """Re-encode a checked upload and make its WebP renditions (call inspect_upload first)."""
    upload.seek(0)
    with Image.open(upload, formats=list(ALLOWED_FORMATS)) as image:
        image.load()
        extension = ALLOWED_FORMATS[image.format]
        content, width, height = _clean_original(image)
    with Image.open(io.BytesIO(content)) as clean:
        web = _for_web(clean)
    renditions = []
    for target in rendition_widths(width):
        target_height = max(1, round(height * target / width))
        resized = web if target == width else web.resize((target, target_height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, "WEBP", quality=RENDITION_QUALITY, method=4)
        renditions.append(Rendition(target, target_height, buffer.getvalue()))
    upload.seek(0)
    return ProcessedImage(extension, width, height, content, renditions)
