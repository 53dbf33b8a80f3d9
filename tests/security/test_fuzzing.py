"""Property-based fuzzing of every form and POST endpoint: malformed, oversized, wrongly
typed, unicode and NUL values in each form's fields (read from the rendered form, plus those
the view is known to read), sent by whoever the form is for. The site never answers 500,
and the training records stay whole after every request.

Every URL `url_policy` marks as changing something on POST must have an entry here, and so
must allauth's forms. The examples are derandomised, so every run sends the same requests;
`PATHWAY_FUZZ_EXAMPLES` sets how many per endpoint (25 by default)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.learning.models import (
    Certificate,
    CourseCompletion,
    Enrolment,
    EthicsAttestation,
    EvaluationResponse,
    QuizAttempt,
)
from courses.learning.services.attempts import start_attempt
from tests.certificate_helpers import finish_lessons, take_final_test
from tests.factories import make_trainee
from tests.security.url_policy import fill, posting_routes
from tests.security.world import World, client_for

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PATHWAY_FUZZ_EXAMPLES", "25"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@dataclass(frozen=True)
class Endpoint:
    route: str
    who: str  # "cara" (a trainee part way through), "anonymous", "training_admin", "superuser"
    form_page: str | None = None  # a route (filled like `route`) whose page shows the form
    fields: tuple[str, ...] = ()  # fields the view reads, besides those on the page
    files: tuple[str, ...] = ()


ENDPOINTS = [
    Endpoint("learning/enrol/<id:course_id>/", "cara"),
    Endpoint("learning/complete/<id:lesson_id>/", "cara"),
    Endpoint("learning/check/<id:lesson_id>/<str:block_id>/", "cara", fields=("choice",)),
    Endpoint("learning/quizzes/<id:quiz_id>/start/", "cara"),
    Endpoint("learning/notes/<id:lesson_id>/<str:block_id>/", "cara", fields=("text",)),
    Endpoint(
        "learning/attempts/<uuid:public_id>/",
        "cara",
        form_page="learning/attempts/<uuid:public_id>/",
        fields=("submit", "confirmed"),
    ),
    Endpoint(
        "learning/attempts/<uuid:public_id>/submit/",
        "cara",
        form_page="learning/attempts/<uuid:public_id>/submit/",
        fields=("confirmed",),
    ),
    Endpoint(
        "learning/attempts/<uuid:public_id>/autosave/",
        "cara",
        form_page="learning/attempts/<uuid:public_id>/",
    ),
    Endpoint(
        "learning/ethics/<id:course_id>/",
        "cara",
        form_page="learning/ethics/<id:course_id>/",
        fields=("full_name",),
    ),
    Endpoint("learning/evaluation/<id:page_id>/", "cara", form_page="evaluation"),
    Endpoint("accounts/profile/", "cara", form_page="accounts/profile/"),
    Endpoint(
        "accounts/email/",
        "cara",
        form_page="accounts/email/",
        fields=("email", "action_add", "action_primary", "action_send", "action_remove"),
    ),
    Endpoint("accounts/password/change/", "cara", form_page="accounts/password/change/"),
    Endpoint("accounts/login/", "anonymous", form_page="accounts/login/"),
    Endpoint("accounts/signup/", "anonymous", form_page="accounts/signup/"),
    Endpoint("accounts/password/reset/", "anonymous", form_page="accounts/password/reset/"),
    Endpoint(
        "admin/training/trainees/<id:user_id>/enrol/",
        "training_admin",
        form_page="admin/training/trainees/<id:user_id>/enrol/",
    ),
    Endpoint(
        "admin/training/trainees/<id:user_id>/quizzes/<id:quiz_id>/override/",
        "training_admin",
        form_page="admin/training/trainees/<id:user_id>/quizzes/<id:quiz_id>/override/",
    ),
    Endpoint(
        "admin/training/enrolments/<id:enrolment_id>/unenrol/",
        "training_admin",
        form_page="admin/training/enrolments/<id:enrolment_id>/unenrol/",
    ),
    Endpoint(
        "admin/training/attempts/<id:attempt_id>/reopen/",
        "training_admin",
        form_page="admin/training/attempts/<id:attempt_id>/reopen/",
    ),
    Endpoint(
        "admin/training/attempts/<id:attempt_id>/void/",
        "training_admin",
        form_page="admin/training/attempts/<id:attempt_id>/void/",
    ),
    Endpoint(
        "admin/training/cohorts/<id:cohort_id>/import/",
        "training_admin",
        form_page="admin/training/cohorts/<id:cohort_id>/import/",
        files=("file",),
    ),
    Endpoint("admin/training/imports/<id:import_id>/", "training_admin"),
    Endpoint(
        "admin/training/certificates/<int:pk>/revoke/",
        "training_admin",
        form_page="admin/training/certificates/<int:pk>/revoke/",
        fields=("reason",),
    ),
    Endpoint(
        "admin/training/cohorts/new/", "training_admin", form_page="admin/training/cohorts/new/"
    ),
    Endpoint(
        "admin/training/cohorts/edit/<int:pk>/",
        "training_admin",
        form_page="admin/training/cohorts/edit/<int:pk>/",
    ),
    Endpoint("admin/training/cohorts/delete/<int:pk>/", "training_admin"),
    Endpoint(
        "admin/course-packages/",
        "superuser",
        form_page="admin/course-packages/",
        files=("package",),
    ),
    Endpoint("admin/course-packages/import/", "superuser", fields=("token", "publish")),
]
BY_ROUTE = {endpoint.route: endpoint for endpoint in ENDPOINTS}

ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "1e309",
    "NaN",
    "null",
    "[]",
    '{"a": 1}',
    "true",
    "\u202etxt.exe",
    "🧪" * 50,
    "x" * 100_000,
    "9" * 400,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "00000000-0000-4000-8000-000000000000",
]
ONE_VALUE = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats().map(str),
)
VALUE = st.one_of(ONE_VALUE, st.lists(ONE_VALUE, min_size=2, max_size=3))
UPLOAD = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(lambda text: text.encode("utf-8")),
    st.lists(
        st.tuples(ONE_VALUE, ONE_VALUE, ONE_VALUE).map(lambda row: ",".join(row)),
        max_size=4,
    ).map(lambda rows: ("email,full name,profession\n" + "\n".join(rows)).encode("utf-8")),
)


def form_fields(client, page_url: str, action_url: str) -> dict[str, list[str]]:
    """The fields of the POST forms on `page_url` that submit to `action_url`, each with the
    values the page offers (choices, hidden values)."""
    response = client.get(page_url)
    assert response.status_code == 200, (page_url, response.status_code)
    soup = BeautifulSoup(response.content, "html.parser")
    fields: dict[str, list[str]] = {}
    for form in soup.find_all("form", method=lambda m: (m or "").lower() == "post"):
        action = urlsplit(urljoin(page_url, form.get("action") or page_url)).path
        if action != urlsplit(action_url).path:
            continue
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            offered = fields.setdefault(name, [])
            if element.name == "select":
                offered += [o.get("value", "") for o in element.find_all("option")]
            elif element.get("value") is not None:
                offered.append(element["value"])
    return fields


def record_problems() -> list[str]:
    """What would show a half-saved change: a record that breaks the rules the services keep."""
    problems = []
    for attempt in QuizAttempt.objects.all():
        submitted = attempt.state == QuizAttempt.State.SUBMITTED
        graded = None not in (attempt.score, attempt.max_score, attempt.percent, attempt.passed)
        if submitted != (attempt.submitted_at is not None) or (submitted and not graded):
            problems.append(f"attempt {attempt.pk} is half submitted")
        if not isinstance(attempt.answers, dict):
            problems.append(f"attempt {attempt.pk} has answers {attempt.answers!r}")
    enrolled = set(Enrolment.objects.values_list("user_id", "course_id"))
    for model in (CourseCompletion, EthicsAttestation, EvaluationResponse):
        for user_id, course_id in model.objects.values_list("user_id", "course_id"):
            if (user_id, course_id) not in enrolled:
                problems.append(f"{model.__name__} of user {user_id} without an enrolment")
    for certificate in Certificate.objects.select_related("completion", "enrolment"):
        if (
            not certificate.completion.user_id
            == certificate.enrolment.user_id
            == certificate.user_id
        ):
            problems.append(f"certificate {certificate.pk} joins another trainee's records")
    return problems


@pytest.fixture
def world():
    world = World()
    # Cara is part way: lessons done and the final test passed, her code of ethics and
    # evaluation still open, a practice attempt in progress.
    cara = make_trainee("cara", enrolled_in=world.course, full_name="Cara Díaz")
    finish_lessons(cara, world.course)
    take_final_test(cara, world.course)
    from courses.learning.services.enrolment import enrol

    enrol(cara, world.practice)
    world.cara_attempt, _ = start_attempt(
        cara, world.practice_quiz, world.practice_quiz.step_state(cara)
    )
    world.cara = cara
    return world


def values(world) -> dict:
    values = world.values_for("", world.ana)
    values.update(
        public_id=world.cara_attempt.public_id,
        code=world.ana.certificate.code,
    )
    return values


def test_every_form_and_post_endpoint_is_fuzzed():
    missing = set(posting_routes()) - set(BY_ROUTE)
    assert not missing, f"POST endpoints with no entry in test_fuzzing.ENDPOINTS: {missing}"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.route for e in ENDPOINTS])
def test_no_500_and_nothing_half_saved(world, endpoint):
    user = {
        "cara": world.cara,
        "training_admin": world.training_admin,
        "superuser": world.superuser,
        "anonymous": None,
    }
    client = client_for(user[endpoint.who])
    params = {**values(world), **world_values(world, endpoint.route)}
    url = fill(endpoint.route, params)
    fields = {name: [] for name in endpoint.fields}
    if endpoint.form_page == "evaluation":
        fields.update(form_fields(client, world.evaluation.url, url))
    elif endpoint.form_page:
        fields.update(form_fields(client, fill(endpoint.form_page, params), url))
    names = sorted(set(fields) - set(endpoint.files)) + ["unexpected", "a\x00b"]
    data_strategy = st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(st.sampled_from(fields[name]), VALUE) if fields.get(name) else VALUE
            for name in names
        },
    )
    upload_strategy = st.fixed_dictionaries(
        {
            name: UPLOAD.map(lambda data: SimpleUploadedFile("fuzz.csv", data))
            for name in endpoint.files
        }
    )
    assert not record_problems()
    sent = []

    @FUZZ_SETTINGS
    @given(data=data_strategy, uploads=upload_strategy)
    def post_anything(data, uploads):
        response = client.post(url, {**data, **uploads})
        sent.append(response.status_code)
        assert response.status_code < 500, (data, response.status_code)
        assert not record_problems(), data

    post_anything()
    print(f"\n{endpoint.route}: {len(sent)} fuzzed requests, fields {names}")
    assert len(sent) >= min(EXAMPLES, 10)


def world_values(world, route) -> dict:
    """URL parameters that differ by route (the cohort or the certificate behind `pk`)."""
    found = world.values_for(route, world.ana)
    found["public_id"] = world.cara_attempt.public_id
    if route.startswith("admin/training/trainees/"):
        found["user_id"] = world.cara.pk
    return found


LISTINGS = [
    "admin/training-reports/progress/",
    "admin/training-reports/quiz-results/",
    "admin/training-reports/item-analysis/",
    "admin/training/certificates/",
    "admin/training/trainees/",
    "admin/training/cohorts/",
    "search/",
    "certificates/",
]
QUERY_NAMES = ["course", "quiz", "cohort", "q", "p", "ordering", "export", "status", "code"]


@pytest.mark.parametrize("route", LISTINGS)
def test_listings_and_reports_take_any_query(world, route):
    """The reports' filters, the listings' search, paging and ordering, and the site's
    search: any query string is answered without a 500."""
    client = client_for(world.training_admin)
    url = fill(route)
    sent = []

    @FUZZ_SETTINGS
    @given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(QUERY_NAMES, VALUE)))
    def get_anything(query):
        response = client.get(url, query)
        sent.append(response.status_code)
        assert response.status_code < 500, (query, response.status_code)

    get_anything()
    assert len(sent) >= min(EXAMPLES, 10)
