"""Injection: markup and script typed into every field a trainee, an author or an
administrator fills (names, rich text, quiz prompts, choices and feedback, references,
evaluation answers, cohort names and CSV imports, reasons) is inert wherever it is shown:
trainee pages, the admin, the certificate PDF, and the CSV and XLSX exports (where a cell a
spreadsheet would run as a formula is neutralised). Pages are parsed, not searched."""

import csv
import io
from html import escape

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.learning.models import Cohort, CohortImport, CohortMembership, QuizOverride
from courses.learning.services.attempts import start_attempt
from courses.learning.services.enrolment import enrol
from courses.learning.spreadsheet_cells import FORMULA_STARTS
from courses.models import LessonPage, ModulePage
from courses.roles import ensure_roles
from tests.certificate_helpers import (
    GOOD_ANSWERS,
    certificate_course,
    earn_certificate,
    evaluate,
    final_test,
    finish_lessons,
    pdf_text,
    take_final_test,
)
from tests.factories import (
    choice,
    course_index,
    lessons_of,
    make_course,
    make_editor,
    make_quiz,
    make_reference,
    make_trainee,
)
from tests.quiz_helpers import all_wrong, submit
from tests.security.world import client_for

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{BREAKOUT}"
JAVASCRIPT_URL = "javascript:alert(1)"
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+SUM(1,1)", "-2+3", "@SUM(1)"]
# What the editor stores when an author types the payloads (escaped text, a link), and raw
# tags such as a data file could hold.
RICH_TEXT = (
    f"<p>Safe words {escape(PAYLOAD)}</p>"
    f'<p><a href="{JAVASCRIPT_URL}">a link</a></p>'
    f'{SCRIPT}<p><img src="x" onerror="alert(1)"/></p>'
)


def injected(html: str) -> list[str]:
    """Any element or attribute the payloads would have created, in the parsed page."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name == "script" and "alert(1)" in element.get_text():
            found.append(f"a script element: {element}")
        if element.name == "img" and element.get("src") == "x":
            found.append(f"an injected image: {element}")
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") and "alert(1)" in text:
                found.append(f"an event handler: {element}")
            if name in ("href", "src", "action", "formaction") and text.strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"a javascript: link: {element}")
    return found


def page_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


class Site:
    """Everything filled with payloads: the course and its content by an author, trainees
    named with markup and with formulas, their records, and the administrators' entries."""

    def __init__(self):
        ensure_roles(course_index())
        self.reference = make_reference(title=f"A trial {PAYLOAD}", authors=f"Doe J {PAYLOAD}")
        self.course = certificate_course(
            title=f"Course {PAYLOAD}", summary=f"Summary {PAYLOAD}", slug="course-payload"
        )
        lesson = lessons_of(self.course)[0]
        lesson.title = f"Lesson {PAYLOAD}"
        lesson.body = [
            ("heading", {"text": f"Heading {PAYLOAD}", "level": "h2"}),
            ("text", RICH_TEXT),
            ("citation", {"reference": self.reference, "locator": f"p. 4 {PAYLOAD}"}),
        ]
        lesson.save_revision().publish()
        self.lesson = LessonPage.objects.get(pk=lesson.pk)
        practice = make_course(modules=1, lessons_per_module=1, title=f"Practice {PAYLOAD}")
        module = ModulePage.objects.child_of(practice).get()
        self.quiz = make_quiz(
            module,
            title=f"Quiz {PAYLOAD}",
            max_attempts=3,
            questions=[
                (
                    "single_choice",
                    {
                        "prompt": f"Prompt {PAYLOAD}",
                        "choices": [
                            choice(f"Right {PAYLOAD}", True, f"Right feedback {PAYLOAD}"),
                            choice(f"Wrong {PAYLOAD}", False, f"Wrong feedback {PAYLOAD}"),
                        ],
                        "explanation": f"Explanation {PAYLOAD}",
                        "points": 1,
                        "tags": [],
                        "citations": [self.reference],
                    },
                )
            ],
        )
        self.trainee = make_trainee(
            "mal", enrolled_in=self.course, full_name=f"Mal {PAYLOAD}", licence_number=PAYLOAD
        )
        self.certificate = earn_certificate(self.trainee, self.course)
        enrol(self.trainee, practice)
        self.trainee_client = client_for(self.trainee)
        attempt, _ = start_attempt(self.trainee, self.quiz, self.quiz.step_state(self.trainee))
        self.attempt = submit(self.trainee_client, attempt, all_wrong(attempt))
        self.formula_trainees = []
        for n, formula in enumerate(FORMULAS):
            user = make_trainee(f"formula{n}", enrolled_in=self.course, full_name=formula)
            finish_lessons(user, self.course)
            take_final_test(user, self.course)
            evaluate(user, self.course, {**GOOD_ANSWERS, "comments": formula})
            self.formula_trainees.append(user)
        self.admin = make_editor("superuser")
        self.admin_client = client_for(self.admin)
        self.cohort = Cohort.objects.create(name=f"Cohort {PAYLOAD}", course_id=self.course.pk)
        CohortMembership.objects.create(cohort=self.cohort, user=self.trainee)
        QuizOverride.objects.create(
            user=self.trainee,
            quiz_id=self.quiz.pk,
            extra_attempts=1,
            reason=f"Reason {PAYLOAD}",
            granted_by=self.admin,
        )
        rows = [
            "email,full name,profession",
            f'new.one@example.org,"New {PAYLOAD.replace(chr(34), chr(34) * 2)}",Psychologist',
            f"{FORMULAS[0].replace(chr(34), '')}@example.org,{FORMULAS[1]},Nurse",
        ]
        response = self.admin_client.post(
            f"/admin/training/cohorts/{self.cohort.pk}/import/",
            {"file": SimpleUploadedFile("cohort.csv", "\n".join(rows).encode())},
        )
        assert response.status_code == 302, response.status_code
        self.cohort_import = CohortImport.objects.get()


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    # Built once for the module's tests and torn down at its end (in a transaction).
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Site()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def assert_inert(client, url, *, shows_payload=True):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert not injected(html), (url, injected(html))
    if shows_payload:  # the text is there, shown as text
        assert "alert(1)" in page_text(html), url
    return html


def trainee_pages(site):
    return [
        site.course.url,
        site.lesson.url,
        site.quiz.url,
        f"/learning/attempts/{site.attempt.public_id}/",
        "/learning/",
        "/learning/transcript/",
        "/accounts/profile/",
        f"/learning/certificates/{site.certificate.code}/",
        f"/certificates/{site.certificate.code}/",
        "/search/?q=Lesson",
    ]


def admin_pages(site):
    trainee = site.trainee.pk
    course = site.course.pk
    return [
        "/admin/training/trainees/",
        f"/admin/training/trainees/{trainee}/",
        f"/admin/training/attempts/{site.attempt.pk}/",
        "/admin/training/certificates/",
        f"/admin/training/evaluations/{course}/",
        f"/admin/training/cohorts/inspect/{site.cohort.pk}/",
        "/admin/training/cohorts/",
        f"/admin/training/imports/{site.cohort_import.pk}/",
        f"/admin/training-reports/progress/?course={course}",
        f"/admin/training-reports/quiz-results/?quiz={site.quiz.pk}",
        f"/admin/training-reports/item-analysis/?quiz={site.quiz.pk}",
        "/admin/users/",
        "/admin/snippets/courses/reference/",
        f"/admin/pages/{site.lesson.pk}/edit/",
        f"/admin/pages/{site.quiz.pk}/edit/",
        f"/admin/pages/{course}/",
    ]


def test_payloads_are_inert_on_trainee_pages(site):
    for url in trainee_pages(site):
        assert_inert(site.trainee_client, url, shows_payload=not url.startswith("/search/"))


def test_rich_text_keeps_its_words_and_loses_its_script(site):
    html = assert_inert(site.trainee_client, site.lesson.url)
    assert "Safe words" in page_text(html)


def test_payloads_are_inert_in_the_admin(site):
    for url in admin_pages(site):
        assert_inert(site.admin_client, url, shows_payload=url != "/admin/users/")


def test_the_certificate_pdf_carries_the_name_as_text_and_no_script(site):
    response = site.trainee_client.get(f"/learning/certificates/{site.certificate.code}/pdf/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    for action in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"javascript:"):
        assert action not in data
    assert "Mal <script>alert(1)</script>" in " ".join(pdf_text(data).split())


def export_cells(site, url) -> list[str]:
    response = site.admin_client.get(url)
    assert response.status_code == 200, url
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if "xlsx" in url:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True).active
        return [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def test_exports_neutralise_every_cell_a_spreadsheet_would_run(site):
    course, quiz = site.course.pk, site.quiz.pk
    final = final_test(site.course).pk
    exports = [
        f"/admin/training-reports/progress/?course={course}&export={kind}"
        for kind in ("csv", "xlsx")
    ]
    exports += [
        f"/admin/training-reports/quiz-results/?quiz={final}&export={kind}"
        for kind in ("csv", "xlsx")
    ]
    exports += [f"/admin/training-reports/item-analysis/?quiz={quiz}&export=csv"]
    exports += [f"/admin/training/certificates/?export={kind}" for kind in ("csv", "xlsx")]
    exports += [f"/admin/training/evaluations/{course}/?export=csv"]
    seen = set()
    for url in exports:
        cells = [cell for cell in export_cells(site, url) if isinstance(cell, str)]
        running = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        assert not running, (url, running)
        seen |= {formula for formula in FORMULAS for cell in cells if cell == f"'{formula}"}
    # The formulas were in the exports, neutralised (names, and evaluation comments).
    assert seen == set(FORMULAS)


def test_the_transcript_csv_neutralises_formulas():
    course = certificate_course(title="=cmd|' /C calc'!A0")
    trainee = make_trainee("fx", enrolled_in=course, full_name="@SUM(1)")
    earn_certificate(trainee, course)
    response = client_for(trainee).get("/learning/transcript/csv/")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=cmd|' /C calc'!A0" in cells
