"""Bulk enrolment of a cohort from a CSV file: the preview says row by row what will happen
and saves nothing; confirming does it once (running it twice enrols once); a malformed file
gets a clear reason and changes nothing."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.learning import audit
from courses.learning.cohort_csv import CsvFileError, decode, read
from courses.learning.models import CohortImport, CohortMembership, Enrolment
from courses.learning.services.enrolment import unenrol_trainee
from tests.factories import make_trainee
from tests.training_admin_helpers import World, signed_in

pytestmark = pytest.mark.django_db
User = get_user_model()

GOOD = (
    "email,full name,profession\n"
    "new.person@example.org,Nora New,Nurse\n"
    "ben@example.com,Ben Other,psychologist\n"
    "ana@example.org,Ana López,Psychologist\n"
    "not-an-email,Bad Row,Nurse\n"
)


@pytest.fixture
def world():
    return World()


@pytest.fixture
def admin(world):
    return signed_in(world.admin)


def upload(client, cohort, text, *, name="cohort.csv", raw=None):
    data = raw if raw is not None else text.encode("utf-8")
    return client.post(
        reverse("training_cohort_import", args=[cohort.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def records():
    return (
        User.objects.count(),
        list(Enrolment.objects.order_by("pk").values()),
        list(CohortMembership.objects.order_by("pk").values()),
        len(mail.outbox),
    )


def cells(response):
    """The preview table's rows as text: the header first, then one per row of the file."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = next(t for t in soup.find_all("table") if t.caption and "Each row" in t.caption.text)
    return [" ".join(row.get_text(" ").split()) for row in table.find_all("tr")]


def test_the_preview_shows_each_row_and_saves_nothing(world, admin):
    before = records()
    response = upload(admin, world.cohort, GOOD)
    assert response.status_code == 302
    preview = admin.get(response["Location"])
    rows = cells(preview)
    assert "New account: invited by email to set a password" in rows[1]
    assert "Existing account: enrolled" in rows[2]
    assert "Already enrolled and in the cohort: nothing to do" in rows[3]
    assert "Invalid: left out" in rows[4] and "“not-an-email” is not an email address." in rows[4]
    assert "Confirm: import 2 trainees" in preview.content.decode()
    assert records() == before
    assert CohortImport.objects.get().confirmed_at is None


def test_confirming_enrols_invites_and_is_idempotent(world, admin):
    location = upload(admin, world.cohort, GOOD)["Location"]
    done = admin.post(location, follow=True)
    assert "Imported: 1 invited, 1 enrolled, 0 added to the cohort, 1 already there" in (
        done.content.decode()
    )
    nora = User.objects.get(email="new.person@example.org")
    assert (nora.full_name, nora.profession, nora.has_usable_password()) == (
        "Nora New",
        "nurse",
        False,
    )
    ben = User.objects.get(email="ben@example.com")
    for trainee in (nora, ben):
        assert Enrolment.objects.get(user=trainee).course_id == world.course.pk
        assert CohortMembership.objects.filter(cohort=world.cohort, user=trainee).exists()
    assert [message.to for message in mail.outbox] == [["new.person@example.org"]]
    after = records()

    # The same confirmation again, and the same file uploaded and confirmed again.
    again = admin.post(location, follow=True)
    assert "nothing was changed now" in again.content.decode()
    second = upload(admin, world.cohort, GOOD)["Location"]
    preview = admin.get(second)
    assert "There is nothing to import." in preview.content.decode()
    admin.post(second)
    assert records() == after

    entries = ModelLogEntry.objects.for_instance(nora).values_list("action", flat=True)
    assert set(entries) == {audit.INVITE, audit.ENROL, audit.COHORT_JOIN}
    cohort_log = ModelLogEntry.objects.for_instance(world.cohort).filter(action=audit.COHORT_IMPORT)
    assert cohort_log.count() == 1 and cohort_log.get().user == world.admin


def test_the_invitation_sets_a_password_and_signs_in(world, admin):
    admin.post(upload(admin, world.cohort, GOOD)["Location"])
    (message,) = mail.outbox
    assert "Foundations" in message.subject
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)
    visitor = Client()
    form = visitor.get(link.group(1), follow=True)
    assert form.status_code == 200
    password = "a-new-password-4471"
    response = visitor.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.org").check_password(password)


def test_an_unenrolled_trainee_is_enrolled_again(world, admin):
    unenrol_trainee(world.enrolment, reason="Paused", by=world.admin)
    location = upload(admin, world.cohort, "email,full name,profession\nANA@example.org,,\n")[
        "Location"
    ]
    rows = cells(admin.get(location))
    assert "Existing account: enrolled again" in rows[1]
    admin.post(location)
    world.enrolment.refresh_from_db()
    assert world.enrolment.unenrolled_at is None


@pytest.mark.parametrize(
    "text, reason",
    [
        ("email,name\na@example.org,A\n", "missing: profession"),
        ("mail,who,job\na@example.org,A,Nurse\n", "missing: email, full name, profession"),
        ("email,full name,profession\n", "a header row but no trainees"),
        ("", "The submitted file is empty."),
        ("\n\n,,\n", "The file is empty."),
        ("email,email,full name,profession\n", "appears twice"),
    ],
)
def test_a_file_with_the_wrong_columns_is_refused_with_its_reason(world, admin, text, reason):
    before = records()
    response = upload(admin, world.cohort, text)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert records() == before and not CohortImport.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(world, admin):
    latin1 = "email,full name,profession\nzoe@example.org,Zoë Ñúñez,Nurse\n".encode("latin-1")
    response = upload(admin, world.cohort, "", raw=latin1)
    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()
    assert not CohortImport.objects.exists()


def test_ten_thousand_rows_are_refused_with_a_clear_reason(world, admin):
    rows = "".join(f"t{n}@example.org,Trainee {n},Nurse\n" for n in range(10_000))
    response = upload(admin, world.cohort, "email,full name,profession\n" + rows)
    assert response.status_code == 400
    assert "The file has 10,000 rows; at most 500 can be imported at once" in (
        response.content.decode()
    )
    assert not CohortImport.objects.exists()
    assert not User.objects.filter(email="t1@example.org").exists()


def test_bad_rows_are_listed_with_their_reasons(world, admin):
    text = (
        "Email;Full_Name;Profession;Notes\n"
        "dup@example.org;Dee Up;Nurse;first\n"
        "DUP@example.org;Dee Up;Nurse;second\n"
        'eq@example.org;=HYPERLINK("http://x");Nurse;\n'
        "at@example.org;@SUM(A1);Nurse;\n"
        "prof@example.org;Pat Prof;Astronaut;\n"
        "noname@example.org;;Nurse;\n"
        "short@example.org;Shorty\n"
        " ok@example.org ; Olga  Okay ; counsellor or psychotherapist ;\n"
    )
    location = upload(admin, world.cohort, text)["Location"]
    preview = admin.get(location)
    rows = cells(preview)
    assert "Columns not used: Notes" in preview.content.decode()
    assert "New account" in rows[1]
    assert "The same address as line 2." in rows[2]
    assert "spreadsheets run as a formula" in rows[3]
    assert "spreadsheets run as a formula" in rows[4]
    assert "“Astronaut” is not a profession here" in rows[5]
    assert "A new account needs the trainee's full name." in rows[6]
    assert "This row has 2 cells; the first row has 4." in rows[7]
    assert "New account" in rows[8] and "Olga Okay" in rows[8]
    before = records()
    admin.post(location)
    assert User.objects.count() == before[0] + 2
    olga = User.objects.get(email="ok@example.org")
    assert olga.profession == "counsellor_psychotherapist"
    assert not User.objects.filter(full_name__startswith="=").exists()


def test_a_deactivated_account_is_not_enrolled(world, admin):
    make_trainee("gone", email="gone@example.org", full_name="Gone Away", is_active=False)
    location = upload(admin, world.cohort, "email,full name,profession\ngone@example.org,,\n")[
        "Location"
    ]
    assert "deactivated" in cells(admin.get(location))[1]
    assert "There is nothing to import." in admin.get(location).content.decode()


def test_the_confirmation_trusts_only_the_kept_file(world, admin):
    location = upload(admin, world.cohort, GOOD)["Location"]
    # Whatever else is posted is ignored: only the kept file is imported.
    admin.post(location, {"content": "email,full name,profession\nevil@example.org,Evil,Nurse\n"})
    assert not User.objects.filter(email="evil@example.org").exists()
    assert User.objects.filter(email="new.person@example.org").exists()


def test_reading_a_file_is_plain_and_checks_every_row():
    content = read(decode(b"\xef\xbb\xbfemail,full name,profession\nx@example.org,X Y,Nurse\n"))
    (row,) = content.rows
    assert (row.email, row.full_name, row.profession, row.problems) == (
        "x@example.org",
        "X Y",
        "nurse",
        [],
    )
    with pytest.raises(CsvFileError, match="binary"):
        decode(b"email\x00,full name\n")
    with pytest.raises(CsvFileError, match="limit is 1 MB"):
        decode(b"x" * 1_000_001)
