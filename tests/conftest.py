"""Shared fixtures: sample articles, users, and a real Chromium for browser tests."""

import importlib
import os
import shutil
from pathlib import Path

import pytest

from tests.factories import PASSWORD, make_user

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told it is safe (it is: the loop is Playwright's, not ours).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached timeline counts must not leak between
    tests, whose rolled-back databases can reuse the same ids. Nor may content types: a
    transactional test that flushes and restores the database (test_backup) gives them new ids,
    and the admin's log would point at ids that no longer exist."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    ContentType.objects.clear_cache()


@pytest.fixture
def reznikov_article() -> bytes:
    return (ARTICLES / "reznikov-nato-integration-2022-10-01.txt").read_bytes()


@pytest.fixture
def zelenskyy_article() -> bytes:
    return (ARTICLES / "zelenskyy-joint-missile-defence-nato-neighbours.txt").read_bytes()


@pytest.fixture
def editor(db):
    return make_user("editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    # Playwright's wait_for_function evaluates strings, which the site's CSP forbids; the policy
    # itself is tested with a context of its own (tests/test_browser_csp.py).
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in_to_admin(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the admin's login form, as an editor does in the browser."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


@pytest.fixture
def migrated_data(transactional_db):
    """The vocabulary and Editors group the data migrations install: an earlier transactional
    test may have flushed them."""
    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    if Group.objects.filter(name="Editors").exists():
        return
    for name, function in [
        ("0002_starter_vocabulary", "install_starter_vocabulary"),
        ("0003_editors_group", "create_editors_group"),
        ("0005_editors_merge_permissions", "grant_merge_permissions"),
    ]:
        migration = importlib.import_module(f"timeline.migrations.{name}")
        getattr(migration, function)(django_apps, None)
