"""Settings come from the environment: SQLite by default, PostgreSQL from DATABASE_URL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from timeline.settings import BASE_DIR, cache_config, database_config

ROOT = Path(__file__).resolve().parent.parent


def test_without_database_url_the_database_is_a_sqlite_file_beside_manage_py():
    config = database_config({})
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == BASE_DIR / "db.sqlite3"


def test_database_url_selects_postgresql():
    config = database_config({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/timeline"})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == (
        "timeline",
        "postgres",
        "127.0.0.1",
        5432,
    )
    assert config["CONN_HEALTH_CHECKS"] is True


def run_settings(**environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(environ)
    code = "import timeline.settings as s; print(s.DEBUG, s.STORAGES['staticfiles']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings()
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_runs_without_a_secret_key_and_serves_plain_static_files():
    result = run_settings(DEBUG="1")
    assert result.stdout.split() == [
        "True",
        "django.contrib.staticfiles.storage.StaticFilesStorage",
    ]


def test_production_serves_compressed_hashed_static_files():
    result = run_settings(SECRET_KEY="x" * 60)
    assert result.stdout.split() == [
        "False",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_the_cache_is_per_process_unless_a_redis_url_is_given():
    assert cache_config({})["default"]["BACKEND"].endswith("LocMemCache")
    shared = cache_config({"CACHE_URL": "redis://127.0.0.1:6379/1"})["default"]
    assert shared == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


def test_an_unknown_cache_url_is_refused_clearly():
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        cache_config({"CACHE_URL": "memcached://127.0.0.1"})
