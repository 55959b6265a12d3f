"""Attacks on the photo cleaning (issue 21, brief RED): bombs, hidden text, files that pretend
to be photos, sideways and animated pictures, and pictures Pillow chokes on."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from noddfa.speakup.photos import MAX_PIXELS, NotAPhoto, cleaned

NAME = b"Reporter Jane Doe"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _png_bomb(width: int, height: int) -> bytes:
    """A PNG that declares huge dimensions in a few hundred bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(50_000, 50_000), (20_000, 2_001), (10, 5_000_000)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(width: int, height: int) -> None:
    assert width * height > MAX_PIXELS
    bomb = _png_bomb(width, height)
    assert len(bomb) < 2_000
    with pytest.raises(NotAPhoto):
        cleaned(bomb)


def _icc_profile_with(text: bytes) -> bytes:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return profile + text  # a trailing description, as tools that tag profiles add


def test_png_text_chunks_an_xmp_packet_and_an_icc_profile_carrying_a_name_are_gone() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", NAME.decode())
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{NAME.decode()}</x:xmpmeta>")
    info.add_text("Comment", NAME.decode(), zip=True)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(
        out, "PNG", pnginfo=info, icc_profile=_icc_profile_with(NAME)
    )
    raw = out.getvalue()
    assert NAME in raw
    clean = cleaned(raw)
    assert NAME not in clean.data and b"xmp" not in clean.data.lower()
    after = Image.open(io.BytesIO(clean.data))
    assert "icc_profile" not in after.info and "Author" not in after.info
    assert after.size == (40, 30)


def test_a_jpeg_with_an_xmp_packet_comment_and_icc_profile_loses_them() -> None:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 10, 200)).save(
        out,
        "JPEG",
        icc_profile=_icc_profile_with(NAME),
        comment=NAME,
        xmp=b"<x:xmpmeta>" + NAME + b"</x:xmpmeta>",
    )
    raw = out.getvalue()
    assert raw.count(NAME) >= 2
    clean = cleaned(raw)
    assert NAME not in clean.data
    after = Image.open(io.BytesIO(clean.data))
    assert "icc_profile" not in after.info and "comment" not in after.info


@pytest.mark.parametrize(
    "raw",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"%PDF-1.4\n%\xff\xd8\xff\xe0 a pdf that starts like a jpeg",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<html><script>alert(1)</script></html>",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<script>alert(1)</script>",
    ],
)
def test_a_file_that_only_claims_to_be_a_photo_is_refused(raw: bytes) -> None:
    with pytest.raises(NotAPhoto):
        cleaned(raw)


def test_a_real_photo_with_a_page_hidden_after_it_keeps_only_the_picture() -> None:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(out, "JPEG")
    polyglot = out.getvalue() + b"<html><script>alert(1)</script></html>" + NAME
    clean = cleaned(polyglot)
    assert b"<script>" not in clean.data and NAME not in clean.data
    assert clean.content_type == "image/jpeg"


@pytest.mark.parametrize(("orientation", "size"), [(3, (64, 32)), (6, (32, 64)), (8, (32, 64))])
def test_a_photo_comes_out_upright_whatever_way_the_camera_was_held(
    orientation: int, size: tuple[int, int]
) -> None:
    image = Image.new("RGB", (64, 32), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 8, 8))  # a black corner, to see where it goes
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    upright = Image.open(io.BytesIO(cleaned(out.getvalue()).data)).convert("L")
    assert upright.size == size
    # The stored photo carries no orientation tag: the pixels themselves are turned.
    assert 0x0112 not in upright.getexif()
    # The dark corner moved where the turn takes it: never left in the top-left unturned.
    expected_corner = {3: (size[0] - 4, size[1] - 4), 6: (size[0] - 4, 4), 8: (4, size[1] - 4)}
    assert upright.getpixel(expected_corner[orientation]) < 60  # type: ignore[operator]


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_an_animation_is_kept_as_its_first_picture_only(fmt: str) -> None:
    frames = [Image.new("RGB", (20, 20), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    clean = cleaned(out.getvalue())
    after = Image.open(io.BytesIO(clean.data))
    assert getattr(after, "n_frames", 1) == 1
    assert after.convert("RGB").getpixel((5, 5)) == pytest.approx((255, 0, 0), abs=8)


def test_an_animated_gif_is_refused() -> None:
    frames = [Image.new("P", (10, 10), index) for index in (1, 2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(NotAPhoto):
        cleaned(out.getvalue())


def test_a_phone_photo_in_jpeg_with_a_second_picture_inside_is_accepted() -> None:
    """Many phones write JPEGs with a depth map or preview as a second picture (MPO). They
    are ordinary photos to the reporter; only the first picture is kept."""
    out = io.BytesIO()
    first, second = Image.new("RGB", (30, 20), (200, 0, 0)), Image.new("RGB", (30, 20), (0, 0, 0))
    first.save(out, "MPO", save_all=True, append_images=[second])
    raw = out.getvalue()
    assert Image.open(io.BytesIO(raw)).format == "MPO"
    clean = cleaned(raw)
    assert clean.content_type == "image/jpeg"
    after = Image.open(io.BytesIO(clean.data))
    assert after.format == "JPEG" and after.size == (30, 20)
    assert raw.count(b"\xff\xd8") >= 2 and clean.data.count(b"\xff\xd8\xff") == 1


@pytest.mark.parametrize("mode", ["I;16", "F", "LA", "P", "CMYK", "1", "L", "RGBA"])
def test_unusual_pixel_kinds_are_cleaned_or_refused_never_a_crash(mode: str) -> None:
    fmt = "JPEG" if mode == "CMYK" else ("TIFF" if mode == "F" else "PNG")
    out = io.BytesIO()
    Image.new(mode, (12, 12)).save(out, fmt)
    try:
        clean = cleaned(out.getvalue())
    except NotAPhoto:
        return
    assert Image.open(io.BytesIO(clean.data)).size == (12, 12)


def test_a_photo_with_broken_exif_is_cleaned_or_refused_never_a_crash() -> None:
    out = io.BytesIO()
    Image.new("RGB", (12, 12)).save(out, "JPEG")
    raw = out.getvalue()
    # An APP1 Exif segment whose IFD points far past its end, with an orientation of 0xFFFF.
    tiff = b"MM\x00*\x00\x00\x00\x08" + b"\x00\x02" + b"\x01\x12\x00\x03\x00\x00\x00\x01\xff\xff"
    tiff += b"\x87\x69\x00\x04\x00\x00\x00\x01\x7f\xff\xff\xff"
    app1 = b"Exif\x00\x00" + tiff
    broken = raw[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + raw[2:]
    try:
        clean = cleaned(broken)
    except NotAPhoto:
        return
    assert b"Exif" not in clean.data
