"""`setup_demo` builds the flagship course, and running it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Page, Revision

from courses.assessment.grading import grade
from courses.demo import content
from courses.demo.content import load_course
from courses.demo.schema import DemoContentError
from courses.learning.models import (
    Cohort,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
)
from courses.learning.permissions import administers_training
from courses.models import CoursePage, LessonPage, ModulePage, Reference

pytestmark = pytest.mark.django_db
User = get_user_model()


def run_setup_demo(*args) -> str:
    out = io.StringIO()
    call_command("setup_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Everything a repeated run could change: pages, revisions, references."""
    pages = list(
        Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision_id")
    )
    return (
        pages,
        Revision.objects.count(),
        list(Reference.objects.values_list("pk", "title", "status")),
    )


def test_builds_the_flagship_course_as_published_pages_with_revisions():
    output = run_setup_demo()
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    assert course.title == "Psychedelic-Assisted Psychotherapy for Anxiety: Clinical Foundations"
    modules = ModulePage.objects.child_of(course)
    assert modules.count() >= 6
    for module in modules:
        lessons = LessonPage.objects.child_of(module)
        assert 2 <= lessons.count() <= 4, module.title
    for page in Page.objects.type(CoursePage, ModulePage, LessonPage):
        assert page.live and page.latest_revision_id, page.title
        assert not page.has_unpublished_changes, page.title
    assert "username “admin”" in output and "password “pathway-admin”" in output


def test_creates_a_demo_trainee_part_way_through_the_course(client):
    output = run_setup_demo()
    assert "“trainee@pathway.example” and password “pathway-trainee”" in output
    trainee = Enrolment.objects.get(user__username="trainee").user
    assert trainee.full_name and trainee.profession == "psychologist"
    assert LessonCompletion.objects.filter(user=trainee).count() == 2
    assert client.login(username="trainee", password="pathway-trainee")
    course = CoursePage.objects.get()
    assert "Continue where you left off" in client.get(course.url).content.decode()


def test_second_run_changes_nothing():
    run_setup_demo()
    before = snapshot()
    output = run_setup_demo()
    assert snapshot() == before
    assert "0 created, 0 updated" in output


def test_keeps_an_administrators_later_edit_unless_asked_to_overwrite(django_user_model):
    run_setup_demo()
    editor = django_user_model.objects.get(username="admin")
    lesson = LessonPage.objects.get(slug="therapeutic-model-preparation")
    lesson.title = "Preparation (edited by our clinical lead)"
    lesson.save_revision(user=editor).publish(user=editor)

    output = run_setup_demo()
    lesson.refresh_from_db()
    assert lesson.title == "Preparation (edited by our clinical lead)"
    assert "0 created, 0 updated" in output
    assert "lesson page therapeutic-model-preparation" in output  # named as kept

    run_setup_demo("--overwrite")
    lesson.refresh_from_db()
    assert lesson.title != "Preparation (edited by our clinical lead)"


def test_recreates_a_lesson_that_is_missing():
    run_setup_demo()
    LessonPage.objects.get(slug="therapeutic-model-integration").delete()
    output = run_setup_demo()
    assert LessonPage.objects.filter(slug="therapeutic-model-integration", live=True).exists()
    assert "1 created" in output


def test_a_broken_data_file_stops_with_a_message_naming_the_file(tmp_path, monkeypatch):
    for source in content.CONTENT_DIR.rglob("*"):
        target = tmp_path / source.relative_to(content.CONTENT_DIR)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    module = tmp_path / "modules" / "02-mechanisms-of-action.yaml"
    module.write_text(
        module.read_text().replace("reference: preller2018", "reference: nobody1999", 1)
    )
    with pytest.raises(DemoContentError, match="02-mechanisms-of-action.yaml.*nobody1999"):
        load_course(tmp_path)
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)
    monkeypatch.setattr(load_course, "__defaults__", (tmp_path,))
    with pytest.raises(CommandError, match="nobody1999"):
        run_setup_demo()
    assert not CoursePage.objects.exists()


def test_a_lesson_the_files_moved_to_another_module_is_moved_not_duplicated():
    run_setup_demo("--no-accounts")
    course = CoursePage.objects.get()
    first, second = ModulePage.objects.child_of(course).order_by("path")[:2]
    in_order = list(LessonPage.objects.child_of(second).order_by("path"))
    in_order[0].move(first, pos="last-child")  # where an earlier version of the files had it
    output = run_setup_demo("--no-accounts")
    assert "1 moved" in output
    assert LessonPage.objects.filter(slug=in_order[0].slug).count() == 1
    after = list(LessonPage.objects.child_of(second).order_by("path"))
    assert [lesson.slug for lesson in after] == [lesson.slug for lesson in in_order]


def test_the_demo_course_asks_for_an_evaluation_and_an_ethics_attestation():
    run_setup_demo("--no-accounts")
    from wagtail.models import Site

    from cms.home.models import SiteSettings
    from courses.learning.certification import certification_status
    from courses.learning.progress import course_progress
    from courses.models import CourseEvaluationPage

    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    assert course.ce_hours == 9
    assert "example" in course.credit_type.lower()
    assert course.ethics_code.title == "Pathway code of ethical practice"
    assert "Boundaries and touch" in course.ethics_code.text
    evaluation = CourseEvaluationPage.objects.child_of(course).live().get()
    labels = [field.label for field in evaluation.get_form_fields()]
    assert labels[: len(course.learning_objectives)] == [
        f"Objective {n} was met" for n in range(1, len(course.learning_objectives) + 1)
    ]
    assert "The course was free of commercial bias" in labels
    statement = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert statement.accreditation_statement.startswith("EXAMPLE ONLY")
    keys = [
        item.key
        for item in certification_status(course, None, course_progress(course, None)).requirements
    ]
    assert keys == ["modules", "final_test", "evaluation", "ethics"]


def test_a_second_demo_trainee_holds_the_certificate_and_a_rerun_changes_nothing():
    from django.contrib.auth import get_user_model

    from courses.learning.models import Certificate, EthicsAttestation, EvaluationResponse

    run_setup_demo()
    graduate = get_user_model().objects.get(email="graduate@pathway.example")
    certificate = Certificate.objects.get(user=graduate)
    assert certificate.holder_name == "Dr Amira Haddad"
    assert certificate.status() == "valid"
    assert certificate.ce_hours == 9
    assert certificate.accreditation_statement.startswith("EXAMPLE ONLY")
    before = snapshot(), Certificate.objects.count(), EvaluationResponse.objects.count()
    output = run_setup_demo()
    assert "graduate@pathway.example" in output
    after = snapshot(), Certificate.objects.count(), EvaluationResponse.objects.count()
    assert before == after
    assert EthicsAttestation.objects.filter(user=graduate).count() == 1
    trainee = get_user_model().objects.get(email="trainee@pathway.example")
    assert not Certificate.objects.filter(user=trainee).exists()


def test_creates_a_training_administrator_and_a_cohort_at_every_stage(client):
    output = run_setup_demo()
    assert "username “training” and password “pathway-training”" in output
    admin = User.objects.get(username="training")
    assert administers_training(admin) and not admin.is_superuser
    cohort = Cohort.objects.get()
    members = [membership.user for membership in cohort.memberships.all()]
    assert len(members) >= 30
    completions = LessonCompletion.objects.filter(user__in=members)
    attempts = QuizAttempt.objects.filter(user__in=members)
    assert CourseCompletion.objects.filter(user__in=members).count() >= 3
    assert completions.count() > 100 and attempts.count() > 50
    assert attempts.filter(passed=False).exists() and attempts.exclude(voided_at=None).exists()
    started = {m.pk for m in members if completions.filter(user=m).exists()}
    assert 5 < len(started) < len(members)  # some have not started, some have
    # Made through the services: every passed attempt was graded from its snapshot.
    for attempt in attempts.filter(passed=True)[:5]:
        assert grade(attempt.snapshot, attempt.answers).percent == attempt.percent
    assert ModelLogEntry.objects.filter(user=admin).count() >= 3  # overrides, logged
    assert client.login(username="training", password="pathway-training")
    assert client.get(f"/admin/training/cohorts/inspect/{cohort.pk}/").status_code == 200

    before = (
        User.objects.count(),
        LessonCompletion.objects.count(),
        QuizAttempt.objects.count(),
        ModelLogEntry.objects.count(),
    )
    run_setup_demo()
    after = (
        User.objects.count(),
        LessonCompletion.objects.count(),
        QuizAttempt.objects.count(),
        ModelLogEntry.objects.count(),
    )
    assert after == before
