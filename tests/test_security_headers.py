"""The headers that tell browsers what Pathway's pages may do: a Content-Security-Policy
without inline script on the site (a relaxed one for the admin), a Permissions-Policy, the
Referrer-Policy, HSTS and cookie flags in production, and `private, no-store` on personal
pages. Also: no template or script of the site relies on what the policy forbids."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.accounts_helpers import PASSWORD, trainee
from tests.factories import lessons_of, make_course, make_trainee, make_user
from tests.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def directives(response, header="Content-Security-Policy") -> dict[str, list[str]]:
    policy = {}
    for part in response[header].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


@pytest.fixture
def reader():
    course = make_course(modules=1, lessons_per_module=1)
    client = Client()
    client.force_login(make_trainee(enrolled_in=course))
    return course, lessons_of(course)[0], client


def test_site_pages_allow_scripts_from_the_site_only(reader):
    course, lesson, client = reader
    for url in ["/", course.url, lesson.url, "/learning/", "/accounts/login/", "/search/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert not any("unsafe" in value for value in policy.get("default-src", []))


def test_anonymous_pages_and_errors_carry_the_policy_too():
    client = Client()
    for url, status in [("/accounts/login/", 200), ("/no-such-page/", 404)]:
        response = client.get(url)
        assert response.status_code == status
        assert directives(response)["script-src"] == ["'self'"]


def test_the_admin_has_its_own_relaxed_policy_and_no_more():
    admin = make_user("boss", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's admin needs it
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_every_page_has_a_permissions_and_referrer_policy(reader):
    course, lesson, client = reader
    for response in (client.get(lesson.url), Client().get("/accounts/login/")):
        features = dict(
            item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_personal_pages_are_never_stored(reader):
    course, lesson, client = reader
    for url in [
        "/learning/",
        "/learning/transcript/",
        "/accounts/profile/",
        "/accounts/password/change/",
        lesson.url,
        course.url,
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_the_sign_in_page_is_not_stored_but_public_pages_for_visitors_may_be(reader):
    course, lesson, client = reader
    visitor = Client()
    assert "no-store" in visitor.get("/accounts/login/")["Cache-Control"]
    assert "no-store" not in visitor.get(course.url).get("Cache-Control", "")


def test_the_session_cookie_is_http_only_and_same_site_lax():
    user = trainee(email="ann@example.com")
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    csrf = client.get("/accounts/login/").cookies.get(settings.CSRF_COOKIE_NAME)
    if csrf is not None:
        assert csrf["samesite"] == "Lax"


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_over_https_hsts_is_sent_and_cookies_are_secure():
    user = trainee(email="ann@example.com")
    client = Client()
    page = client.get("/accounts/login/", secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, secure=True
    )
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"]


def test_production_hsts_is_on_with_subdomains_and_configurable():
    show = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)"
    )
    default = manage(
        "shell", "--settings=cms.settings.production", "-c", show, env_overrides=PRODUCTION_ENV
    )
    assert default.stdout.split()[-6:] == ["31536000", "True", "True", "True", "True", "Lax"]
    changed = manage(
        "shell",
        "--settings=cms.settings.production",
        "-c",
        show,
        env_overrides={
            **PRODUCTION_ENV,
            "SECURE_HSTS_SECONDS": "600",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
            "SECURE_HSTS_PRELOAD": "false",
        },
    )
    assert changed.stdout.split()[-6:-3] == ["600", "False", "False"], changed.stderr


# -- nothing on the site needs what the policy forbids ----------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def site_templates():
    # The admin's own templates are served under the admin's policy.
    return [
        path
        for path in (ROOT / "templates").rglob("*.html")
        if "/admin/" not in str(path) and "/wagtailusers/" not in str(path)
    ]


def test_no_site_template_has_inline_script_handlers_or_script_urls():
    templates = site_templates()
    assert len(templates) > 50
    offenders = [
        f"{path.relative_to(ROOT)}: {pattern.pattern}"
        for path in templates
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, SCRIPT_URL)
        if pattern.search(path.read_text())
    ]
    assert offenders == []


def test_no_site_script_evaluates_strings_or_writes_inline_handlers():
    scripts = list((ROOT / "static").rglob("*.js"))
    assert scripts
    for path in scripts:
        text = path.read_text()
        assert not re.search(r"\beval\(|new Function\(|setAttribute\(\"on", text), path
