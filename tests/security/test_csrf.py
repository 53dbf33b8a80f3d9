"""CSRF: a POST without the form's token is refused with a 403 and changes nothing, on every
URL pattern of the site (so on every state-changing form, the project's, Wagtail's,
allauth's and the Django admin's), for the people who may use each form."""

import pytest

from tests.security.url_policy import ACCOUNT, OWN_RECORD, SIGNED_IN, classified, fill
from tests.security.world import World, client_for, records

pytestmark = pytest.mark.django_db

# Views that take no token, and why. None do today.
EXEMPT: dict[str, str] = {}


@pytest.fixture
def world():
    return World()


def refused_for_csrf(response) -> bool:
    """Django's refusal, or the admin API's (Django REST framework checks the token itself)."""
    return response.status_code == 403 and (
        b"CSRF verification failed" in response.content or b"CSRF Failed" in response.content
    )


def probe(client, world, patterns, trainee):
    """POST, without a token, to each pattern (as `trainee`'s records): what was not refused."""
    through = []
    for pattern, _ in patterns:
        if pattern.route in EXEMPT:
            continue
        url = fill(pattern.route, world.values_for(pattern.route, trainee))
        response = client.post(url, {"name": "Forged", "reason": "Forged", "submit": "1"})
        if not refused_for_csrf(response):
            through.append((pattern.route, response.status_code))
    return through


def test_every_url_refuses_a_post_without_a_token_even_for_a_superuser(world):
    patterns = classified()
    before = records()
    through = probe(
        client_for(world.superuser, enforce_csrf_checks=True), world, patterns, world.ana
    )
    assert not through, "\n".join(map(str, through))
    assert records() == before
    print(f"\nCSRF: {len(patterns) - len(EXEMPT)} URL patterns refuse a POST without a token")


def test_a_trainees_forms_refuse_a_post_without_a_token(world):
    """The owner's own forms (their attempt, enrolment, evaluation, profile...), as the
    owner: a forged POST from another site changes none of their records."""
    patterns = [(p, r) for p, r in classified() if r.category in (SIGNED_IN, OWN_RECORD)]
    before = records()
    through = probe(
        client_for(world.ana.user, enforce_csrf_checks=True), world, patterns, world.ana
    )
    assert not through, "\n".join(map(str, through))
    assert records() == before


def test_sign_in_sign_up_and_reset_refuse_a_post_without_a_token(world):
    patterns = [(p, r) for p, r in classified() if r.category == ACCOUNT]
    before = records()
    through = probe(client_for(enforce_csrf_checks=True), world, patterns, world.ana)
    assert not through, "\n".join(map(str, through))
    assert records() == before


def test_the_same_post_with_the_token_goes_through(world):
    """The probe is not refusing everything: with the page's token, a trainee's form works."""
    client = client_for(world.ben.user, enforce_csrf_checks=True)
    client.get("/accounts/profile/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/profile/",
        {"csrfmiddlewaretoken": token, "full_name": "Ben Changed", "profession": "nurse"},
    )
    assert response.status_code == 302
    world.ben.user.refresh_from_db()
    assert world.ben.user.full_name == "Ben Changed"
