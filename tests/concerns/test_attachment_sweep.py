"""Issue 16 item 4: a crash between storing a file and writing its row leaves something the
sweep removes, and the sweep touches nothing a row names or that may still be on its way."""

from __future__ import annotations

import io
import os
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from factories import UserFactory, make_concern
from noddfa.concerns.attachments import _store, attach_file

pytestmark = pytest.mark.django_db

TWO_HOURS_AGO = time.time() - 2 * 3600


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def store(settings: Any, tmp_path: Path) -> Path:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return Path(settings.ATTACHMENT_ROOT)


def age(path: Path) -> Path:
    os.utime(path, (TWO_HOURS_AGO, TWO_HOURS_AGO))
    return path


def sweep(*args: str) -> str:
    out = StringIO()
    call_command("sweep_attachments", *args, stdout=out)
    return out.getvalue()


def test_a_crash_between_the_file_and_its_row_leaves_a_file_the_sweep_removes(
    store: Path, settings: Any
) -> None:
    uploader = UserFactory()
    kept = attach_file(uploader, make_concern(uploader), png(), "Photo of the bruise")
    age(store / kept.stored_as)
    # The process dies after the file is stored and before its row is written.
    orphan = age(store / _store(png()).name)
    partial = store / ".incoming-abc123"
    partial.write_bytes(b"half a fi")
    age(partial)
    spooled = Path(settings.FILE_UPLOAD_TEMP_DIR) / "tmpabcd.upload.png"
    spooled.write_bytes(b"spooled")
    age(spooled)
    young_orphan = store / _store(png()).name  # may still be about to get its row

    dry = sweep()
    assert "1 stored file(s) with no record, 1 partial write(s), 1 spooled upload(s)" in dry
    assert "Nothing deleted" in dry
    assert orphan.exists() and partial.exists() and spooled.exists()

    assert "Deleted 3." in sweep("--delete")
    assert not orphan.exists() and not partial.exists() and not spooled.exists()
    assert (store / kept.stored_as).exists()
    assert young_orphan.exists()
    assert "Deleted 0." in sweep("--delete")  # safe to run again, and on a schedule


def test_the_sweep_lists_only_random_names_never_a_person(store: Path) -> None:
    orphan = age(store / _store(png()).name)
    listed = sweep("--verbosity", "2")
    assert str(orphan) in listed
    assert "photo" not in listed
