"""jobtrack settings: one module, every deployment difference read from the environment.

With nothing set, the app runs on the embedded default: SQLite and a filesystem Celery
broker under var/, emails written as files under var/mail/. DEBUG must be switched on
explicitly; without DEBUG, SECRET_KEY is required.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JOBTRACK_VAR_DIR", BASE_DIR / "var"))


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A switch from the environment; a typo is refused rather than read as off."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a switch: use one of "
        f"{', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG")
# The key from SECRET_KEY, else from the file SECRET_KEY_FILE names (docker-compose.yml
# generates one into a volume on first start, so `docker compose up` needs no .env).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_FILE = os.environ.get("SECRET_KEY_FILE", "")
if not SECRET_KEY and SECRET_KEY_FILE:
    try:
        SECRET_KEY = Path(SECRET_KEY_FILE).read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"SECRET_KEY_FILE={SECRET_KEY_FILE!r} cannot be read: {error.strerror}."
        ) from error
# Keys published in this repository's files: anyone could sign sessions with them.
PUBLISHED_SECRET_KEYS = {"change-me-local-compose-only-not-a-secret"}
SECRET_KEY_MIN_LENGTH = 50
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off "
            "(set DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"
elif not DEBUG and (
    SECRET_KEY in PUBLISHED_SECRET_KEYS or "change-me" in SECRET_KEY.lower()
):
    raise ImproperlyConfigured(
        "SECRET_KEY is the example value from docker-compose.yml, which anyone can read: "
        "set a random one, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
elif not DEBUG and len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY is {len(SECRET_KEY)} characters; production needs at least "
        f"{SECRET_KEY_MIN_LENGTH} random ones, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_ratelimit",
    "jobtrack",
    "accounts",
    "applications",
    "letters",
    "exports",
    "reminders",
    "insights",
    "followup",
    "overview",
    "trash",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    # After any write by a signed-in user, their kept pages are stale (jobtrack.pagecache).
    "jobtrack.pagecache.DataChangedMiddleware",
    # After the user is known: signed-in pages and JSON never sit in a shared cache.
    "jobtrack.middleware.NoStoreMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobtrack.urls"
WSGI_APPLICATION = "jobtrack.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A database that hangs or refuses must not hang the site: connecting gives up after
# DATABASE_CONNECT_TIMEOUT, PostgreSQL cancels a statement after DATABASE_STATEMENT_TIMEOUT,
# and the client stops waiting for a silent server a little after that (jobtrack.database).
# 0 switches a limit off (migrations of a large table: DATABASE_STATEMENT_TIMEOUT=0).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 15)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Web queries are short: PostgreSQL's JIT spent 250 ms compiling dashboard queries
    # whose estimated cost was high but which ran in 1 ms (see README, Performance).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        options=f"-c jit=off -c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}",
    )
# Answered with the 503 page while the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = env_int("DATABASE_RETRY_AFTER_SECONDS", 30)

# Bounded work per request: form fields in memory, files in memory, each uploaded file,
# the whole body. Over a limit the user gets the 413 page (jobtrack.views).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
UPLOAD_MAX_FILE_SIZE = env_int("UPLOAD_MAX_FILE_SIZE", 5 * 1024 * 1024)
UPLOAD_MAX_REQUEST_SIZE = env_int("UPLOAD_MAX_REQUEST_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "jobtrack.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "overview:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("FAST_PASSWORD_HASHER"):  # test runs only: hashing is not what they test
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# Sign-in throttling (django-axes): its backend first, so a locked-out pair is refused
# before the password is even checked; the lockout page offers a password reset.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = (
    "username"  # Django's AuthenticationForm posts the email here
)
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

# The client's address, for axes and the rate limits alike (accounts.client_ip): by default
# the TCP peer. Behind N reverse proxies that each append to X-Forwarded-For, set
# TRUSTED_PROXY_COUNT=N so each visitor is counted on their own, not as the proxy's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "accounts.client_ip.client_ip"

# Rate limits (django-ratelimit) on what a stranger can make us send, and on sign-in spraying.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
ACCOUNT_EMAIL_RATE_PER_ADDRESS = os.environ.get("ACCOUNT_EMAIL_RATE_PER_ADDRESS", "3/h")
ACCOUNT_EMAIL_RATE_PER_CLIENT = os.environ.get("ACCOUNT_EMAIL_RATE_PER_CLIENT", "20/h")
SIGNIN_RATE_PER_CLIENT = os.environ.get("SIGNIN_RATE_PER_CLIENT", "30/10m")

# The cache holds those counters, so it must be shared by every web process and increment
# atomically. Redis (INCR) when REDIS_URL is set. Without it (the embedded default) the one
# runserver process serves every request, and local memory is the only built-in cache whose
# increment is atomic (the database and file caches read, add and write back, losing counts
# under concurrency); django-ratelimit's "not shared" check is silenced for that case only.
# A Redis that is down or silent costs each request at most CACHE_TIMEOUT_SECONDS per
# call: sign-in then goes on without its cap, the email pages say "try again" with a 503
# (accounts.throttle).
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5"))
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "jobtrack",
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
    # Django's own Redis cache is not on django-ratelimit's list, but its incr is Redis INCR.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Signed-in pages kept while the user's data is unchanged, for at most this many
# seconds (jobtrack.pagecache); 0 renders every page. The release names the code in
# the keys; empty, a digest of the code's files is used.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
PAGE_CACHE_RELEASE = os.environ.get("RELEASE", "")
# Template fragments that depend on nothing in a request (a blank form card), kept per
# process by the {% cache %} tag: rendered once, never shared, gone with the process.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files where nothing was collected.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Collected files (with their gzip copies) are served even in debug mode (`make run`);
# WhiteNoise would otherwise serve the uncompressed sources from the app folders.
WHITENOISE_USE_FINDERS = DEBUG and not STATIC_MANIFEST

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: SMTP when EMAIL_HOST is set, otherwise files under var/mail/ the user can open.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
    )
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "jobtrack <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when a URL is given, otherwise kombu's filesystem transport under var/.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", REDIS_URL or "filesystem://localhost//"
)
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
# Never lost, never doubled: ack after the task ran, requeue if the worker dies, take one
# message at a time. The visibility timeout (Redis redelivers unacked messages after it)
# is set in all three places Celery reads it, and is far above the time limits, the
# longest retry countdown and the lease, so a running or waiting task is never redelivered.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 90)
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Both directions share one folder: the web, beat and worker processes meet there.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# Beat: one static schedule in UTC; the sweep reads due rows from the database.
REMINDER_SWEEP_SECONDS = float(os.environ.get("REMINDER_SWEEP_SECONDS", "120"))
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "reminders.tasks.reminders_sweep_task",
        "schedule": REMINDER_SWEEP_SECONDS,
        "options": {"expires": REMINDER_SWEEP_SECONDS},
    },
    "trash-purge": {
        "task": "trash.tasks.trash_purge_task",
        "schedule": 60 * 60,
        "options": {"expires": 60 * 60},
    },
    "letter-versions-prune": {
        "task": "letters.tasks.letter_versions_prune_task",
        "schedule": 24 * 60 * 60,
        "options": {"expires": 60 * 60},
    },
}
# Reminders: rows claimed per sweep, the lease a claim holds (far above the task time
# limit, far under the visibility timeout), attempts before giving up, retry backoff.
REMINDER_SWEEP_LIMIT = env_int("REMINDER_SWEEP_LIMIT", 1000)
# Claims per beat tick (each one send task): a backlog drains in one tick, bounded.
REMINDER_SWEEP_ROUNDS = env_int("REMINDER_SWEEP_ROUNDS", 200)
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 5 * 60)
# Every take-over counts (so a row that kills its worker cannot loop forever); 10 covers
# about an hour of mail-server outage at the backoff below, within the interview's day.
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 10)
REMINDER_RETRY_BASE_SECONDS = float(os.environ.get("REMINDER_RETRY_BASE_SECONDS", "30"))
REMINDER_RETRY_MAX_SECONDS = float(os.environ.get("REMINDER_RETRY_MAX_SECONDS", "600"))
REMINDER_UNSUBSCRIBE_MAX_AGE_DAYS = env_int("REMINDER_UNSUBSCRIBE_MAX_AGE_DAYS", 365)
# Beat's state file lives under var/ (not the working directory) in every deployment.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Content-Security-Policy (django-csp 4): our own origin only, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# X-Forwarded-Proto is believed only when the deployment says its proxy sets it: a
# client talking to gunicorn directly could otherwise claim https.
if env_bool("SECURE_PROXY_SETS_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The container's own health probe speaks plain http to 127.0.0.1.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
