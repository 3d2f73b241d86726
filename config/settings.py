"""Settings for the Commission Portal.

One module, every value from the environment. With nothing set the portal
runs on an embedded stack (SQLite, tasks inline, e-mail on the console) so a
newcomer sees it with `make run`; production sets DATABASE_URL,
CELERY_BROKER_URL, EMAIL_URL, SECRET_KEY and ALLOWED_HOSTS. Every variable is
listed in the README.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# DEBUG is off unless explicitly switched on (`make run` switches it on).
DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    # No defaults for production secrets: stop start-up with a message that
    # says what to set, rather than run with a guessable key.
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the portal needs a secret key: "
            "set SECRET_KEY to a long random value (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=true for local development."
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG off the portal needs the host "
            "names it serves, comma-separated (for example "
            "ALLOWED_HOSTS=portal.ncct.gov.kh), or set DEBUG=true for local development."
        )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, opened to the chief by their seat (members.admin_site).
    "members.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # PostgreSQL's full-text search for the search index (workplan/models/search.py); inert on SQLite.
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "guardian",
    "axes",
    "django_htmx",
    "django_prose_editor",
    # Two-step sign-in's devices: authenticator apps (TOTP) and recovery codes (members/second_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "members",
    "commission",
    "taskforces",
    "workplan",
    "audit",
    "notifications",
    "portal",
    "seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.sqllog.SlowQueryPathMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Django's, renewing a session at most once a minute instead of at every request (members/sessions.py).
    "members.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anything answered to a signed-in person or a token client: Cache-Control: private, no-store.
    "core.cache_control.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Whoever owes a code from their authenticator app gives it before any view (members/second_factor.py).
    "members.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the
    # authentication backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections; 0 closes after each request (the Django default).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The role that owns the tables, on PostgreSQL (README, "Two database roles"): `migrate`, backups, restores and
# the test runner's flush connect as it; the web and the workers connect as DATABASE_URL's role, which reads and
# writes rows but cannot lift a trigger, truncate or alter a table. Unset, DATABASE_URL's role does everything.
if env.str("DATABASE_OWNER_URL", default=""):
    # A test mirror of "default": under the test runner it names the test database, with its own role.
    DATABASES["owner"] = {**env.db("DATABASE_OWNER_URL"), "TEST": {"MIRROR": "default"}}
    if DATABASES["owner"]["ENGINE"] != "django.db.backends.postgresql" or any(
        DATABASES["owner"][key] != DATABASES["default"][key] for key in ("ENGINE", "NAME")
    ):
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL must name the PostgreSQL database DATABASE_URL names, as the role that owns "
            f"its tables: it names {DATABASES['owner']['NAME']!r} ({DATABASES['owner']['ENGINE']}), "
            f"DATABASE_URL names {DATABASES['default']['NAME']!r} ({DATABASES['default']['ENGINE']})."
        )
# The role the portal connects as, granted its rows' privileges after every migrate (core/dbroles.py); empty
# when one role does everything.
DATABASE_APP_ROLE = (
    DATABASES["default"]["USER"]
    if "owner" in DATABASES and DATABASES["owner"]["USER"] != DATABASES["default"]["USER"]
    else ""
)
# Statements slower than this are logged (logger portal.slow_sql) with the page's path; 0 turns it off.
SLOW_QUERY_MS = env.float("SLOW_QUERY_MS", default=500.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) when CACHE_URL is set, so throttles and rate limits
# hold across web processes; a per-process memory cache otherwise.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://portal"),
    # What the public API keeps (workplan/publication.py, workplan/api/public.py), apart: clients asking for
    # many different pages cannot push the portal's own entries (the editor's rows, throttles, lockouts) out
    # of a per-process cache. With CACHE_URL, the same Redis under its own key prefix.
    "public": env.cache_url("CACHE_URL", default="locmemcache://portal-public"),
}
CACHES["public"].setdefault("KEY_PREFIX", "public")

AUTH_USER_MODEL = "members.User"

# --- Sign-in and sessions ---------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account before any password
    # is checked.
    "axes.backends.AxesStandaloneBackend",
    "members.backends.PortalBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A password reset link works once, for an hour (members/accounts.py).
PASSWORD_RESET_TIMEOUT = 60 * 60
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after 30 minutes without a request: a request renews the age
# (at most once a minute, members/sessions.py), so it measures idleness.
# core.checks refuses ages over 12 h.
SESSION_ENGINE = "members.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = 60
# However busy, a session ends this many seconds after its person signed in.
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Five failed sign-ins within 15 minutes lock the account for 15 minutes.
# Failures are counted per username, whatever address they come from, so an
# attacker who rotates addresses or forges X-Forwarded-For gains nothing.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# A lock lasts 15 minutes from the fifth failure, as the sign-in page says;
# attempts during the lock do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "portal.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_VERBOSE = False
# axes.W006 asks to lock by address as well. Ministries sign in from shared
# office addresses (NAT), so locking an address would lock out a whole
# ministry; locking by username already ignores user agents, cookies and
# addresses, which is what the warning is about.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# django-guardian: object grants (a draft shared with one person) live in
# per-model permission tables (workplan.models). No "anonymous user" row:
# anonymous visitors see only published plans, decided by workplan.policies.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# How many reverse proxies in front of the portal append to X-Forwarded-For.
# 0 (the default) ignores the header entirely: it is trivially forged.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Security headers -------------------------------------------------------

# HTTPS everywhere in production. Tests and local runs over plain HTTP turn
# it off with HTTPS=false (DEBUG turns it off by default).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# No script of the portal reads the CSRF cookie: pages carry the token themselves (the forms'
# csrfmiddlewaretoken, the editor's hx-headers on <body>), so the cookie is HttpOnly like the session's.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every asset is served by the portal itself (no CDN), and no inline script or
# style runs: core.checks refuses an empty policy or 'unsafe-inline'.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Languages --------------------------------------------------------------

# Khmer first: most officials work in Khmer; a browser that asks for English
# gets English, and the language switch remembers a choice in a cookie.
LANGUAGE_CODE = "km"
LANGUAGES = [("km", _("Khmer")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Phnom_Penh"

# The section editor posts some 25 fields for each activity (its texts and
# measures in Khmer and English): Django's default of 1,000 fields would
# refuse a section of 40 activities. This allows about 200.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Static and uploaded files ----------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# --- E-mail -----------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="consolemail://")
if _email.get("EMAIL_FILE_PATH"):
    # django-environ drops the leading slash of filemail:///var/mail/portal.
    _email["EMAIL_FILE_PATH"] = "/" + _email["EMAIL_FILE_PATH"].lstrip("/")
_EMAIL_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_FILE_PATH": "file_path",
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {opt: _email[key] for key, opt in _EMAIL_OPTIONS.items() if _email.get(key)},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Commission Portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as people reach it, for links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Background work --------------------------------------------------------

# Without a broker, tasks run inline in the request: `make run` needs nothing
# but Python. With CELERY_BROKER_URL set (Redis), a worker and beat run them.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Progress and outcomes live in PostgreSQL (the outbox, the export rows), never
# in Redis: results are not stored, so losing Redis loses nothing.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task's message is acknowledged only once the task has finished; a worker
# that dies mid-task (SIGKILL, OOM) leaves it to be delivered again. Every task
# takes ids and is safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# An unacknowledged message goes back to the queue after this many seconds.
# Short, so a crashed worker's export restarts soon; tasks that run longer than
# this may start twice, which their leases make harmless.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=120)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Workers look for such messages this often (kombu's default is every 100 s).
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 4)),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TIMEZONE = TIME_ZONE
# Task modules that autodiscovery (`<app>.tasks`) does not reach: the work plan's tasks live in its slices.
CELERY_IMPORTS = ["workplan.exports.tasks", "workplan.review.tasks"]
# Celery's own beat (django-celery-beat does not support Django 6.1). The
# sweep delivers what the outbox holds and re-queues exports whose worker
# died, so a broker outage only delays work.
SWEEP_SECONDS = env.float("SWEEP_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    "deliver-notifications": {"task": "notifications.tasks.deliver_notifications", "schedule": SWEEP_SECONDS},
    "requeue-stale-exports": {"task": "workplan.tasks.requeue_stale_exports", "schedule": SWEEP_SECONDS},
    "review-reminders": {
        "task": "workplan.tasks.send_review_reminders",
        "schedule": env.float("REMINDER_SECONDS", default=3600.0),
    },
}

# Exports print PDFs with this Chromium (Debian's package by default).
CHROMIUM_PATH = env.str("CHROMIUM_PATH", default="/usr/bin/chromium")
# An export's builder holds its row this long between progress steps; a dead builder's export is taken again after it.
EXPORT_LEASE_SECONDS = env.int("EXPORT_LEASE_SECONDS", default=120)
# An API token stops working this many days after it was made.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)

# Two-step sign-in (members/second_factor.py): steps that cannot be undone or that widen access ask for a new
# code when the last one is older than this many seconds. The app names the portal as the code's issuer.
SECOND_FACTOR_STEP_UP_AGE = env.int("SECOND_FACTOR_STEP_UP_AGE", default=15 * 60)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Commission Portal")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Sign-ins per address (members/signin_delay.py): this many wrong ones in the window are free; past them the
# address gets one attempt per delay, doubling up to the maximum. A delay, never a ban.
SIGNIN_ADDRESS_FREE = env.int("SIGNIN_ADDRESS_FREE", default=10)
SIGNIN_ADDRESS_WINDOW = 15 * 60
SIGNIN_ADDRESS_MAX_DELAY = 60
# How many of one person's exports may wait or be built at once; more are refused with a message, not queued.
EXPORTS_PER_PERSON = env.int("EXPORTS_PER_PERSON", default=3)

# --- REST API ---------------------------------------------------------------

REST_FRAMEWORK = {
    # Closed by default: public endpoints open themselves one by one.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.tokens.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "core.api.ProblemAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "members.tokens.PerTokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="600/minute"),
        "token": env.str("API_TOKEN_RATE", default="10/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.problem_exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "URL_FORMAT_OVERRIDE": "format",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commission Portal API",
    "DESCRIPTION": (
        "The public organisation of the National Commission to Combat Human "
        "Trafficking and its published national work plans."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Demo data --------------------------------------------------------------

# Password of the demo accounts made by `seed_demo`; they can sign in only
# while DEBUG is on (members.backends.PortalBackend).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")
