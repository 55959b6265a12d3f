"""Local running and the demo: embedded SQLite, a throwaway key, no HTTPS."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("NODDFA_SECRET_KEY") or "insecure-demo-key-not-for-real-records"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
