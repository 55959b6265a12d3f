"""Real deployments: HTTPS only, a secret key from the environment, strict cookies.

gunicorn serves `noddfa.config.wsgi` behind a reverse proxy that ends TLS (docs/operations.md,
deploy/); WhiteNoise serves the collected static files from the app (ADR 0013).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEMO_MODE, MIDDLEWARE, NODDFA_AUDIT_KEY

SECRET_KEY = os.environ.get("NODDFA_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("NODDFA_SECRET_KEY must be set to at least 50 random characters.")
# The audit chain's key (ADR 3, issue 17): without it anyone who can write to the database
# could rewrite the audit log undetected. Kept apart from the database and its backups.
if len(NODDFA_AUDIT_KEY) < 32 or NODDFA_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "NODDFA_AUDIT_KEY (or a file named by NODDFA_AUDIT_KEY_FILE) must be set to at least 32 "
        "random characters, other than NODDFA_SECRET_KEY."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("NODDFA_ALLOWED_HOSTS must name the host names Noddfa answers to.")
# Demo mode skips the second factor: never with real records.
if DEMO_MODE:
    raise ImproperlyConfigured("NODDFA_DEMO_MODE must not be set with the production settings.")

SECURE_SSL_REDIRECT = True
# The proxy ends TLS and must set X-Forwarded-Proto itself, overwriting any the client sent
# (deploy/nginx/noddfa.conf); gunicorn listens on 127.0.0.1 or a socket only the proxy reaches.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Static files: collected by `noddfa collectstatic` into STATIC_ROOT with hashed names and
# compressed copies, served by WhiteNoise straight after SecurityMiddleware (ADR 0013).
STATIC_ROOT = Path(os.environ.get("NODDFA_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
_after = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_after:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
