"""Builders for course trees and references, shared by the tests."""

import itertools

from django.contrib.auth import get_user_model
from wagtail.models import Site

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Reference

_sequence = itertools.count(1)


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def course_index():
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    return index


def make_reference(**fields) -> Reference:
    n = next(_sequence)
    values = {
        "authors": "Doe J, Roe R, Poe P, et al.",
        "year": 2020,
        "title": f"A trial of something careful {n}",
        "journal": "J Test Med",
        "volume": "1",
        "issue": "2",
        "pages": "3–4",
        "doi": f"10.1000/test.{n}",
    }
    values.update(fields)
    return Reference.objects.create(**values)


def lesson_body(reference=None, text="Teaching text about preparation sessions."):
    body = [
        ("heading", {"text": "What happens", "level": "h2"}),
        ("text", f"<p>{text}</p>"),
    ]
    if reference is not None:
        body.append(("citation", {"reference": reference, "locator": ""}))
    return body


def make_course(*, modules=2, lessons_per_module=2, reference=None, **fields) -> CoursePage:
    """A published course with `modules` × `lessons_per_module` published lessons."""
    n = next(_sequence)
    values = {
        "title": f"Course {n}",
        "slug": f"course-{n}",
        "summary": "A course summary.",
        "audience": "Clinicians.",
        "ce_hours": 2,
        "estimated_hours": 2,
    }
    values.update(fields)
    course = course_index().add_child(instance=CoursePage(**values))
    for m in range(1, modules + 1):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m} of course {n}",
                slug=f"module-{m}",
                summary="A module summary.",
                estimated_minutes=30,
            )
        )
        for lesson_number in range(1, lessons_per_module + 1):
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m}.{lesson_number} of course {n}",
                    slug=f"lesson-{m}-{lesson_number}",
                    summary="A lesson summary.",
                    estimated_minutes=10,
                    body=lesson_body(reference),
                )
            )
    return course


def lessons_of(course) -> list:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def make_user(username="someone", **fields):
    fields.setdefault("email", f"{username}@example.com")
    return get_user_model().objects.create_user(username=username, password="x" * 12, **fields)


def make_editor(username="editor"):
    """Someone who may use the Wagtail admin, and so read every lesson without enrolling."""
    return get_user_model().objects.create_superuser(
        username=username, email=f"{username}@example.com", password="x" * 12
    )


def make_trainee(username="trainee", *, enrolled_in=None, **fields):
    from courses.learning.services.enrolment import enrol

    user = make_user(username, **fields)
    for course in [enrolled_in] if enrolled_in is not None else []:
        enrol(user, course)
    return user


def complete(user, lessons):
    """Record completions directly (for setting up a state, not for testing the rules)."""
    from courses.learning.models import LessonCompletion

    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=user, lesson_id=lesson.pk, lesson_title=lesson.title)
        for lesson in lessons
    )


def choice(text, correct=False, feedback=""):
    return {"text": text, "correct": correct, "feedback": feedback}


def question_stream(reference=None):
    """One question of every type, as StreamField data for QuizPage.questions."""
    citations = [reference] if reference is not None else []
    common = {"points": 1, "tags": ["screening"], "citations": citations}
    return [
        (
            "single_choice",
            {
                "prompt": "Which receptor do classic psychedelics act on chiefly?",
                "choices": [
                    choice("5-HT2A", True, "Yes: the serotonin 2A receptor."),
                    choice("D2", feedback="KEYFEEDBACK-D2: dopamine is not the main target."),
                    choice("GABA-A"),
                ],
                "explanation": "EXPLANATION-5HT2A: ketanserin blocks the effects.",
                **common,
            },
        ),
        (
            "multiple_response",
            {
                "prompt": "Which are common acute effects?",
                "scoring": "partial",
                "choices": [
                    choice("Raised blood pressure", True),
                    choice("Nausea", True),
                    choice("Hair loss"),
                    choice("Raised heart rate", True),
                ],
                "explanation": "Transient rises and nausea are common.",
                **{**common, "points": 3},
            },
        ),
        (
            "true_false",
            {
                "prompt": "The Mithoefer follow-up studied anxiety disorders.",
                "answer": False,
                "explanation": "It studied PTSD.",
                **common,
            },
        ),
        (
            "ordering",
            {
                "prompt": "Put the phases in order.",
                "steps": ["Preparation", "Dosing session", "Integration"],
                "explanation": "Preparation, then dosing, then integration.",
                **common,
            },
        ),
        (
            "case_vignette",
            {
                "title": "A referral",
                "scenario": "A 45-year-old with a history of mania asks to join a trial.",
                "questions": [
                    {
                        "prompt": "Is this person eligible?",
                        "choices": [choice("No", True), choice("Yes")],
                        "explanation": "A history of mania excludes.",
                        **common,
                    },
                    {
                        "prompt": "What should happen next?",
                        "choices": [choice("Explain and refer", True), choice("Enrol anyway")],
                        "explanation": "Refer to suitable care.",
                        **common,
                    },
                ],
            },
        ),
    ]


def make_quiz(parent, **fields):
    """A published quiz under `parent` (a module, or a course for its final test)."""
    from courses.models import QuizPage

    n = next(_sequence)
    values = {
        "title": f"Quiz {n}",
        "slug": f"quiz-{n}",
        "shuffle_questions": False,
        "shuffle_choices": False,
        "questions": question_stream(),
    }
    values.update(fields)
    quiz = parent.add_child(instance=QuizPage(**values))
    return QuizPage.objects.get(pk=quiz.pk)  # StreamField values as loaded, with block ids
