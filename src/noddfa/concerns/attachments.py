"""Attachments to a concern: checked from their content, stored outside the web root.

A file's name and the browser's stated type are both chosen by whoever sends it, and a name
may carry a person's name, so neither is trusted or kept: the type is read from the bytes,
the file is stored under a random name, and only the description the practitioner typed,
the detected type, the size and a SHA-256 digest are recorded.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import struct
import tempfile
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import User
from noddfa.audit import reads
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.core.errors import RuleBroken

from .models import Attachment, Concern
from .permissions import can_add_addendum, concerns_visible_to

# filetype recognises every type we accept from the first few hundred bytes; 8 KiB is its
# own recommended sample and is always enough.
_SNIFF_BYTES = 8192
_DESCRIPTION_MAX = 200
# stored_as is only ever a uuid4 hex; anything else in the database is refused rather than
# joined to a path, so a tampered row cannot read outside the store.
_STORED_NAME = re.compile(r"[0-9a-f]{32}")

_EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "image/webp": "webp",
}
_KINDS = {
    "application/pdf": _("PDF document"),
    "image/jpeg": _("JPEG image"),
    "image/png": _("PNG image"),
    "image/heic": _("HEIC image"),
    "image/webp": _("WebP image"),
}


class AttachmentRejected(RuleBroken):
    """The file cannot be attached. The message is for the practitioner and names no file."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


# No room left, or no right to write: the server's fault, not the file's or the person's.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT}
_NO_RIGHT = {errno.EACCES, errno.EPERM, errno.EROFS}

logger = logging.getLogger(__name__)


class AttachmentStoreUnavailable(OSError):
    """The store cannot take a file now (disk full, folder not writable); nothing was kept.

    `disk_full` says which, so the page can tell the person and their administrator what to
    do; the message names no file and no person.
    """

    def __init__(self, *, disk_full: bool) -> None:
        super().__init__("attachment store unavailable")
        self.disk_full = disk_full


def store_unavailable(error: OSError) -> AttachmentStoreUnavailable | None:
    """The error as the store being unavailable, or None if it is some other fault."""
    if isinstance(error, AttachmentStoreUnavailable):
        return error
    if error.errno in _NO_ROOM:
        disk_full = True
    elif error.errno in _NO_RIGHT or isinstance(error, PermissionError):
        disk_full = False
    else:
        return None
    # The errno only: a path here could carry a spooled upload's name.
    logger.error(
        "attachment store unavailable: %s", errno.errorcode.get(error.errno or 0, "EACCES")
    )
    return AttachmentStoreUnavailable(disk_full=disk_full)


@dataclass(frozen=True)
class _Stored:
    name: str
    size: int
    sha256: str
    content_type: str


def attachment_root() -> Path:
    root = Path(settings.ATTACHMENT_ROOT)
    # Only the application user may list the store: names are random, but the count of
    # files and their sizes are still nobody else's business.
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def max_megabytes() -> int:
    return max(1, settings.ATTACHMENT_MAX_BYTES // (1024 * 1024))


def _too_large() -> AttachmentRejected:
    return AttachmentRejected(
        _("The file must be smaller than %(size)s MB.") % {"size": max_megabytes()}
    )


def _type_not_allowed() -> AttachmentRejected:
    return AttachmentRejected(_("The file must be a PDF, JPEG, PNG, HEIC or WebP."))


def _clean_description(description: str) -> str:
    description = description.strip()
    if not description:
        raise AttachmentRejected(_("Enter what the file is."))
    if len(description) > _DESCRIPTION_MAX:
        raise AttachmentRejected(
            _("What the file is must be %(max)s characters or fewer.") % {"max": _DESCRIPTION_MAX}
        )
    return description


def _detected_type(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None


def _active_pdf() -> AttachmentRejected:
    return AttachmentRejected(
        _(
            "The PDF contains scripts, embedded files or actions that open other programs, so "
            "it cannot be attached. Print it to a new PDF or take a photo of it, and attach that."
        )
    )


def _polyglot() -> AttachmentRejected:
    return AttachmentRejected(
        _(
            "The file is not only a picture or a PDF: it also carries content of another kind, "
            "so it cannot be attached. Save it again as a new picture or PDF and attach that."
        )
    )


# --- Active content in PDFs ------------------------------------------------------------------
#
# A PDF is refused if any of these names appears in it as a PDF name (a "/" token). Each is
# something a reader does, or carries, beyond showing pages, and none belongs in a letter,
# payslip or statement kept as evidence:
#   /JavaScript, /JS   a script, run when the file opens or a page, field or link is used
#                      (an /OpenAction or /AA that runs JavaScript names one of these two,
#                      so a bare /OpenAction, which ordinary files use to set the first
#                      view, is allowed);
#   /Launch            an action that starts another program or opens another file;
#   /EmbeddedFile(s), /GoToE
#                      a file inside the file (any type, never checked here) and the action
#                      that opens one;
#   /RichMedia         Flash or video content with its own scripting;
#   /XFA               an XML form, whose scripts are inside a stream we cannot read.
# /URI (a link) and /SubmitForm are not refused: readers ask before following them, and
# refusing every PDF with a link would refuse most letters.
#
# The names are read from the raw bytes, with #xx escapes decoded (/J#61vaScript is
# /JavaScript; ISO 32000-1, 7.3.5). Names inside compressed object streams (/ObjStm, usually
# FlateDecode) are not seen: reading them means parsing the PDF's cross-reference and object
# structure and undoing its filter chains, a full PDF parser run over hostile input on the
# web server (with its decompression bombs), which we do not do. So this check stops the
# plain and the careless; a crafted file can hide a script in an object stream. What limits
# that is that every download is sent as an attachment with nosniff, never shown in the
# browser, and is opened in the reader the organisation chose.
_ACTIVE_PDF_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"GoToE",
        b"RichMedia",
        b"XFA",
    }
)
# A PDF name: "/" then regular characters up to whitespace or a delimiter (7.2.2, 7.3.5).
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The longest refused name fully #xx-escaped ("/" and 13 letters of three bytes) is 40
# bytes; a name cut at the end of one chunk is read again whole with the next.
_NAME_OVERLAP = 64


def _pdf_name(raw: bytes) -> bytes:
    return _PDF_HEX_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw)


class _ActiveContentScan:
    """Looks for the refused PDF names in a file that arrives in chunks."""

    def __init__(self) -> None:
        self.found = False
        self._tail = b""

    def feed(self, chunk: bytes, *, last: bool = False) -> None:
        if self.found:
            return
        window = self._tail + chunk
        for match in _PDF_NAME.finditer(window):
            if match.end() == len(window) and not last:
                continue  # may go on in the next chunk; read whole with it
            if _pdf_name(match.group(1)) in _ACTIVE_PDF_NAMES:
                self.found = True
                return
        self._tail = window[-_NAME_OVERLAP:]


# --- Polyglots ----------------------------------------------------------------------------------
#
# The type is read from a file's first bytes; a polyglot is a real PNG or PDF there that is
# also something else to a program that reads it differently. Refused:
#   - markup a browser or server would run, in the first KiB (browsers and old content
#     sniffers decide from the first 512 bytes to 1 KiB): HTML, script, SVG, PHP;
#   - another format's signature in the first KiB: a PDF (a reader finds "%PDF-" anywhere
#     in the first 1024 bytes) inside a picture, or the start of a ZIP, RAR, 7-Zip or ELF
#     file;
#   - a ZIP archive on the end (a ZIP is read from its end record, so "picture + ZIP" opens
#     as both): an end-of-central-directory record whose comment reaches exactly the last
#     byte, as a real one does.
# XML itself is not refused: pictures carry XMP metadata ("<?xpacket", "<x:xmpmeta") there.
_POLYGLOT_HEAD = 1024
_MARKUP = re.compile(rb"<(?:script|html|!doctype\s+html|body|iframe|svg|\?php)\b", re.IGNORECASE)
_OTHER_SIGNATURES = (b"PK\x03\x04", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x7fELF")
_ZIP_END = b"PK\x05\x06"
# The end record is 22 bytes and its comment at most 65535.
_TAIL_BYTES = 22 + 65535


def _is_polyglot(head: bytes, tail: bytes, content_type: str) -> bool:
    start = head[:_POLYGLOT_HEAD]
    if _MARKUP.search(start):
        return True
    if any(signature in start for signature in _OTHER_SIGNATURES):
        return True
    if content_type != "application/pdf" and b"%PDF-" in start:
        return True
    return _ends_with_a_zip(tail)


def _ends_with_a_zip(tail: bytes) -> bool:
    at = tail.rfind(_ZIP_END)
    while at != -1:
        if at + 22 <= len(tail):
            (comment_length,) = struct.unpack_from("<H", tail, at + 20)
            if at + 22 + comment_length == len(tail):
                return True
        at = tail.rfind(_ZIP_END, 0, at)
    return False


def _store(upload: UploadedFile[bytes]) -> _Stored:
    """Stream the upload into the store under a random name, or store nothing and raise.

    A full disk or an unwritable store raises AttachmentStoreUnavailable.
    """
    try:
        return _write_to_store(upload)
    except OSError as error:
        unavailable = store_unavailable(error)
        if unavailable is None:
            raise
        raise unavailable from None


def _write_to_store(upload: UploadedFile[bytes]) -> _Stored:
    limit = settings.ATTACHMENT_MAX_BYTES
    root = attachment_root()
    # mkstemp creates the file 0o600 in the store itself, so the final rename is atomic
    # (same filesystem) and the bytes are never readable by anyone else, even half-written.
    handle, temp_name = tempfile.mkstemp(dir=root, prefix=".incoming-")
    temp = Path(temp_name)
    try:
        digest = hashlib.sha256()
        head = b""
        tail = b""
        scan = _ActiveContentScan()
        size = 0
        with os.fdopen(handle, "wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                # The declared size can be wrong; the bytes actually received are what count.
                if size > limit:
                    raise _too_large()
                if len(head) < _SNIFF_BYTES:
                    head += chunk[: _SNIFF_BYTES - len(head)]
                tail = (tail + chunk)[-_TAIL_BYTES:]
                scan.feed(chunk)
                digest.update(chunk)
                out.write(chunk)
            scan.feed(b"", last=True)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise AttachmentRejected(_("The file is empty."))
        content_type = _detected_type(head)
        if content_type not in settings.ATTACHMENT_TYPES:
            raise _type_not_allowed()
        if _is_polyglot(head, tail, content_type):
            raise _polyglot()
        if content_type == "application/pdf" and scan.found:
            raise _active_pdf()
        name = uuid.uuid4().hex
        temp.chmod(0o600)
        temp.replace(root / name)
        _sync_directory(root)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return _Stored(name, size, digest.hexdigest(), content_type)


def _sync_directory(root: Path) -> None:
    # The rename itself survives a power cut only once the directory is on disk too.
    with suppress(OSError):
        descriptor = os.open(root, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _check_declared_size(upload: UploadedFile[bytes]) -> None:
    # A cheap early refusal; the streamed count in _store is the check that cannot be lied to.
    if upload.size is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise _too_large()


def attach_file(
    by: User, concern: Concern, upload: UploadedFile[bytes], description: str
) -> Attachment:
    """Check and store one file against a concern, with its audit event, or raise.

    Raises PermissionDenied when the user may not add to the concern, AttachmentRejected
    (a ValueError) when the file or description is not acceptable, and
    AttachmentStoreUnavailable when the disk is full or the store not writable; nothing is
    stored then.
    """
    if not can_add_addendum(by, concern):
        raise PermissionDenied
    description = _clean_description(description)
    _check_declared_size(upload)
    stored = _store(upload)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                concern=concern,
                uploaded_by=by,
                description=description,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                stored_as=stored.name,
            )
            record(
                AuditAction.CREATE,
                actor=by,
                target=attachment,
                detail={"concern": str(concern.pk)},
            )
    except BaseException:
        # No row, no file: an unrecorded file in the store would be evidence nobody can find.
        with suppress(OSError):
            (attachment_root() / stored.name).unlink()
        raise
    return attachment


# A file is written before its row (so a row never points at nothing); a crash between the two
# leaves a file no row names. Anything that young may still be on its way to a row.
SWEEP_AFTER = timedelta(hours=1)


@dataclass
class SweepReport:
    orphans: list[Path] = field(default_factory=list)
    partials: list[Path] = field(default_factory=list)
    spooled: list[Path] = field(default_factory=list)
    deleted: int = 0

    @property
    def found(self) -> int:
        return len(self.orphans) + len(self.partials) + len(self.spooled)


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff
    except OSError:
        return False


def find_leftovers(now: float | None = None) -> SweepReport:
    """Files a crash left behind, older than SWEEP_AFTER: stored files no row names, partial
    `.incoming-*` writes, and uploads Django spooled to FILE_UPLOAD_TEMP_DIR."""
    cutoff = (time.time() if now is None else now) - SWEEP_AFTER.total_seconds()
    report = SweepReport()
    root = attachment_root()
    stored: list[Path] = []
    for path in root.iterdir():
        if not _older_than(path, cutoff):
            continue
        if path.name.startswith(".incoming-"):
            report.partials.append(path)
        elif _STORED_NAME.fullmatch(path.name):
            stored.append(path)
    for start in range(0, len(stored), 500):
        batch = {path.name: path for path in stored[start : start + 500]}
        known = set(
            Attachment.objects.filter(stored_as__in=list(batch)).values_list("stored_as", flat=True)
        )
        report.orphans.extend(path for name, path in batch.items() if name not in known)
    spool = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if spool and Path(spool).is_dir():
        report.spooled.extend(p for p in Path(spool).iterdir() if _older_than(p, cutoff))
    return report


def sweep_leftovers(*, delete: bool, now: float | None = None) -> SweepReport:
    """Find (and, with delete, remove) what find_leftovers finds. Safe to run on a schedule
    and twice at once: a file already gone is simply not counted."""
    report = find_leftovers(now)
    if delete:
        for path in [*report.orphans, *report.partials, *report.spooled]:
            with suppress(FileNotFoundError):
                path.unlink()
                report.deleted += 1
    return report


def concern_for_attaching(user: User, concern_id: uuid.UUID) -> Concern:
    """The concern to attach to, or 404 exactly as if it did not exist (no view is audited)."""
    concern = concerns_visible_to(user).filter(pk=concern_id).first()
    if concern is None:
        raise Http404
    return concern


def attachments_for(user: User, concern: Concern) -> QuerySet[Attachment]:
    """The concern's attachments, empty unless the user may see the concern."""
    return (
        Attachment.objects.filter(concern__in=concerns_visible_to(user), concern=concern)
        .select_related("uploaded_by")
        .order_by("uploaded_at")
    )


def attachment_for(user: User, attachment_id: uuid.UUID) -> Attachment:
    """One attachment on a concern the user may see, or 404 exactly as if it did not exist."""
    attachment = (
        Attachment.objects.filter(concern__in=concerns_visible_to(user), pk=attachment_id)
        .select_related("concern")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def stored_path(attachment: Attachment) -> Path:
    if not _STORED_NAME.fullmatch(attachment.stored_as):
        raise FileNotFoundError("attachment has no valid stored name")
    return attachment_root() / attachment.stored_as


def open_attachment(attachment: Attachment) -> BinaryIO:
    """The stored bytes, opened for reading. Call only after attachment_for has allowed it."""
    return stored_path(attachment).open("rb")


def open_for_download(by: User, attachment: Attachment) -> BinaryIO:
    """The stored bytes for a download, audited as an export because they leave the system.
    Recorded once the file is open, so a file that cannot be read is never logged as sent."""
    stored = open_attachment(attachment)
    reads.exported(by, target=attachment, concern=str(attachment.concern_id))
    return stored


def download_name(attachment: Attachment) -> str:
    """A name that says nothing about the person: the original name is never kept."""
    extension = _EXTENSIONS.get(attachment.content_type, "bin")
    return f"attachment-{attachment.pk.hex[:8]}.{extension}"


def kind_label(content_type: str) -> str | Promise:
    return _KINDS.get(content_type, _("File"))
