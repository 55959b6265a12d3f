"""Photos from a reporter, re-encoded so that nothing but the picture is kept (ADR 26).

A phone photo carries where it was taken (GPS), the camera or phone's make, model and serial
number, the time, and often a thumbnail of the uncropped picture. Any of these can point to the
person who took it. Each photo is decoded with Pillow and only its pixels written into a new
file: no EXIF, XMP, IPTC, ICC profile, comment or thumbnail survives. The orientation is applied
to the pixels first, so the picture still shows the right way up. Anything that is not a photo
(a PDF, a document, a video) is refused: document metadata is too varied to remove with
confidence, and the reporter can describe it in words instead.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# What Pillow calls a JPEG that holds a second picture (a depth map, a preview), as many phones
# write them: to the reporter an ordinary photo. Only the first picture is kept, as a JPEG.
_SAME_AS = {"MPO": "JPEG"}


class _QuietBelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


_QUIET = _QuietBelowWarning()


def _quieten_pillow() -> None:
    """Pillow logs, at DEBUG, every EXIF tag it reads: a photo's GPS position and camera serial
    would reach the logs of anyone who turned DEBUG on. A filter on each of its loggers drops
    those records whatever level is set (a logger's filters apply to its own records only, so
    each one that exists gets it)."""
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        ours = name == "PIL" or name.startswith("PIL.")
        if ours and isinstance(logger, logging.Logger) and _QUIET not in logger.filters:
            logger.addFilter(_QUIET)


class NotAPhoto(ValueError):
    """The file is not a photo this service can clean, or it is too large."""


@dataclass(frozen=True)
class CleanPhoto:
    content_type: str
    data: bytes


def cleaned(raw: bytes) -> CleanPhoto:
    """The photo in `raw` with every piece of metadata removed."""
    if len(raw) > MAX_BYTES:
        raise NotAPhoto("too large")
    Image.init()  # loads every format plugin, and so creates its logger, before quietening
    _quieten_pillow()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = _SAME_AS.get(probe.format or "", probe.format or "")
            if kind not in _FORMATS:
                raise NotAPhoto("not a photo")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise NotAPhoto("too many pixels")
            probe.load()
            upright = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise NotAPhoto("not a photo") from error
    # Only the pixels travel to the new image: no info dict, no EXIF, no ICC profile.
    mode = "RGB" if kind == "JPEG" else ("RGBA" if "A" in upright.getbands() else "RGB")
    fresh = Image.new(mode, upright.size)
    fresh.paste(upright.convert(mode))
    out = io.BytesIO()
    if kind == "JPEG":
        fresh.save(out, "JPEG", quality=88, optimize=True)
    elif kind == "PNG":
        fresh.save(out, "PNG", optimize=True)
    else:
        fresh.save(out, "WEBP", quality=88)
    return CleanPhoto(content_type=_FORMATS[kind], data=out.getvalue())
