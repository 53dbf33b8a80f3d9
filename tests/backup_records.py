"""Training records for the backup round trip (tests/test_backups.py), built in a database of
its own by `manage.py shell` in a separate process, and read back as canonical JSON.

`build()` makes a realistic set through the services the site uses: enrolments (one of them
unenrolled), lesson completions, quiz attempts with their answers (submitted, in progress,
reopened, voided), course completions, certificates (one revoked), a quiz override, a cohort
with members and an imported CSV, evaluation responses, ethics attestations, a reminder, private
notes, and
the audit trail of it all. `snapshot()` writes every row of every training-record model, the
users, the references and codes of ethics, the pages and their revisions.
"""

import json
from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from courses.learning.models import (
    Certificate,
    Cohort,
    CohortMembership,
    Enrolment,
    EthicsAttestation,
    EvaluationResponse,
    LessonCompletion,
    QuizAttempt,
    ReflectionNote,
    Reminder,
)
from courses.learning.services import cohort_import
from courses.learning.services.attempts import save_answers, start_attempt
from courses.learning.services.certificates import revoke
from courses.learning.services.enrolment import enrol_trainee, unenrol_trainee
from courses.learning.services.notes import save_note
from courses.learning.services.overrides import reopen_attempt, set_quiz_override, void_attempt
from courses.models import EthicsCode, ModulePage, QuizPage, Reference
from tests.certificate_helpers import (
    answer_form,
    attest_ethics,
    certificate_course,
    certificate_trainee,
    earn_certificate,
    final_test,
    finish_lessons,
    take_final_test,
)
from tests.factories import (
    complete,
    lessons_of,
    make_course,
    make_editor,
    make_quiz,
    make_reference,
    make_trainee,
)
from tests.quiz_helpers import all_right, all_wrong

User = get_user_model()


def build() -> None:
    admin = make_editor("records-admin")
    admin.groups.add(Group.objects.get_or_create(name="Training administrators")[0])
    make_reference(title="A careful trial of psilocybin for anxiety")

    # A course asking for everything a certificate needs.
    course = certificate_course(title="Clinical foundations", slug="clinical-foundations")
    quiz = final_test(course)
    graduates = [
        certificate_trainee(course, f"graduate-{n}", full_name=name)
        for n, name in enumerate(["Zoë Ångström-Núñez", "Ōta Hiroshi", "Ayşe Yılmaz"])
    ]
    for graduate in graduates:
        earn_certificate(graduate, course)
    revoke(
        Certificate.objects.get(user=graduates[2]), by=admin, reason="Issued to the wrong person."
    )

    # Part-way: lessons done, a failed attempt, ethics attested, given an extra attempt.
    partway = certificate_trainee(course, "partway", full_name="Paul Partway")
    finish_lessons(partway, course)
    take_final_test(partway, course, passing=False)
    attest_ethics(partway, course)
    set_quiz_override(
        partway, quiz, extra_attempts=2, extra_minutes=15, reason="Reasonable adjustment.", by=admin
    )

    # An attempt in progress with saved answers, one reopened, one voided.
    saver = certificate_trainee(course, "saver", full_name="Sam Saver")
    attempt, _ = start_attempt(saver, quiz, quiz.step_state(saver))
    save_answers(saver, attempt.public_id, answer_form(all_wrong(attempt)), submit=False)
    reopened = certificate_trainee(course, "reopened", full_name="Rita Reopened")
    reopen_attempt(take_final_test(reopened, course), reason="Power cut.", by=admin)
    voided = certificate_trainee(course, "voided", full_name="Vic Voided")
    void_attempt(take_final_test(voided, course), reason="Sat by someone else.", by=admin)

    # A second course with module quizzes, lesson completions and a cohort.
    second = make_course(modules=2, lessons_per_module=2, title="Integration", slug="integration")
    module = ModulePage.objects.child_of(second).order_by("path").first()
    module_quiz = make_quiz(module, max_attempts=3)
    cohort = Cohort.objects.create(
        name="Spring cohort", course=second, starts_on=date(2026, 3, 1), due_on=date(2026, 6, 30)
    )
    for n in range(4):
        trainee = make_trainee(f"cohort-{n}", full_name=f"Cohort Member {n}")
        enrol_trainee(trainee, second, reason="Cohort enrolment.", by=admin)
        CohortMembership.objects.create(cohort=cohort, user=trainee)
        complete(trainee, lessons_of(second)[: n + 1])
        if n % 2:
            attempt, _ = start_attempt(trainee, module_quiz, module_quiz.step_state(trainee))
            answers = all_right(attempt) if n == 3 else all_wrong(attempt)
            save_answers(trainee, attempt.public_id, answer_form(answers), submit=True)
    leaver = make_trainee("leaver", full_name="Lee Leaver")
    enrolment = enrol_trainee(leaver, second, reason="Asked to join.", by=admin)
    unenrol_trainee(enrolment, reason="Changed job.", by=admin)
    upload = cohort_import.upload(
        cohort,
        "spring.csv",
        b"email,full name,profession\nnew.person@example.org,Nora New,Nurse\n",
        by=admin,
    )
    cohort_import.confirm(upload, by=admin)
    Reminder.objects.create(user=User.objects.get(username="cohort-0"), course_titles=["X"])

    # Private notes under a reflection prompt.
    lesson = lessons_of(second)[0]
    lesson.body = [("reflection", {"prompt": "What would you say first?", "guidance": ""})]
    lesson.save_revision().publish()
    lesson = type(lesson).objects.get(pk=lesson.pk)
    for n, text in [(0, "Start with consent.\nThen the plan."), (2, "Ask about «fears» 🙂")]:
        writer = User.objects.get(username=f"cohort-{n}")
        save_note(writer, lesson, str(lesson.body[0].id), text, lesson.step_state(writer))


def damage() -> None:
    """What a bad day does: records deleted, changed and added after the backup."""
    QuizAttempt.objects.filter(user__username="graduate-0").delete()
    Certificate.objects.filter(user__username="graduate-1").update(
        holder_name="Someone Else", revoke_reason="tampered"
    )
    LessonCompletion.objects.filter(user__username__startswith="cohort-").delete()
    EvaluationResponse.objects.all().delete()
    ReflectionNote.objects.filter(user__username="cohort-0").delete()
    ReflectionNote.objects.update(text="overwritten")
    EthicsAttestation.objects.filter(user__username="partway").delete()
    Enrolment.objects.filter(user__username="leaver").delete()
    CohortMembership.objects.filter(user__username="cohort-3").delete()
    User.objects.filter(username="voided").update(is_active=False)
    User.objects.filter(username="saver").update(full_name="Changed Name", email="x@example.org")
    Reference.objects.update(title="Overwritten")
    make_trainee("arrived-after-the-backup", enrolled_in=Cohort.objects.get().course.specific)
    QuizPage.objects.filter(slug__startswith="quiz").first().delete()


def check_usable() -> None:
    """After a restore, the site can add records: ids continue after the restored ones."""
    course = Cohort.objects.get().course.specific
    newcomer = make_trainee("after-restore", enrolled_in=course)
    complete(newcomer, lessons_of(course)[:1])
    assert Enrolment.objects.get(user=newcomer).pk == Enrolment.objects.latest("pk").pk
    assert (
        LessonCompletion.objects.get(user=newcomer).pk == LessonCompletion.objects.latest("pk").pk
    )


def rows(queryset) -> list[dict]:
    return serializers.serialize("python", queryset.order_by("pk"))


def snapshot(path: str) -> None:
    """Every training record and its surroundings, as canonical JSON written to `path`."""
    learning = apps.get_app_config("learning").get_models()
    data = {model._meta.label: rows(model.objects.all()) for model in learning}
    data.update(
        {
            "users.User": rows(User.objects.all()),
            "auth.Group": rows(Group.objects.all()),
            "courses.Reference": rows(Reference.objects.all()),
            "courses.EthicsCode": rows(EthicsCode.objects.all()),
            "wagtailcore.ModelLogEntry": rows(ModelLogEntry.objects.all()),
            "pages": list(
                Page.objects.order_by("pk").values(
                    "pk", "path", "title", "slug", "live", "latest_revision_id", "content_type"
                )
            ),
            "page count": Page.objects.count(),
            "revision count": Revision.objects.count(),
            "revision ids": list(Revision.objects.order_by("pk").values_list("pk", flat=True)),
            "page log count": PageLogEntry.objects.count(),
        }
    )
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(data, stream, cls=DjangoJSONEncoder, sort_keys=True, indent=1)
