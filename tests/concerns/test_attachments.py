from __future__ import annotations

import io
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from PIL import Image

from factories import UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns.attachment_views import attachments_context
from noddfa.concerns.attachments import (
    AttachmentRejected,
    attach_file,
    attachment_for,
    open_attachment,
)
from noddfa.concerns.models import Attachment, Concern
from noddfa.core.errors import RuleBroken

pytestmark = pytest.mark.django_db

# A name that could identify someone: it must never be stored, logged or sent back.
TELLING_NAME = "Passport-of-Ana-Krasniqi"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def upload(data: bytes, name: str = f"{TELLING_NAME}.png", declared: str = "image/png") -> Any:
    return SimpleUploadedFile(name, data, content_type=declared)


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


def stored_files(store: Path) -> list[Path]:
    return sorted(store.iterdir()) if store.exists() else []


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def post_file(client: Client, concern: Concern, data: bytes, name: str = "photo.jpg") -> Any:
    return client.post(
        reverse("concerns:attach", args=[concern.pk]),
        {"description": "Photo of a payslip", "file": upload(data, name, "image/jpeg")},
    )


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- storing -------------------------------------------------------------------------------


def test_a_png_is_attached_stored_privately_under_a_random_name(
    sign_in: Callable[[User], Client], uploader: User, concern: Concern, store: Path
) -> None:
    data = png_bytes()
    response = sign_in(uploader).post(
        reverse("concerns:attach", args=[concern.pk]),
        {"description": "Photo of a payslip", "file": upload(data)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:detail", args=[concern.pk]) + "#attachments"
    attachment = Attachment.objects.get(concern=concern)
    assert attachment.content_type == "image/png"
    assert attachment.size == len(data)
    assert attachment.uploaded_by == uploader
    [stored] = stored_files(store)
    assert stored.name == attachment.stored_as
    assert len(stored.name) == 32 and "." not in stored.name
    assert stored.read_bytes() == data
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert "The file was attached." in messages_of(response)


def test_the_original_file_name_is_kept_nowhere(
    uploader: User, concern: Concern, store: Path
) -> None:
    attachment = attach_file(uploader, concern, upload(png_bytes()), "Payslip")
    row = Attachment.objects.filter(pk=attachment.pk).values().get()
    assert not any(TELLING_NAME in str(value) for value in row.values())
    assert not any(TELLING_NAME in path.name for path in store.iterdir())
    for event in AuditEvent.objects.all():
        assert TELLING_NAME not in str(event.detail)


def test_attaching_writes_a_create_audit_event_with_a_sha256(
    uploader: User, concern: Concern
) -> None:
    import hashlib

    data = png_bytes()
    attachment = attach_file(uploader, concern, upload(data), "Payslip")
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(attachment.pk))
    assert event.actor == uploader
    assert event.detail == {"concern": str(concern.pk)}


def test_a_pdf_is_accepted_whatever_the_browser_says_it_is(
    uploader: User, concern: Concern
) -> None:
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attachment = attach_file(
        uploader, concern, upload(data, "x.txt", "text/plain"), "Letter from employer"
    )
    assert attachment.content_type == "application/pdf"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<html><script>alert(document.cookie)</script></html>", id="html"),
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 300, id="exe"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', id="svg"),
    ],
)
def test_a_file_named_jpg_whose_content_is_not_an_allowed_type_is_rejected(
    sign_in: Callable[[User], Client],
    uploader: User,
    concern: Concern,
    store: Path,
    data: bytes,
) -> None:
    response = post_file(sign_in(uploader), concern, data, "photo.jpg")
    assert response.status_code == 302
    assert messages_of(response) == ["The file must be a PDF, JPEG, PNG, HEIC or WebP."]
    assert not Attachment.objects.exists()
    assert stored_files(store) == []


def test_the_rejection_message_never_names_the_file(uploader: User, concern: Concern) -> None:
    with pytest.raises(AttachmentRejected) as rejected:
        attach_file(uploader, concern, upload(b"MZ" + b"\x00" * 64, f"{TELLING_NAME}.jpg"), "x")
    assert TELLING_NAME not in str(rejected.value)
    # A broken rule: the page shows the message on the form, the API answers 400.
    assert isinstance(rejected.value, RuleBroken)


def test_an_empty_file_is_rejected(uploader: User, concern: Concern, store: Path) -> None:
    with pytest.raises(AttachmentRejected):
        attach_file(uploader, concern, upload(b""), "Nothing")
    assert stored_files(store) == []


def test_a_blank_description_is_rejected(uploader: User, concern: Concern, store: Path) -> None:
    with pytest.raises(AttachmentRejected):
        attach_file(uploader, concern, upload(png_bytes()), "   ")
    assert stored_files(store) == []


def test_an_over_size_upload_is_refused_by_the_page(
    sign_in: Callable[[User], Client],
    uploader: User,
    concern: Concern,
    store: Path,
    settings: Any,
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 64
    response = post_file(sign_in(uploader), concern, png_bytes())
    assert response.status_code == 302
    assert messages_of(response) == ["The file must be smaller than 1 MB."]
    assert not Attachment.objects.exists()
    assert stored_files(store) == []


def test_an_over_size_upload_is_stopped_while_it_arrives_before_the_service_sees_it(
    sign_in: Callable[[User], Client],
    uploader: User,
    concern: Concern,
    store: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the upload should have been stopped earlier")

    monkeypatch.setattr("noddfa.concerns.attachment_views.attach_file", must_not_run)
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = post_file(sign_in(uploader), concern, png_bytes() + b"\x00" * 200_000)
    assert response.status_code == 302
    assert messages_of(response) == ["The file must be smaller than 1 MB."]
    assert stored_files(store) == []


def test_the_size_is_counted_while_streaming_not_taken_from_the_upload(
    uploader: User, concern: Concern, store: Path, settings: Any
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 64
    lying = upload(png_bytes())
    lying.size = 10  # what a client could claim
    with pytest.raises(AttachmentRejected, match="smaller than"):
        attach_file(uploader, concern, lying, "Payslip")
    assert stored_files(store) == []


def test_if_the_record_cannot_be_written_the_file_is_removed(
    uploader: User, concern: Concern, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_audit(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr("noddfa.concerns.attachments.record", broken_audit)
    with pytest.raises(RuntimeError):
        attach_file(uploader, concern, upload(png_bytes()), "Payslip")
    assert not Attachment.objects.exists()
    assert stored_files(store) == []


# --- who may attach ------------------------------------------------------------------------


def test_another_organisation_cannot_attach(
    sign_in: Callable[[User], Client], concern: Concern, store: Path
) -> None:
    outsider = UserFactory(role=Role.SAFEGUARDING_LEAD)
    response = post_file(sign_in(outsider), concern, png_bytes())
    assert response.status_code == 404
    assert not Attachment.objects.exists()
    assert stored_files(store) == []


def test_a_partnership_analyst_cannot_attach(
    sign_in: Callable[[User], Client], uploader: User, concern: Concern, store: Path
) -> None:
    analyst = UserFactory(organisation=uploader.organisation, role=Role.PARTNERSHIP_ANALYST)
    response = post_file(sign_in(analyst), concern, png_bytes())
    assert response.status_code in (403, 404)
    assert stored_files(store) == []


def test_someone_who_may_read_but_not_add_is_refused(
    sign_in: Callable[[User], Client], uploader: User, concern: Concern, store: Path
) -> None:
    admin = UserFactory(organisation=uploader.organisation, role=Role.ORGANISATION_ADMIN)
    response = post_file(sign_in(admin), concern, png_bytes())
    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        attach_file(admin, concern, upload(png_bytes()), "Payslip")
    assert stored_files(store) == []


def test_attaching_needs_sign_in_post_and_a_csrf_token(
    sign_in: Callable[[User], Client], uploader: User, concern: Concern, store: Path
) -> None:
    url = reverse("concerns:attach", args=[concern.pk])
    anonymous = Client().post(url, {"description": "x", "file": upload(png_bytes())})
    assert anonymous.status_code == 302 and "/accounts/" in anonymous["Location"]
    signed_in = sign_in(uploader)
    assert signed_in.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in.cookies
    forged = strict.post(url, {"description": "x", "file": upload(png_bytes())})
    assert forged.status_code == 403
    assert stored_files(store) == []


# --- reading -------------------------------------------------------------------------------


@pytest.fixture
def attached(uploader: User, concern: Concern) -> Iterator[Attachment]:
    yield attach_file(uploader, concern, upload(png_bytes()), "Photo of a payslip")


def test_the_uploaders_organisation_can_download_with_safe_headers(
    sign_in: Callable[[User], Client], uploader: User, attached: Attachment
) -> None:
    colleague = UserFactory(organisation=uploader.organisation, role=Role.SAFEGUARDING_LEAD)
    response = sign_in(colleague).get(reverse("concerns:attachment", args=[attached.pk]))
    assert response.status_code == 200
    assert body_of(response) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attachment-{str(attached.pk)[:8]}.png"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_download_is_audited_as_an_export(
    sign_in: Callable[[User], Client], uploader: User, attached: Attachment
) -> None:
    response = sign_in(uploader).get(reverse("concerns:attachment", args=[attached.pk]))
    body_of(response)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(attached.pk))
    assert event.actor == uploader
    assert event.object_type == "concerns.attachment"
    assert event.detail == {"concern": str(attached.concern_id)}


def test_another_organisation_gets_an_empty_404(
    sign_in: Callable[[User], Client], attached: Attachment
) -> None:
    outsider = UserFactory(role=Role.SAFEGUARDING_LEAD)
    response = sign_in(outsider).get(reverse("concerns:attachment", args=[attached.pk]))
    assert response.status_code == 404
    assert response.content == b""
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_partnership_analyst_cannot_download(
    sign_in: Callable[[User], Client], uploader: User, attached: Attachment
) -> None:
    analyst = UserFactory(organisation=uploader.organisation, role=Role.PARTNERSHIP_ANALYST)
    response = sign_in(analyst).get(reverse("concerns:attachment", args=[attached.pk]))
    assert response.status_code in (403, 404)
    assert response.content == b""


def test_an_unknown_attachment_looks_the_same_as_a_forbidden_one(
    sign_in: Callable[[User], Client], uploader: User, attached: Attachment
) -> None:
    import uuid

    response = sign_in(uploader).get(reverse("concerns:attachment", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert response.content == b""


def test_downloading_needs_sign_in(attached: Attachment) -> None:
    response = Client().get(reverse("concerns:attachment", args=[attached.pk]))
    assert response.status_code == 302
    assert str(attached.pk) not in response["Location"].split("?")[0]


def test_the_selector_and_opener_give_back_the_stored_bytes(
    uploader: User, attached: Attachment
) -> None:
    found = attachment_for(uploader, attached.pk)
    with open_attachment(found) as stored:
        assert stored.read() == png_bytes()


def test_a_tampered_stored_name_cannot_reach_outside_the_store(
    uploader: User, attached: Attachment
) -> None:
    attached.stored_as = "../" * 4 + "etc/passwd"
    with pytest.raises(FileNotFoundError):
        open_attachment(attached)


# --- the partial ---------------------------------------------------------------------------


def test_the_attachments_partial_lists_files_and_offers_the_upload_form(
    uploader: User, concern: Concern, attached: Attachment
) -> None:
    html = render_to_string(
        "concerns/_attachments.html", {"concern": concern, **attachments_context(uploader, concern)}
    )
    assert "Photo of a payslip" in html
    assert reverse("concerns:attachment", args=[attached.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert "govuk-file-upload" in html
    assert "PDF, JPEG, PNG, HEIC or WebP, smaller than 10 MB." in html
    assert reverse("concerns:attach", args=[concern.pk]) in html
    assert "style=" not in html


def test_the_partial_offers_no_form_to_someone_who_may_only_read(
    uploader: User, concern: Concern, attached: Attachment
) -> None:
    admin = UserFactory(organisation=uploader.organisation, role=Role.ORGANISATION_ADMIN)
    context = attachments_context(admin, concern)
    html = render_to_string("concerns/_attachments.html", {"concern": concern, **context})
    assert context["can_attach"] is False
    assert "govuk-file-upload" not in html


def test_the_partial_lists_nothing_to_another_organisation(
    concern: Concern, attached: Attachment
) -> None:
    outsider = UserFactory(role=Role.SAFEGUARDING_LEAD)
    context = attachments_context(outsider, concern)
    assert context["attachment_rows"] == []
    assert context["attachment_form"] is None


def test_stored_files_are_not_left_readable_by_others(
    uploader: User, attached: Attachment, store: Path
) -> None:
    assert stat.S_IMODE(store.stat().st_mode) & 0o077 == 0
