"""Access control, generated from the URL configuration: every URL pattern Django resolves
is classified in `url_policy`, and each class is probed with real records of two trainees
and one person in each admin role. A new URL without a rule fails the first test."""

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from tests.security import url_policy
from tests.security.url_policy import (
    DJANGO_ADMIN,
    OWN_RECORD,
    SIGN_IN_REQUIRED,
    SUPERUSER_ADMIN,
    TRAINING_ADMIN,
    WAGTAIL_ADMIN,
    classified,
    fill,
)
from tests.security.world import World, client_for, records

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = ("/accounts/login/", "/django-admin/login/")


@pytest.fixture
def world():
    return World()


def of(*categories):
    return [(pattern, rule) for pattern, rule in classified() if rule.category in categories]


def url_for(world, pattern, trainee=None):
    return fill(pattern.route, world.values_for(pattern.route, trainee or world.ana))


def sends_to_sign_in(client, response, url, *, posted=False) -> bool:
    """A redirect to a sign-in page that brings the visitor back to `url` afterwards (or,
    for a form's POST, to the page the form is on)."""
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        response = client.get(response["Location"])  # Wagtail's login forwards to allauth's
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    back = parse_qs(location.query).get("next", [""])[0]
    if posted:
        return location.path in SIGN_IN_PAGES and back.startswith("/") and back[1:2] != "/"
    return location.path in SIGN_IN_PAGES and urlsplit(back).path == urlsplit(url).path


def asks_to_sign_in_again(response) -> bool:
    return response.status_code == 403 and "sign in" in response.json()["error"]


def test_every_url_pattern_has_an_access_rule():
    found = classified()
    counts = Counter(rule.category for _, rule in found)
    print(
        f"\n{len(found)} URL patterns classified: "
        + ", ".join(f"{n} {c}" for c, n in counts.items())
    )
    assert len(found) == len(url_policy.url_patterns()) > 300
    used = {id(rule) for _, rule in found}
    stale = [rule.route for rule in url_policy.RULES if id(rule) not in used]
    assert not stale, f"rules that classify no URL any more: {stale}"
    # Every one of the project's own views has a line of its own, not a prefix's.
    assert all(rule.exact for pattern, rule in found if pattern.own)


@override_settings(ROOT_URLCONF="tests.security.extra_urls")
def test_a_new_url_without_a_rule_fails_naming_it():
    with pytest.raises(AssertionError, match=r"learning/new-report/<int:pk>/"):
        classified()


def test_anonymous_visitors_are_sent_to_sign_in_and_back(world):
    client = client_for()
    before = records()
    routes = of(*SIGN_IN_REQUIRED)
    wrong = []
    for pattern, _ in routes:
        url = url_for(world, pattern)
        response, posted = client.get(url), False
        if response.status_code == 405:  # a view that only takes POST
            response, posted = client.post(url), True
        if pattern.route in url_policy.SCRIPT_ENDPOINTS and asks_to_sign_in_again(response):
            continue
        if not sends_to_sign_in(client, response, url, posted=posted):
            wrong.append((pattern.route, response.status_code, response.get("Location")))
    assert not wrong, "\n".join(map(str, wrong))
    assert len(routes) > 280
    assert records() == before


def test_trainees_get_a_403_page_anywhere_in_the_admin(world):
    client = client_for(world.ana.user)
    before = records()
    for pattern, _ in of(TRAINING_ADMIN, WAGTAIL_ADMIN, SUPERUSER_ADMIN):
        url = url_for(world, pattern)
        assert client.get(url).status_code == 403, pattern.route
        assert client.post(url, {"name": "x", "reason": "x"}).status_code == 403, pattern.route
    for pattern, _ in of(DJANGO_ADMIN):
        url = url_for(world, pattern)
        response = client.get(url)
        assert sends_to_sign_in(client, response, url), (pattern.route, response.status_code)
    assert records() == before


def test_a_trainees_own_records_are_found_by_nobody_else(world):
    """The attempt and certificate URLs answer 404 to another trainee and to every admin
    role (who reach records through training administration), as for a code that does not
    exist; only the owner opens them."""
    routes = of(OWN_RECORD)
    assert len(routes) == 5
    before = records()
    intruders = [
        world.ben.user,
        world.author,
        world.reviewer,
        world.training_admin,
        world.superuser,
    ]
    for pattern, rule in routes:
        url = url_for(world, pattern, world.ana)
        for intruder in intruders:
            client = client_for(intruder)
            refused = (404, 405) if pattern.route in url_policy.SCRIPT_ENDPOINTS else (404,)
            assert client.get(url).status_code in refused, (pattern.route, intruder.username)
            if rule.posts:
                response = client.post(url, {"submit": "1", "confirmed": "1"})
                assert response.status_code == 404, (pattern.route, intruder.username)
    assert records() == before
    owner = client_for(world.ana.user)
    for pattern, _ in routes:
        if not pattern.route.endswith("autosave/"):
            assert owner.get(url_for(world, pattern, world.ana)).status_code == 200, pattern.route


TRAINING_ADMIN_POSTS = {
    "reason": "Probing access",
    "extra_attempts": "2",
    "extra_minutes": "0",
    "course": "",
    "name": "Renamed",
}


def test_training_administration_is_for_training_administrators_only(world):
    routes = of(TRAINING_ADMIN)
    assert len(routes) >= 30
    data = {**TRAINING_ADMIN_POSTS, "course": world.course.pk}
    before = records()
    for who in (world.author, world.reviewer, world.ben.user):
        client = client_for(who)
        for pattern, rule in routes:
            url = url_for(world, pattern)
            assert client.get(url).status_code == 403, (pattern.route, who.username)
            if rule.posts:
                assert client.post(url, data).status_code == 403, (pattern.route, who.username)
    assert records() == before
    admin = client_for(world.training_admin)
    for pattern, _ in routes:
        response = admin.get(url_for(world, pattern))
        # (A cohort with members cannot be deleted: its delete page sends back to it.)
        opened = response.status_code in (200, 405) or (
            response.status_code == 302 and response["Location"].startswith("/admin/training/")
        )
        assert opened, (pattern.route, response.status_code)


def denied(response) -> bool:
    """Wagtail refuses with a 403 page, or a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] in ("/admin/", "/admin")
    )


def role_samples(world):
    """A representative URL of each admin area, and the roles that may open it."""
    lesson = world.practice_lesson
    return [
        ("/admin/", {"author", "reviewer", "training_admin"}),
        (f"/admin/pages/{lesson.pk}/edit/", {"author", "reviewer"}),
        (f"/admin/pages/add/courses/modulepage/{world.course.pk}/", {"author"}),
        ("/admin/snippets/courses/reference/add/", {"author"}),
        ("/admin/images/multiple/add/", {"author"}),
        ("/admin/reports/flagged-sources/", {"author", "reviewer", "training_admin"}),
        ("/admin/training/trainees/", {"training_admin"}),
        (f"/admin/training/trainees/{world.ana.user.pk}/", {"training_admin"}),
        ("/admin/training-reports/progress/", {"training_admin"}),
        ("/admin/training-reports/quiz-results/", {"training_admin"}),
        ("/admin/training/certificates/", {"training_admin"}),
        ("/admin/users/", set()),
        (f"/admin/users/edit/{world.ana.user.pk}/", set()),
        ("/admin/groups/", set()),
        ("/admin/sites/", set()),
        ("/admin/workflows/list/", set()),
        ("/admin/collections/", set()),
        ("/admin/redirects/", set()),
    ]


def test_each_admin_role_reaches_only_its_part(world):
    roles = {
        "author": world.author,
        "reviewer": world.reviewer,
        "training_admin": world.training_admin,
    }
    clients = {name: client_for(user) for name, user in roles.items()}
    superuser = client_for(world.superuser)
    for url, allowed in role_samples(world):
        assert superuser.get(url).status_code == 200, url
        for name, client in clients.items():
            response = client.get(url)
            if name in allowed:
                assert response.status_code == 200, (url, name, response.status_code)
            else:
                assert denied(response), (url, name, response.status_code)
