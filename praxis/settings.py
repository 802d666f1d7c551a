"""Praxis settings: one file, driven by environment variables.

Defaults give a working local install (SQLite under var/, DEBUG off unless PRAXIS_DEBUG=1).
Production sets PRAXIS_SECRET_KEY, PRAXIS_ALLOWED_HOSTS and usually DATABASE_URL; see README.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PRAXIS_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_flag("PRAXIS_DEBUG")
# A fixed key is only acceptable for local use: gunicorn (praxis/wsgi.py) and `check --deploy`
# refuse to run with it unless PRAXIS_DEBUG=1 (see praxis.core.deploy).
INSECURE_SECRET_KEY = "django-insecure-local-development-key-only"
SECRET_KEY = os.environ.get("PRAXIS_SECRET_KEY") or INSECURE_SECRET_KEY
ALLOWED_HOSTS = env_list("PRAXIS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("PRAXIS_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("PRAXIS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The paper of PDF reports unless the person chooses another on the download form: a4 or letter.
PRAXIS_PDF_PAPER = os.environ.get("PRAXIS_PDF_PAPER", "a4")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "praxis.core",
    "praxis.accounts",
    "praxis.guide",
    "praxis.assessments",
    "praxis.development",
    "praxis.journal",
    "praxis.feedback",
    "praxis.teams",
    "praxis.programmes",
    "praxis.surveys",
    "praxis.supervision",
    "praxis.research",
    "praxis.shell",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "praxis.core.middleware.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns lock-outs into a friendly page
]

ROOT_URLCONF = "praxis.urls"
# None: `runserver` builds its own application. praxis/wsgi.py is gunicorn's entry point, and
# refuses to serve with the local secret key or without collected static files.
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "praxis.core.context_processors.site",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/ yet
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'praxis.sqlite3'}",
        conn_max_age=int(os.environ.get("PRAXIS_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# SQLite under several gunicorn workers: WAL lets readers and one writer work at once, and
# IMMEDIATE transactions take the write lock when they begin, so a transaction that reads and
# then writes waits its turn (up to 20 s) instead of failing at once with "database is locked"
# (SQLite cannot wait when a deferred reader tries to become a writer). synchronous=NORMAL is
# the safe setting for WAL: a power cut may lose the last commits, never corrupt the file.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses guessing before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:dashboard"
LOGOUT_REDIRECT_URL = "shell:home"

# Reverse proxies in front of Praxis. Above 0, the client address is read from X-Forwarded-For
# (praxis.core.client, with django-ipware) and X-Forwarded-Proto is trusted.
PRAXIS_PROXY_COUNT = int(os.environ.get("PRAXIS_PROXY_COUNT", "0"))

# Login throttling (django-axes): 5 failures for one e-mail address from one place lock it
# for 15 minutes; the lock-out page says so and how to reset a forgotten password.
# "Alice@x" and "alice@x" are one address; "one place" is the client behind any proxy.
AXES_FAILURE_LIMIT = int(os.environ.get("PRAXIS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("PRAXIS_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form posts the e-mail address as "username"
AXES_USERNAME_CALLABLE = "praxis.accounts.forms.throttled_email"
AXES_CLIENT_IP_CALLABLE = "praxis.core.client.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("PRAXIS_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("PRAXIS_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed names after `collectstatic`; plain names where it has not run (tests, a fresh checkout).
WHITENOISE_MANIFEST_STRICT = False

# The cache: rate limits (praxis.core.ratelimit) and, when shared, sessions. Each process keeps its
# own in memory unless PRAXIS_CACHE_URL names a shared one (redis://host:6379/0, Django's RedisCache,
# needs the `redis` extra), which several app servers must share, or each counts limits on its own.
PRAXIS_CACHE_URL = os.environ.get("PRAXIS_CACHE_URL", "")
if PRAXIS_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": PRAXIS_CACHE_URL}
    }
elif PRAXIS_CACHE_URL:
    raise ValueError(
        f"PRAXIS_CACHE_URL must start with redis:// or rediss://, not {PRAXIS_CACHE_URL[:20]!r}."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database; with a shared cache they are read through it too. Not with the
# per-process cache: a sign-out in one process would leave the session cached in the others.
if PRAXIS_CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Long jobs (research exports, survey scoring, large PDFs) run as tasks (Django's task framework,
# the django-tasks backport): queued in the database and run by `praxis db_worker`, so no broker is
# needed. Their results are files under PRAXIS_JOB_DIR, kept PRAXIS_JOB_DAYS (praxis.core.jobs).
TASKS = {"default": {"BACKEND": os.environ.get("PRAXIS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
PRAXIS_JOB_DIR = Path(os.environ.get("PRAXIS_JOB_DIR", VAR_DIR / "jobs"))
PRAXIS_JOB_DAYS = int(os.environ.get("PRAXIS_JOB_DAYS", "7"))

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("PRAXIS_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "PRAXIS_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("PRAXIS_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("PRAXIS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PRAXIS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("PRAXIS_EMAIL_TLS", True)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("PRAXIS_FROM_EMAIL", "Praxis <praxis@localhost>")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# Invitations to join an organisation expire after this many days.
PRAXIS_INVITATION_DAYS = int(os.environ.get("PRAXIS_INVITATION_DAYS", "14"))
# A link to confirm one's e-mail address works for this many days.
PRAXIS_EMAIL_VERIFICATION_DAYS = int(os.environ.get("PRAXIS_EMAIL_VERIFICATION_DAYS", "3"))

# What Praxis e-mails on someone's behalf is limited per account and per client address (per
# address and per e-mail address asked about, for password resets); see praxis.accounts.outgoing.
# Days are UTC calendar days, hours clock hours. Counted in Django's cache, like the rater links.
PRAXIS_LIMIT_INVITATIONS_PER_DAY = int(os.environ.get("PRAXIS_LIMIT_INVITATIONS_PER_DAY", "50"))
PRAXIS_LIMIT_RATER_EMAILS_PER_DAY = int(os.environ.get("PRAXIS_LIMIT_RATER_EMAILS_PER_DAY", "50"))
PRAXIS_LIMIT_DIGESTS_PER_DAY = int(os.environ.get("PRAXIS_LIMIT_DIGESTS_PER_DAY", "1"))
PRAXIS_LIMIT_PASSWORD_RESETS_PER_HOUR = int(os.environ.get("PRAXIS_LIMIT_PASSWORD_RESETS_PER_HOUR", "5"))
PRAXIS_LIMIT_VERIFICATION_EMAILS_PER_HOUR = int(
    os.environ.get("PRAXIS_LIMIT_VERIFICATION_EMAILS_PER_HOUR", "3")
)

# Feedback: reminders go this many days before a round closes; rater links are rate-limited.
PRAXIS_FEEDBACK_REMINDER_DAYS = int(os.environ.get("PRAXIS_FEEDBACK_REMINDER_DAYS", "3"))
PRAXIS_RATER_LINK_LIMIT = int(
    os.environ.get("PRAXIS_RATER_LINK_LIMIT", "30")
)  # look-ups per minute per address

# The framework every page and assessment uses; another file in the same format may replace it.
PRAXIS_FRAMEWORK_FILE = os.environ.get("PRAXIS_FRAMEWORK_FILE", "")
# Framework files and CASE packages larger than this many bytes are refused before parsing.
PRAXIS_FRAMEWORK_MAX_BYTES = int(os.environ.get("PRAXIS_FRAMEWORK_MAX_BYTES", "5000000"))

# Security: strict by default, relaxed only where a local http server needs it.
# Trust X-Forwarded-Proto only behind a proxy that sets it (otherwise a client could fake HTTPS).
if PRAXIS_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("PRAXIS_SECURE", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("PRAXIS_SECURE", False)
SECURE_HSTS_SECONDS = int(os.environ.get("PRAXIS_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PRAXIS_LOG_LEVEL", "WARNING")},
}
