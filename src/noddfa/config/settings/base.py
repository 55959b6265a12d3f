"""Settings shared by every way Noddfa runs; environment variables choose the rest."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# The checkout holds the Welsh catalogue and the govuk-frontend assets; a deployment
# that installs elsewhere points NODDFA_HOME at them.
# A folder setting that is set but empty (`NODDFA_VAR_DIR=` in an environment file) counts
# as unset: Path("") is the current directory, which would silently become the data folder.
PROJECT_DIR = Path(os.environ.get("NODDFA_HOME", "").strip() or PACKAGE_DIR.parents[1]).resolve()
VAR_DIR = Path(os.environ.get("NODDFA_VAR_DIR", "").strip() or PROJECT_DIR / "var")


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("NODDFA_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("NODDFA_ALLOWED_HOSTS", "").split(",") if h]

# Demo mode relaxes only the second factor, so that synthetic demo accounts can sign in
# without an authenticator app. It is never on unless explicitly asked for.
DEMO_MODE = env_flag("NODDFA_DEMO_MODE")

# The audit chain (ADR 3, issue 17). Each event's link is an HMAC under NODDFA_AUDIT_KEY, kept
# outside the database and its backups: in the environment, or in a file only the noddfa user
# reads (NODDFA_AUDIT_KEY_FILE). The production settings refuse to start without it.
_audit_key_file = os.environ.get("NODDFA_AUDIT_KEY_FILE", "").strip()
NODDFA_AUDIT_KEY = os.environ.get("NODDFA_AUDIT_KEY", "").strip()
if not NODDFA_AUDIT_KEY and _audit_key_file:
    try:
        NODDFA_AUDIT_KEY = Path(_audit_key_file).read_text(encoding="utf-8").strip()
    except OSError as _error:
        raise ImproperlyConfigured(
            f"NODDFA_AUDIT_KEY_FILE names {_audit_key_file}, which cannot be read."
        ) from _error
# `noddfa audit checkpoint` appends the chain's head here; ship the file off the machine.
NODDFA_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("NODDFA_AUDIT_CHECKPOINT_FILE", "").strip()
    or VAR_DIR / "audit-checkpoints.jsonl"
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "noddfa.core.apps.StaticFilesConfig",  # django.contrib.staticfiles, without sources
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "noddfa.core",
    "noddfa.site",
    "noddfa.audit",
    "noddfa.accounts",
    "noddfa.people",
    "noddfa.concerns",
    "noddfa.directory",
    "noddfa.training",
    "noddfa.referrals",
    "noddfa.casework",
    "noddfa.speakup",
    "noddfa.insights",
    "noddfa.api",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "noddfa.core.middleware.RequestIdMiddleware",
    "noddfa.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "noddfa.accounts.middleware.SecondFactorRequiredMiddleware",
    "noddfa.audit.probes.RefusedProbeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "noddfa.core.errors.DomainErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "noddfa.config.urls"
WSGI_APPLICATION = "noddfa.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "noddfa.site.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "noddfa.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'noddfa.sqlite3'}",
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Thirty idle minutes end a session; every request renews it (the page warns first).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

# Lockout after repeated failed sign-ins (issue 17; docs/adr/0001). Failures count against the
# account however its address was typed: axes is given the address's lockout name (spaces,
# case, NFKC and look-alike letters folded; noddfa.accounts.sign_in_names). Five failures lock
# one account for one client for an hour; the handler adds the two wider limits below over
# the same records, because axes compares every lockout parameter with one limit only.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "noddfa.accounts.sign_in_names.axes_username"
AXES_HANDLER = "noddfa.accounts.lockout.AccountAndClientLockout"
# Failures from one client across any accounts, and against one account from any clients,
# within the cool-off, that lock that client or that account.
NODDFA_SIGN_IN_CLIENT_FAILURE_LIMIT = 30
NODDFA_SIGN_IN_ACCOUNT_FAILURE_LIMIT = 100
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

OTP_TOTP_ISSUER = "Noddfa"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("govuk", PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline script anywhere: every script is a file served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Personal data must never reach a log line: only our own, reviewed messages are logged,
# and third-party loggers that echo usernames or request paths are kept quiet.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "noddfa.core.logs.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "axes": {"handlers": [], "level": "CRITICAL", "propagate": False},
        # Paths carry no personal data (record ids are random); server errors must be seen.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "noddfa": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

NODDFA_SERVICE_NAME = _("Noddfa")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # BEGIN IMMEDIATE takes the write lock up front, so two writers never interleave
    # (the audit hash chain depends on appends being serialised).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that accepts connections but never answers must not hang a page, /healthz
    # or the CLI: give up connecting after a few seconds and on any statement after 30 s
    # (0 turns a limit off, e.g. for a long migration run by hand). No JIT compiling: the
    # pages' queries read a few rows, but at a region's size PostgreSQL prices the lead's
    # home and the API's task list above jit_above_cost and spent 70 to 80 ms compiling
    # each to save a millisecond (issue 22, benchmarks/README.md "Region scale").
    _statement_ms = int(os.environ.get("NODDFA_DB_STATEMENT_TIMEOUT_MS", "30000"))
    _lock_ms = int(os.environ.get("NODDFA_DB_LOCK_TIMEOUT_MS", "10000"))
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("NODDFA_DB_CONNECT_TIMEOUT", "5")),
            "options": (
                f"-c statement_timeout={_statement_ms} -c lock_timeout={_lock_ms} -c jit=off"
            ),
        }
    )

# Attachments live outside anything the web server serves; only an access-checked,
# audited view reads them.
ATTACHMENT_ROOT = VAR_DIR / "attachments"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# /healthz is not ok when the attachments' or the SQLite database's disk has less free.
NODDFA_MIN_FREE_DISK_MB = int(os.environ.get("NODDFA_MIN_FREE_DISK_MB", "512"))
ATTACHMENT_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/heic", "image/webp"}
# Large uploads spool here, beside the attachments, never in the shared /tmp.
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "uploads"
FILE_UPLOAD_TEMP_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = os.environ.get(
    "NODDFA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("NODDFA_FROM_EMAIL", "noddfa@localhost")
EMAIL_HOST = os.environ.get("NODDFA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NODDFA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("NODDFA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NODDFA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("NODDFA_EMAIL_USE_TLS")
# Mail goes only from the outbox (`noddfa send_mail`), never from a request; a mail server
# that does not answer is given up on after this many seconds and tried again later.
EMAIL_TIMEOUT = int(os.environ.get("NODDFA_EMAIL_TIMEOUT", "20"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Hashed, expiring tokens of users with a second factor (issue 17, ADR 0005).
        "noddfa.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# Days until a new API token expires (`noddfa api_token --days` may shorten one token's).
NODDFA_API_TOKEN_DAYS = int(os.environ.get("NODDFA_API_TOKEN_DAYS", "90"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Noddfa API",
    "DESCRIPTION": "Concerns, people and chronologies, under the same access rules as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set where several models use the same field name (issue 9).
    "ENUM_NAME_OVERRIDES": {
        "ReferralKindEnum": "noddfa.referrals.models.Kind",
        "ReferralStatusEnum": "noddfa.referrals.models.Status",
        "NrmOutcomeEnum": "noddfa.referrals.models.Outcome",
        "DirectoryStatusEnum": "noddfa.directory.choices.Status",
        "DoneOrNotEnum": "noddfa.concerns.models.ActionOutcome.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "noddfa.api.schema_hooks.text_refuses_nul",
    ],
}

# Failed sign-in records (the address typed, IP address, browser) and axes' sign-in log are
# kept this many days, then `noddfa forget_failed_sign_ins` deletes them (daily timer;
# docs/operations.md, "Privacy: failed sign-ins").
NODDFA_FAILED_SIGN_IN_DAYS = 30

# "Known to other agencies" (issue 17, item 2): asked only for the person of a concern being
# written (an account of what happened of at least this many characters and different
# words), at most this many checks per user an hour and a day. The count is of the audit
# events the checks write (no cache is configured; the database count holds across workers
# and restarts).
NODDFA_HELD_ELSEWHERE_MIN_ACCOUNT_CHARS = 40
NODDFA_HELD_ELSEWHERE_MIN_ACCOUNT_WORDS = 6
NODDFA_HELD_ELSEWHERE_PER_HOUR = int(os.environ.get("NODDFA_HELD_ELSEWHERE_PER_HOUR", "10"))
NODDFA_HELD_ELSEWHERE_PER_DAY = int(os.environ.get("NODDFA_HELD_ELSEWHERE_PER_DAY", "30"))

# Speak up safely (issue 21, ADR 26). Reports are sealed under keys that are never in the
# database: by default one derived from NODDFA_AUDIT_KEY (key id "a1"); to rotate, list more as
# NODDFA_SPEAKUP_KEYS="id:secret,id:secret" and name the one new reports use in
# NODDFA_SPEAKUP_KEY_ID (older ids stay listed to open what they sealed).
NODDFA_SPEAKUP_KEYS = dict(
    item.split(":", 1)
    for item in os.environ.get("NODDFA_SPEAKUP_KEYS", "").split(",")
    if ":" in item
)
NODDFA_SPEAKUP_KEY_ID = os.environ.get("NODDFA_SPEAKUP_KEY_ID", "").strip()
NODDFA_SPEAKUP_INDEX_KEY = os.environ.get("NODDFA_SPEAKUP_INDEX_KEY", "").strip()
NODDFA_SPEAKUP_PROOF_KEY = os.environ.get("NODDFA_SPEAKUP_PROOF_KEY", "").strip()
# Every receipt check, right or wrong, takes at least this long (plus Argon2's own cost).
NODDFA_SPEAKUP_RECEIPT_FLOOR_SECONDS = float(
    os.environ.get("NODDFA_SPEAKUP_RECEIPT_FLOOR_SECONDS", "1.0")
)
# How many receipt checks may run at once across every server worker; one more is told to
# wait a minute (a check holds a worker for the floor above, and needs no identity).
NODDFA_SPEAKUP_CHECKS_AT_ONCE = int(os.environ.get("NODDFA_SPEAKUP_CHECKS_AT_ONCE", "1"))

# Caches (issue 22, ADR 27). "insights" holds the partnership figures as published and is
# shared by every worker: the database (table noddfa_cache, made by migrate) unless
# NODDFA_CACHE_URL (or REDIS_URL) names a Redis server. "limits" counts the API's per-token
# limits on searching for people and reading their records in the same shared place (key
# prefix "limits"): counted in each worker, two workers would allow twice the rate. "default"
# stays in each process: the API's general limits count there, and a shared one would write
# on every API request.
_CACHE_URL = os.environ.get("NODDFA_CACHE_URL") or os.environ.get("REDIS_URL") or ""
_SHARED_CACHE: dict[str, object] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
    if _CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "noddfa_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "insights": _SHARED_CACHE,
    "limits": {**_SHARED_CACHE, "KEY_PREFIX": "limits"},
}
