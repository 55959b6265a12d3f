"""Attachments that would run something, or that are two kinds of file at once, are refused.

The attacks that worked: a PDF that runs JavaScript (or launches a program, or carries a file
inside it) when a safeguarding lead opens it was stored and offered for download like any
letter; and a file that is a real PNG or PDF from its first bytes but also an HTML page, a
ZIP archive or a PDF (a polyglot) passed the type check, which reads only the first bytes.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from factories import UserFactory, make_concern
from noddfa.accounts.models import User
from noddfa.concerns.attachments import AttachmentRejected, attach_file
from noddfa.concerns.models import Attachment, Concern

pytestmark = pytest.mark.django_db

TELLING_NAME = "Statement-of-Ana-Krasniqi"
ACTIVE_PDF = "The PDF contains scripts, embedded files or actions that open other programs"
POLYGLOT = "The file is not only a picture or a PDF"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 90, 30)).save(out, format="JPEG")
    return out.getvalue()


def pdf(*objects: bytes) -> bytes:
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, obj) for n, obj in enumerate(objects, 1))
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


PLAIN_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>")


def upload(data: bytes, declared: str = "application/pdf") -> Any:
    return SimpleUploadedFile(f"{TELLING_NAME}.pdf", data, content_type=declared)


@pytest.fixture(autouse=True)
def store(settings: Any, tmp_path: Path) -> Path:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    return Path(settings.ATTACHMENT_ROOT)


@pytest.fixture
def uploader() -> User:
    return UserFactory()


@pytest.fixture
def concern(uploader: User) -> Concern:
    return make_concern(uploader)


def refusal(uploader: User, concern: Concern, data: bytes, store: Path) -> str:
    with pytest.raises(AttachmentRejected) as rejected:
        attach_file(uploader, concern, upload(data), "Letter")
    assert not Attachment.objects.exists()
    assert not any(store.iterdir()) if store.exists() else True
    message = str(rejected.value)
    assert TELLING_NAME not in message
    return message


# --- PDFs that act when opened ---------------------------------------------------------------

ACTIVE = {
    "javascript-open-action": pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /S /JavaScript /JS (app.alert('hello')) >>",
    ),
    "js-in-a-page-action": pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 /AA << /O << /S /JavaScript /JS 4 0 R >> >> >>",
    ),
    "names-javascript": pdf(b"<< /Type /Catalog /Names << /JavaScript 2 0 R >> >>"),
    "launch": pdf(b"<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>"),
    "embedded-file": pdf(
        b"<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90\x00\nendstream",
    ),
    # Names may spell a letter as #xx (ISO 32000-1, 7.3.5): /J#61vaScript is /JavaScript.
    "hex-escaped-name": pdf(b"<< /Type /Catalog /OpenAction << /S /J#61v#61Script /J#53 (x) >> >>"),
    "no-space-before-the-name": pdf(b"<</Type/Catalog/OpenAction<</S/Launch/F(x)>>>>"),
}


@pytest.mark.parametrize("data", list(ACTIVE.values()), ids=list(ACTIVE))
def test_a_pdf_that_acts_when_opened_is_refused(
    uploader: User, concern: Concern, store: Path, data: bytes
) -> None:
    assert ACTIVE_PDF in refusal(uploader, concern, data, store)


def test_active_content_far_into_a_large_pdf_is_found_across_chunk_boundaries(
    uploader: User, concern: Concern, store: Path
) -> None:
    padding = b"%" + b"x" * 70 + b"\n"
    for offset in range(0, 40):
        filler = padding * (65536 // len(padding)) + b"%" * offset
        data = pdf(b"<< /Type /Catalog >>", filler + b"<< /S /JavaScript /JS (x) >>")
        assert ACTIVE_PDF in refusal(uploader, concern, data, store)


def test_an_ordinary_pdf_with_an_open_action_that_only_sets_the_view_is_accepted(
    uploader: User, concern: Concern
) -> None:
    data = pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /JSONish (no) >>",
    )
    attachment = attach_file(uploader, concern, upload(data), "Letter")
    assert attachment.content_type == "application/pdf"


def test_a_compressed_stream_that_is_not_javascript_is_accepted(
    uploader: User, concern: Concern
) -> None:
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Payslip) Tj ET")
    data = pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
    )
    assert attach_file(uploader, concern, upload(data), "Payslip").content_type == "application/pdf"


# --- polyglots ---------------------------------------------------------------------------------


def _png_with_text_chunk(text: bytes) -> bytes:
    data = png_bytes()
    chunk = b"tEXt" + text
    packed = struct.pack(">I", len(text)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return data[:33] + packed + data[33:]  # after the 8-byte signature and the IHDR chunk


def _zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    return out.getvalue()


POLYGLOTS = {
    "png-carrying-a-script": _png_with_text_chunk(
        b"Comment\x00<script>alert(document.domain)</script>"
    ),
    "png-carrying-html": _png_with_text_chunk(b"Comment\x00<HTML><body onload=alert(1)>"),
    "jpeg-that-is-also-a-pdf": jpeg_bytes()[:20] + b"%PDF-1.4\n" + jpeg_bytes()[20:],
    "png-with-a-zip-on-the-end": png_bytes() + _zip_bytes(),
    "pdf-with-a-zip-on-the-end": PLAIN_PDF + _zip_bytes(),
    "pdf-carrying-html-at-the-start": b"%PDF-1.4\n%<html><script>alert(1)</script>\n" + PLAIN_PDF,
    "png-carrying-php": _png_with_text_chunk(b"Comment\x00<?php system($_GET['c']); ?>"),
}


@pytest.mark.parametrize("data", list(POLYGLOTS.values()), ids=list(POLYGLOTS))
def test_a_file_that_is_also_another_kind_of_file_is_refused(
    uploader: User, concern: Concern, store: Path, data: bytes
) -> None:
    assert POLYGLOT in refusal(uploader, concern, data, store)


def test_ordinary_pictures_are_still_accepted(uploader: User, concern: Concern) -> None:
    for data, kind in ((png_bytes(), "image/png"), (jpeg_bytes(), "image/jpeg")):
        attachment = attach_file(uploader, concern, upload(data, kind), "Photo")
        assert attachment.content_type == kind


def test_the_refusals_are_in_welsh_too(uploader: User, concern: Concern, store: Path) -> None:
    with translation.override("cy"):
        active = refusal(uploader, concern, ACTIVE["launch"], store)
        polyglot = refusal(uploader, concern, POLYGLOTS["png-carrying-a-script"], store)
    assert ACTIVE_PDF not in active and "PDF" in active
    assert POLYGLOT not in polyglot
