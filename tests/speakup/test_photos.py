"""Photos lose every piece of metadata before they are stored (ADR 26)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from noddfa.speakup.photos import NotAPhoto, cleaned

GPS_IFD = 0x8825
EXIF_IFD = 0x8769


def photo_with_gps(fmt: str = "JPEG", orientation: int = 1) -> bytes:
    """A small photo that says where it was taken and on which camera."""
    image = Image.new("RGB", (64, 32), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "NoddfaTestCam"  # Make
    exif[0x0110] = "Model-X42"  # Model
    exif[0x0131] = "PhoneSoftware 9.1"  # Software
    exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (51.0, 28.0, 52.5)
    gps[3] = "W"
    gps[4] = (3.0, 10.0, 44.1)
    details = exif.get_ifd(EXIF_IFD)
    details[0xA431] = "SERIAL-778899"  # BodySerialNumber
    details[0x9003] = "2026:11:30 22:14:05"  # DateTimeOriginal
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_gps_and_camera_metadata_are_gone_from_a_photo(fmt: str) -> None:
    raw = photo_with_gps(fmt)
    before = Image.open(io.BytesIO(raw)).getexif()
    assert before.get_ifd(GPS_IFD), "the test photo must carry GPS to begin with"
    assert b"NoddfaTestCam" in raw
    clean = cleaned(raw)
    after = Image.open(io.BytesIO(clean.data))
    assert len(after.getexif()) == 0
    assert not after.getexif().get_ifd(GPS_IFD)
    for trace in (
        b"NoddfaTestCam",
        b"Model-X42",
        b"SERIAL-778899",
        b"PhoneSoftware",
        b"2026:11:30",
    ):
        assert trace not in clean.data
    assert "exif" not in after.info and "icc_profile" not in after.info
    assert clean.content_type == f"image/{fmt.lower()}"


def test_a_photo_taken_sideways_stays_the_right_way_up() -> None:
    # Orientation 6: the camera was turned; the pixels are turned instead of keeping the tag.
    clean = cleaned(photo_with_gps("JPEG", orientation=6))
    assert Image.open(io.BytesIO(clean.data)).size == (32, 64)


@pytest.mark.parametrize(
    "raw",
    [
        b"%PDF-1.7\n1 0 obj << /Author (Someone) >> endobj\n%%EOF",
        b"PK\x03\x04 a word document",
        b"GIF89a" + b"\x00" * 20,
        b"",
    ],
)
def test_documents_and_other_files_are_refused(raw: bytes) -> None:
    with pytest.raises(NotAPhoto):
        cleaned(raw)


def test_a_file_larger_than_the_limit_is_refused() -> None:
    with pytest.raises(NotAPhoto):
        cleaned(b"\xff\xd8\xff" + b"\x00" * (8 * 1024 * 1024))
