"""Test settings: production settings with a fixed key and plain HTTP."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")

from timeline.settings import *  # noqa: F403
from timeline.settings import tasks_config

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FETCH_ALLOW_PRIVATE_ADDRESSES = False
# Serve static files from the source folders, as in development: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Background tasks run at once, inside the request, whatever TASKS_BACKEND says.
TASKS = tasks_config({})
FETCH_ALLOW_HOSTS: list[str] = []
# Polling tests serve every feed from 127.0.0.1: no pause between requests unless a test asks.
SOURCE_HOST_DELAY_SECONDS = 0
