"""Issue 16 item 10 (leftover): a full disk or an unwritable attachments folder while
attaching a file is a clear page in English and Welsh, not the generic server error, and
nothing from the upload is kept."""

from __future__ import annotations

import errno
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from factories import UserFactory, make_concern
from noddfa.accounts.models import User
from noddfa.concerns import attachments
from noddfa.concerns.attachments import AttachmentStoreUnavailable, attach_file
from noddfa.concerns.models import Attachment, Concern

pytestmark = pytest.mark.django_db

TELLING_NAME = "Passport-of-Ana-Krasniqi"
DISK_FULL = "Noddfa has no room left on its disk to keep files."
NOT_WRITABLE = "Noddfa cannot write to the folder where it keeps files."


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{TELLING_NAME}.png", _png(), content_type="image/png")


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


def _fails_with(error: OSError) -> Callable[..., NoReturn]:
    def fail(*args: Any, **kwargs: Any) -> NoReturn:
        raise error

    return fail


def _attach(client: Client, concern: Concern) -> Any:
    return client.post(
        reverse("concerns:attach", args=[concern.pk]),
        {"description": "Photo of a payslip", "file": _upload()},
    )


def test_a_full_disk_while_attaching_is_a_clear_page_and_nothing_is_kept(
    sign_in: Callable[[User], Client],
    uploader: User,
    concern: Concern,
    store: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The disk fills while the bytes are written: the partial file goes too.
    monkeypatch.setattr(
        attachments.os, "fsync", _fails_with(OSError(errno.ENOSPC, "No space left on device"))
    )
    with caplog.at_level(logging.ERROR):
        response = _attach(sign_in(uploader), concern)
    body = response.content.decode()
    assert response.status_code == 507
    assert "The file was not attached" in body and DISK_FULL in body
    assert f'href="/concerns/{concern.pk}/#attachments"' in body
    assert TELLING_NAME not in body and TELLING_NAME not in caplog.text
    assert "ENOSPC" in caplog.text
    assert not Attachment.objects.exists()
    assert list(store.iterdir()) == []


def test_an_unwritable_attachments_folder_is_a_clear_page_not_a_server_error(
    sign_in: Callable[[User], Client],
    uploader: User,
    concern: Concern,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        attachments.tempfile,
        "mkstemp",
        _fails_with(PermissionError(errno.EACCES, "Permission denied")),
    )
    response = _attach(sign_in(uploader), concern)
    body = response.content.decode()
    assert response.status_code == 503
    assert "The file was not attached" in body and NOT_WRITABLE in body
    assert "Tell your system administrator" in body
    assert not Attachment.objects.exists()


def test_the_page_is_in_welsh_for_a_welsh_reader(
    sign_in: Callable[[User], Client],
    uploader: User,
    concern: Concern,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        attachments.tempfile, "mkstemp", _fails_with(OSError(errno.ENOSPC, "No space"))
    )
    client = sign_in(uploader)
    client.get("/language/cy/", {"next": "/"})
    response = _attach(client, concern)
    body = response.content.decode()
    assert response.status_code == 507
    assert '<html lang="cy"' in body
    assert "Ni atodwyd y ffeil" in body
    assert DISK_FULL not in body


def test_a_spooled_upload_that_cannot_be_written_gets_the_same_page(
    sign_in: Callable[[User], Client],
    uploader: User,
    concern: Concern,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Django writes a large upload to its spool folder while it reads the request.
    from django.core.files.uploadhandler import MemoryFileUploadHandler

    monkeypatch.setattr(
        MemoryFileUploadHandler,
        "receive_data_chunk",
        _fails_with(OSError(errno.ENOSPC, "No space left on device")),
    )
    response = _attach(sign_in(uploader), concern)
    assert response.status_code == 507
    assert DISK_FULL in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_service_says_the_store_is_unavailable_and_other_faults_stay_faults(
    uploader: User, concern: Concern, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        attachments, "attachment_root", _fails_with(PermissionError(errno.EROFS, "Read-only"))
    )
    with pytest.raises(AttachmentStoreUnavailable) as raised:
        attach_file(uploader, concern, _upload(), "Photo of a payslip")
    assert raised.value.disk_full is False
    monkeypatch.setattr(attachments, "attachment_root", _fails_with(OSError(errno.EIO, "I/O")))
    with pytest.raises(OSError) as other:
        attach_file(uploader, concern, _upload(), "Photo of a payslip")
    assert not isinstance(other.value, AttachmentStoreUnavailable)
