"""Settings for the defence-cooperation timeline, read from the environment.

Development: ``DEBUG=1`` and nothing else. Production: ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
``DATABASE_URL`` at least; ``python manage.py check --deploy`` must stay clean.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(environ: dict[str, str] | os._Environ) -> dict:
    """The default database: ``DATABASE_URL`` when set, else a SQLite file beside manage.py."""
    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
    return config


TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_config(environ: dict[str, str] | os._Environ) -> dict:
    """Where background tasks run (django-tasks, the backport of Django 6's tasks framework).

    ``TASKS_BACKEND=immediate``, the default, runs a task at once inside the request that enqueues
    it (development, tests, one embedded process); ``database`` queues it in the database for
    ``manage.py db_worker`` to run.
    """
    name = environ.get("TASKS_BACKEND", "").strip().lower() or "immediate"
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {name!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_tasks",
    # The database backend's table of queued tasks and results; installed whichever backend
    # runs, so that switching TASKS_BACKEND needs no other change.
    "django_tasks_db",
    "axes",
    "csp",
    "django_ratelimit",
    "timeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, which serves static files compressed already; above everything that
    # writes the page.
    "timeline.middleware.PublicGZipMiddleware",
    # NUL and other control characters in a query string would reach the database.
    "timeline.middleware.clean_query_string",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each change in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins of a locked-out account before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Only editors log in, through the admin; after a login whose ?next= was refused, land there.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

ROOT_URLCONF = "timeline.urls"
WSGI_APPLICATION = "timeline.wsgi.application"

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

DATABASES = {"default": database_config(os.environ)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from npm (package.json, installed by scripts/setup-assets.sh): only
# the built files the pages load are served, under static/vendor/.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/moment", NODE_MODULES / "moment" / "min"),
    ("vendor/vis-data", NODE_MODULES / "vis-data" / "peer" / "umd"),
    ("vendor/vis-timeline", NODE_MODULES / "vis-timeline" / "peer" / "umd"),
    ("vendor/vis-timeline/styles", NODE_MODULES / "vis-timeline" / "styles"),
]
# Files served at the site's root rather than under STATIC_URL: /favicon.ico, which browsers
# ask for by that name.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain files while developing so that
        # runserver works without collectstatic.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded articles are read in memory and never stored as files; refuse huge requests early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: safe by default when DEBUG is off, adjustable for a TLS-terminating proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "2592000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, images and fonts from this site only; no inline scripts or styles anywhere
# (htmx is told not to add its indicator styles; the admin's own scripts are files). django-csp.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# No page here uses the camera, microphone, location or payment features: deny them to all.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
}
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preloading is a one-way commitment of the whole domain that only the operator can
    # make; it stays opt-in through SECURE_HSTS_PRELOAD.
    "security.W021",
    # django-ratelimit counts in the cache. With the default per-process cache each gunicorn
    # worker counts on its own, so a client gets up to workers × the rate; CACHE_URL (Redis,
    # whose increments are atomic, though not on django-ratelimit's list) makes it exact.
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]

# Editors' logins (django-axes): five wrong passwords in a row lock the account for an hour,
# whoever tries, and so do five from one address whatever the names; a right password is then
# refused too. Lockouts are logged (logger "axes") and listed under "Access attempts" in the
# admin, where an administrator lifts one by deleting it (or manage.py axes_reset_username).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Downloads of whole selections (django-ratelimit): per client address, per minute.
EXPORT_RATE_LIMIT = os.environ.get("EXPORT_RATE_LIMIT", "20/m")
# Behind a reverse proxy every request comes from the proxy: the header in which it passes the
# client's address (e.g. X-Forwarded-For), for the login lockout and the download limit.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
AXES_CLIENT_IP_CALLABLE = "timeline.middleware.client_address"
RATELIMIT_IP_META_KEY = "timeline.middleware.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes narrates every login at INFO; failures and lockouts are warnings and show.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Fetching articles and feeds by URL (admin ingest, polled sources): limits, and whether private
# addresses may be fetched (only tests, which serve pages from 127.0.0.1, turn this on).
FETCH_TIMEOUT_SECONDS = float(os.environ.get("FETCH_TIMEOUT_SECONDS", "10"))
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", str(2 * 1024 * 1024)))
FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES", False)
# Host names, addresses or networks that may be fetched even though private: for tests and
# internal mirrors only (e.g. "127.0.0.1" or "mirror.internal,10.8.0.0/16").
FETCH_ALLOW_HOSTS = env_list("FETCH_ALLOW_HOSTS")
# Names the app to the sites it fetches from; operators may add a contact address.
FETCH_USER_AGENT = os.environ.get(
    "FETCH_USER_AGENT", "defence-timeline/1.0 (defence-cooperation event timeline; news poller)"
).strip()

# Polled sources (RSS and Atom feeds): seconds between two requests to one host, across all
# pollers; entries ingested per poll of a source (the rest wait for the next poll, due at once);
# attempts at an entry that fails before it is given up.
SOURCE_HOST_DELAY_SECONDS = float(os.environ.get("SOURCE_HOST_DELAY_SECONDS", "1"))
SOURCE_ENTRIES_PER_POLL = int(os.environ.get("SOURCE_ENTRIES_PER_POLL", "50"))
SOURCE_ENTRY_ATTEMPTS = int(os.environ.get("SOURCE_ENTRY_ATTEMPTS", "3"))

# Background tasks: fetching an article by URL from the admin runs as a task (see tasks_config).
TASKS = tasks_config(os.environ)

TIMELINE_PAGE_SIZE = int(os.environ.get("TIMELINE_PAGE_SIZE", "25"))


def cache_config(environ: dict[str, str] | os._Environ) -> dict:
    """Per-process memory by default; ``CACHE_URL=redis://host:6379/1`` shares one cache between
    gunicorn workers, so a facet count computed by one serves them all."""
    url = environ.get("CACHE_URL", "").strip()
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// address, not {url!r}.")
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


CACHES = cache_config(os.environ)
# Counts the tallies do not answer are cached per filter; stale after a change or this many seconds
# (timeline/aggregates.py)
TIMELINE_CACHE_SECONDS = int(os.environ.get("TIMELINE_CACHE_SECONDS", "300"))
