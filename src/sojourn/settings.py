"""Sojourn settings: everything that varies between deployments comes from the environment.

See `.env.example` for every variable. `SOJOURN_ENV=local` (the default) is the embedded default:
SQLite in var/, plain http on loopback. `SOJOURN_ENV=production` turns every hardening on and
refuses to start without a strong secret key and an explicit host list.
"""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from sojourn.conf import env, paths, private
from sojourn.vault import keys as vault_keys

# Lets admin and querysets be subscripted at run time, as the type checker reads them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = paths.var_dir()

SOJOURN_ENV = env.get_choice("SOJOURN_ENV", "local", ("local", "production"))
PRODUCTION = SOJOURN_ENV == "production"
# var/ is the owner's alone (created 0700); a production one made by the operator is left as set,
# since a proxy may serve var/static from it.
private.private_directory(VAR_DIR, tighten=not PRODUCTION)

DEBUG = env.get_bool("SOJOURN_DEBUG", False)
SECRET_KEY = env.get_secret_key(
    "SOJOURN_SECRET_KEY", production=PRODUCTION, key_file=VAR_DIR / "secret_key"
)
ALLOWED_HOSTS = env.get_list(
    "SOJOURN_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SOJOURN_ALLOWED_HOSTS is required when SOJOURN_ENV=production "
        "(a comma-separated list such as travel.example.org)."
    )

# The keys that seal personal data at rest (sojourn.vault.keys): required in production; the
# embedded default generates a development key into var/.
SOJOURN_ENCRYPTION_KEYS = vault_keys.from_environment(
    production=PRODUCTION, key_file=VAR_DIR / "encryption_keys"
)

DATABASES = {"default": paths.database(VAR_DIR)}
if (_sqlite_file := private.sqlite_file(DATABASES["default"])) is not None:
    private.private_file(_sqlite_file)  # 0600 before SQLite first opens it
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # Django's admin, audited (sojourn.audit.admin_site) and closed in production.
    "sojourn.audit.apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "sojourn.audit",
    "sojourn.vault",
    "sojourn.people",
    "sojourn.trips",
    "sojourn.care",
    "sojourn.debriefs",
    "sojourn.notify",
    "sojourn.directives",
    "sojourn.contacts",
    "sojourn.retention",
    "sojourn.screening",
    "sojourn.demo",
    "sojourn.web",
    "sojourn.api",
    "sojourn.security",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The API docs page served from the package's own Swagger UI copy, not a CDN.
    "ninja",
]

MIDDLEWARE = [
    "sojourn.security.clients.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body: one over SOJOURN_MAX_BODY_BYTES is refused by its
    # Content-Length, unread (the answer still carries the security headers above).
    "sojourn.web.errors.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sojourn.security.sessions.SessionLimitsMiddleware",
    "sojourn.security.middleware.MfaMiddleware",
    "sojourn.security.headers.NoStoreMiddleware",
    "sojourn.api.idempotency.IdempotencyMiddleware",
    "sojourn.api.strictness.UnknownQueryParametersMiddleware",
    "sojourn.web.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sojourn.urls"
WSGI_APPLICATION = "sojourn.wsgi.application"

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
                "sojourn.web.context.sojourn",
            ],
        },
    }
]

# Django's password check behind the sign-in throttle (sojourn.security.throttle): failures lock
# a name from one address (SOJOURN_LOGIN_FAILURE_LIMIT) and an address for every name (a higher
# SOJOURN_LOGIN_ADDRESS_FAILURE_LIMIT) for 15 minutes; a name guessed from everywhere is only
# slowed, never locked, so nobody can keep its owner out.
AUTHENTICATION_BACKENDS = ["sojourn.security.throttle.ThrottledBackend"]
SOJOURN_LOGIN_FAILURE_LIMIT = env.get_int("SOJOURN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
SOJOURN_LOGIN_ADDRESS_FAILURE_LIMIT = env.get_int(
    "SOJOURN_LOGIN_ADDRESS_FAILURE_LIMIT", 4 * SOJOURN_LOGIN_FAILURE_LIMIT, minimum=1
)
# How many reverse proxies in front of Sojourn append to X-Forwarded-For (0: none, the header
# is ignored). Only the proxies' own entries are believed; see sojourn.security.clients.
SOJOURN_TRUSTED_PROXIES = env.get_int("SOJOURN_TRUSTED_PROXIES", 0, minimum=0, maximum=5)

# Two-factor sign-in (TOTP with recovery codes): `roles` requires it of officers, oversight,
# auditors and administrators; `everyone` of all; `off` only outside production (the local demo),
# and the sign-in page then says so.
SOJOURN_MFA = env.get_choice(
    "SOJOURN_MFA", "roles" if PRODUCTION else "off", ("roles", "everyone", "off")
)
if PRODUCTION and SOJOURN_MFA == "off":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SOJOURN_MFA=off is refused when SOJOURN_ENV=production: use roles or everyone."
    )
OTP_TOTP_ISSUER = "Sojourn"

# Django's admin (/admin/) reads and writes past the services: in production every address of it
# answers 404 unless SOJOURN_ADMIN_BREAK_GLASS opens it for an emergency (`sojourn check --deploy`
# then warns). Open or not, sensitive models are read-only there and every use is audited.
SOJOURN_ADMIN_BREAK_GLASS = env.get_bool("SOJOURN_ADMIN_BREAK_GLASS", False)
SOJOURN_ADMIN_ENABLED = not PRODUCTION or SOJOURN_ADMIN_BREAK_GLASS

# The keys that seal the audit trail (HMAC-SHA256), `ID:SECRET` pairs, newest first: new events
# use the first, older ones verify with the key they name. Kept outside the database, so nobody
# who can only write the database can rewrite the trail. Locally one is generated into
# var/audit_key; production refuses to run without its own (a system check error).
SOJOURN_AUDIT_KEYS = env.get_audit_keys(
    "SOJOURN_AUDIT_KEYS", production=PRODUCTION, key_file=VAR_DIR / "audit_key"
)
# The worker publishes the chain's head (`TIME HASH:COUNT`) every this many minutes to an
# append-only file and, if named, to syslog (`/dev/log`, or `host:port` over UDP): anchors
# outside the database that `sojourn audit verify` checks the trail against.
SOJOURN_AUDIT_ANCHOR_MINUTES = env.get_int("SOJOURN_AUDIT_ANCHOR_MINUTES", 60, minimum=1)
SOJOURN_AUDIT_ANCHOR_FILE = paths.anchor_file(VAR_DIR)
SOJOURN_AUDIT_ANCHOR_COPY = paths.anchor_copy()
SOJOURN_AUDIT_ANCHOR_SYSLOG = env.get_str("SOJOURN_AUDIT_ANCHOR_SYSLOG", "")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's similarity check, and a password built from the name (`banker-banker`) refused.
    {"NAME": "sojourn.security.passwords.NameSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.get_time_zone("SOJOURN_TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Local runs serve static files straight from the package folders, no collectstatic needed;
# WhiteNoise still expects STATIC_ROOT to exist and warns on every request when it does not.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Email: the worker delivers the outbox through this SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.get_str("SOJOURN_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env.get_int("SOJOURN_EMAIL_PORT", 1025, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.get_str("SOJOURN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("SOJOURN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("SOJOURN_EMAIL_USE_TLS", False)
# Seconds for each exchange with the mail server: a server slower than this counts as down
# (sojourn.notify.mailserver), and it stays well inside a delivery lease.
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.get_str("SOJOURN_EMAIL_FROM", "Sojourn <sojourn@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sessions and cookies.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Idle limit: the session expires 30 minutes after the last request (requests renew it);
# absolute limit: 12 hours after sign-in, whatever the activity (sojourn.security.sessions).
SESSION_COOKIE_AGE = env.get_int("SOJOURN_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SOJOURN_SESSION_ABSOLUTE_SECONDS = env.get_int(
    "SOJOURN_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60, minimum=60
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Request bodies (files apart): 1 MB holds a 256 KB policy pack even with every byte
# percent-encoded, and 1000 fields a debrief with all of its 100 rows. Beyond either, the
# request is answered 413 unread (sojourn.web.errors), and nothing is saved.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# The whole body, files included, as its Content-Length declares it: the form's text at its
# limit, a policy pack's file (256 KB) and the multipart framing fit; anything larger is refused
# before a byte of it is read (sojourn.web.errors.BodyLimitMiddleware).
SOJOURN_MAX_BODY_BYTES = 2 * DATA_UPLOAD_MAX_MEMORY_SIZE

# Content-Security-Policy: only this origin's own scripts, styles, images and fonts; no inline
# script or style anywhere (htmx is configured for it in base.html), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.get_bool("SOJOURN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.get_int("SOJOURN_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind the TLS-terminating proxy the deployment guide describes.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The address people reach Sojourn at: links in emails and calendar addresses point here. Unset,
# a page links to the address it was asked at, and what has no request to follow (the worker's
# emails) to the address `sojourn serve` listens on: serve hands it to its web processes and its
# worker as SOJOURN_SERVED_URL (see sojourn.conf.addresses).
SOJOURN_BASE_URL_SET = bool(env.get_str("SOJOURN_BASE_URL", ""))
SOJOURN_BASE_URL = env.get_str(
    "SOJOURN_BASE_URL", env.get_str("SOJOURN_SERVED_URL", "http://127.0.0.1:8000")
).rstrip("/")

# Retention (sojourn.retention): how long personal data is kept, unless the organisation's policy
# pack sets its own period. Check-ins keep only their country this many days after the trip
# closes; notifications lose their words this many days after delivery; debriefs are anonymised
# this many years after the trip closes, unless a legal hold keeps them.
SOJOURN_RETENTION_CHECKIN_DAYS = env.get_int(
    "SOJOURN_RETENTION_CHECKIN_DAYS", 90, minimum=1, maximum=3650
)
SOJOURN_RETENTION_NOTIFICATION_DAYS = env.get_int(
    "SOJOURN_RETENTION_NOTIFICATION_DAYS", 30, minimum=1, maximum=3650
)
SOJOURN_RETENTION_DEBRIEF_YEARS = env.get_int(
    "SOJOURN_RETENTION_DEBRIEF_YEARS", 10, minimum=1, maximum=100
)
# What happens to a debrief at the end of its period: its texts removed (anonymise), or kept
# whole and sealed, out of the lists (archive).
SOJOURN_RETENTION_DEBRIEF_DISPOSITION = env.get_choice(
    "SOJOURN_RETENTION_DEBRIEF_DISPOSITION", "anonymise", ("anonymise", "archive")
)
# The worker sweeps for what is past its period at most this often (periods are days and years:
# an hour late is nothing to them, and a sweep reads every organisation's data).
SOJOURN_RETENTION_SWEEP_MINUTES = env.get_int(
    "SOJOURN_RETENTION_SWEEP_MINUTES", 60, minimum=1, maximum=24 * 60
)

# API tokens expire: after SOJOURN_TOKEN_DAYS unless their creator names another number of days,
# at most SOJOURN_TOKEN_MAX_DAYS (no token lives for ever).
SOJOURN_TOKEN_MAX_DAYS = env.get_int("SOJOURN_TOKEN_MAX_DAYS", 365, minimum=1, maximum=3650)
SOJOURN_TOKEN_DAYS = env.get_int("SOJOURN_TOKEN_DAYS", 90, minimum=1)
if SOJOURN_TOKEN_DAYS > SOJOURN_TOKEN_MAX_DAYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SOJOURN_TOKEN_DAYS must be at most SOJOURN_TOKEN_MAX_DAYS ({SOJOURN_TOKEN_MAX_DAYS}), "
        f"got {SOJOURN_TOKEN_DAYS}."
    )

# A calendar address stops working this many days after it is made (make a new one then).
SOJOURN_FEED_DAYS = env.get_int("SOJOURN_FEED_DAYS", 365, minimum=1, maximum=3650)

# At most this many API tokens alive per person (SOJOURN_TOKEN_CAP), and this many API requests
# per person a minute (SOJOURN_API_REQUESTS_PER_MINUTE; beyond it, 429 with Retry-After).
SOJOURN_TOKEN_CAP = env.get_int("SOJOURN_TOKEN_CAP", 10, minimum=1, maximum=1000)
SOJOURN_API_REQUESTS_PER_MINUTE = env.get_int(
    "SOJOURN_API_REQUESTS_PER_MINUTE", 120, minimum=1, maximum=100000
)

# The policy pack organisations follow unless they name their own.
SOJOURN_DEFAULT_POLICY = env.get_str("SOJOURN_DEFAULT_POLICY", "seed-sensitive-tech")

# Email delivery (sojourn.notify.delivery). A worker's claim on the emails it is sending lasts
# SOJOURN_DELIVERY_LEASE_SECONDS and is renewed while it works, so a killed worker's emails are
# taken over that soon; while the mail server is down, one worker tries it again every
# SOJOURN_MAIL_PROBE_SECONDS; between passes a worker looks for new emails (urgent alerts first)
# every SOJOURN_DELIVERY_POLL_SECONDS. A long outbox goes out over SOJOURN_DELIVERY_CONNECTIONS
# connections to the server at once (sojourn.notify.senders).
SOJOURN_DELIVERY_LEASE_SECONDS = env.get_int(
    "SOJOURN_DELIVERY_LEASE_SECONDS", 30, minimum=2, maximum=3600
)
SOJOURN_MAIL_PROBE_SECONDS = env.get_int("SOJOURN_MAIL_PROBE_SECONDS", 10, minimum=1, maximum=300)
SOJOURN_DELIVERY_POLL_SECONDS = env.get_int(
    "SOJOURN_DELIVERY_POLL_SECONDS", 5, minimum=1, maximum=3600
)
SOJOURN_DELIVERY_CONNECTIONS = env.get_int("SOJOURN_DELIVERY_CONNECTIONS", 4, minimum=1, maximum=32)

# The embedded default runs the worker loop inside `sojourn serve`; turn off when workers run apart.
SOJOURN_SERVE_RUNS_WORKER = env.get_bool("SOJOURN_SERVE_RUNS_WORKER", not PRODUCTION)
# Readiness (GET /api/v1/health/ready) fails when no worker has finished a pass for this long:
# five passes at the worker's default interval.
SOJOURN_WORKER_STALE_SECONDS = env.get_int(
    "SOJOURN_WORKER_STALE_SECONDS", 300, minimum=10, maximum=86400
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Addresses that are credentials (check-in links, feed addresses) are masked in every line.
    "filters": {"mask_secrets": {"()": "sojourn.security.logmask.MaskSecrets"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]},
        # `sojourn runserver`'s request lines, as Django writes them, masked too.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.get_str("SOJOURN_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers would print request paths (a used check-in link's "Gone:
        # /checkin/…") unmasked: none of its own, its records reach the masked console.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}
