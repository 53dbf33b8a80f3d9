"""The flagship course's certificate requirements for the demo: its code of ethics, its
evaluation, its credit type and the site's (example) accreditation statement, from
`courses/demo_content/certification.yaml`. Safe to repeat: what exists is left as it is,
and nothing an administrator has set is replaced."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.http import QueryDict
from wagtail.models import Page, Site

from cms.home.models import SiteSettings
from courses.assessment.grading import correct_answers, gradable_questions
from courses.learning.services.attempts import save_answers, start_attempt
from courses.learning.services.completion import complete_lesson
from courses.learning.services.ethics import attest
from courses.learning.services.evaluation import submit_evaluation
from courses.models import CourseEvaluationPage, CoursePage, EthicsCode, EvaluationQuestion

DATA_FILE = Path(__file__).resolve().parent.parent / "demo_content" / "certification.yaml"


def load() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def set_up_certification(course: CoursePage) -> list[str]:
    """Give `course` what its certificate asks for; returns what was done, in words."""
    data, done = load(), []
    code_data = data["ethics_code"]
    code, created = EthicsCode.objects.get_or_create(
        title=code_data["title"], version=code_data["version"], defaults={"text": code_data["text"]}
    )
    if created:
        done.append(f"created the {code}")
    changed = False
    if not course.credit_type:
        course.credit_type, changed = data["credit_type"], True
    if course.ethics_code_id is None:
        course.ethics_code, changed = code, True
    if course.certificate_valid_months is None:
        course.certificate_valid_months, changed = data["valid_for_months"], True
    if changed:
        course.save_revision(user=None, log_action=True).publish(user=None)
        done.append("set the course's credit type, code of ethics and certificate validity")
    if not CourseEvaluationPage.objects.child_of(course).exists():
        page = evaluation_page(course, data["evaluation"])
        course.add_child(instance=page)
        page.save_revision(user=None, log_action=True).publish(user=None)
        done.append("created the course evaluation")
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if not settings.accreditation_statement:
        settings.accreditation_statement = data["accreditation_statement"]
        settings.save()
        done.append("set the example accreditation statement")
    return done


def evaluation_page(course: CoursePage, data: dict) -> CourseEvaluationPage:
    page = CourseEvaluationPage(
        title=data["title"], slug="evaluation", intro=data["intro"], live=False
    )
    objectives = [block.value for block in course.learning_objectives]
    for number, objective in enumerate(objectives, 1):
        page.form_fields.add(
            EvaluationQuestion(
                label=f"Objective {number} was met",
                help_text=objective if len(objective) <= 255 else objective[:254] + "…",
                field_type="rating",
                required=True,
            )
        )
    for question in data["questions"]:
        page.form_fields.add(
            EvaluationQuestion(
                label=question["label"],
                help_text=question.get("help_text", ""),
                field_type=question["type"],
                required=question.get("required", True),
            )
        )
    return page


def answer_data(snapshot) -> QueryDict:
    """The form a trainee would post to answer every question of an attempt correctly."""
    data = QueryDict(mutable=True)
    for question in gradable_questions(snapshot):
        answer = correct_answers(snapshot).get(question["id"])
        if question["type"] == "ordering":
            for step_id, position in answer.items():
                data[f"q-{question['id']}:{step_id}"] = str(position)
        else:
            data.setlist(f"q-{question['id']}", answer if isinstance(answer, list) else [answer])
    return data


def earn_certificate(user, course: CoursePage):
    """Work through `course` as `user` would, through the same services as the site: every
    lesson, every quiz passed at the first attempt, the code of ethics attested, the
    evaluation answered. The certificate follows."""
    for entry in course.navigation().steps:
        step = Page.objects.get(pk=entry.pk).specific
        state = step.step_state(user)
        if entry.kind == "lesson":
            complete_lesson(user, step, state)
        else:
            attempt, _ = start_attempt(user, step, state)
            save_answers(user, attempt.public_id, answer_data(attempt.snapshot), submit=True)
    course = CoursePage.objects.get(pk=course.pk)
    if course.ethics_code_id:
        attest(user, course, user.full_name)
    evaluation = CourseEvaluationPage.objects.child_of(course).live().first()
    if evaluation is not None:
        answers = QueryDict(mutable=True)
        for field in evaluation.get_form_fields():
            if field.field_type == "rating":
                answers[field.clean_name] = "5" if "bias" not in field.label else "4"
        answers["comments_and_suggestions"] = "Careful and practical; more case discussion, please."
        submit_evaluation(user, evaluation, answers)
