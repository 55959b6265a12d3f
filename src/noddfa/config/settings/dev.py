"""Local running and the demo: embedded SQLite, a throwaway key, no HTTPS."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import NODDFA_AUDIT_KEY, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("NODDFA_SECRET_KEY") or "insecure-demo-key-not-for-real-records"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# A fixed, published audit key for local running and the demo only: not a secret, so a chain
# written with it proves nothing. Real deployments use the production settings and their own.
NODDFA_AUDIT_KEY = NODDFA_AUDIT_KEY or "insecure-dev-audit-key-not-secret-never-for-real-records"
