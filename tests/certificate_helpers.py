"""Builders for the certificate tests: a course asking for every requirement, and the
trainee's steps towards it, through the same services the views use."""

from django.http import QueryDict

from courses.learning.services.attempts import save_answers, start_attempt
from courses.learning.services.completion import complete_lesson
from courses.learning.services.ethics import attest
from courses.learning.services.evaluation import submit_evaluation
from courses.models import CourseEvaluationPage, EthicsCode, EvaluationQuestion, QuizPage
from tests.factories import lessons_of, make_course, make_quiz, make_trainee
from tests.quiz_helpers import all_right, all_wrong

EVALUATION_QUESTIONS = [
    ("Objective 1 was met", "rating", True),
    ("The course is relevant to my practice", "rating", True),
    ("The course was free of commercial bias", "rating", True),
    ("Comments", "multiline", False),
]
GOOD_ANSWERS = {
    "objective_1_was_met": "5",
    "the_course_is_relevant_to_my_practice": "4",
    "the_course_was_free_of_commercial_bias": "5",
    "comments": "Clear and careful.",
}


def make_ethics_code(version=1, **fields) -> EthicsCode:
    title = fields.pop("title", "Test code of ethics")
    values = {
        "text": f"Version {version}.\n\nI put the client's safety first.\n\nI keep confidences.",
    }
    values.update(fields)
    return EthicsCode.objects.get_or_create(title=title, version=version, defaults=values)[0]


def make_evaluation(course) -> CourseEvaluationPage:
    page = CourseEvaluationPage(title="Course evaluation", slug="evaluation")
    for label, field_type, required in EVALUATION_QUESTIONS:
        page.form_fields.add(
            EvaluationQuestion(label=label, field_type=field_type, required=required)
        )
    course.add_child(instance=page)
    return CourseEvaluationPage.objects.get(pk=page.pk)


def certificate_course(*, evaluation=True, ethics=True, final_test=True, **fields):
    """A published course of one module and one lesson, with a final test, an evaluation
    and a code of ethics unless told otherwise."""
    fields.setdefault("credit_type", "CE hours for psychologists (example)")
    course = make_course(modules=1, lessons_per_module=1, ce_hours=8, **fields)
    if final_test:
        make_quiz(course, max_attempts=2)
    if evaluation:
        make_evaluation(course)
    if ethics:
        course.ethics_code = make_ethics_code()
        course.save_revision().publish()
        course.refresh_from_db()
    return course


def certificate_trainee(course, username="trainee", full_name="Zoë Ångström-Núñez"):
    return make_trainee(username, enrolled_in=course, full_name=full_name)


def final_test(course) -> QuizPage:
    return QuizPage.objects.child_of(course).get()


def evaluation_page(course) -> CourseEvaluationPage:
    return CourseEvaluationPage.objects.child_of(course).get()


def finish_lessons(user, course):
    for lesson in lessons_of(course):
        complete_lesson(user, lesson, lesson.step_state(user))


def answer_form(answers: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in answers.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def take_final_test(user, course, *, passing=True):
    quiz = final_test(course)
    attempt, _ = start_attempt(user, quiz, quiz.step_state(user))
    answers = all_right(attempt) if passing else all_wrong(attempt)
    return save_answers(user, attempt.public_id, answer_form(answers), submit=True)


def evaluate(user, course, answers=None):
    return submit_evaluation(user, evaluation_page(course), answer_form(answers or GOOD_ANSWERS))


def attest_ethics(user, course, typed=None):
    return attest(user, course, typed if typed is not None else user.full_name)


def earn_certificate(user, course):
    """Meet every requirement of `course` (as built by `certificate_course`)."""
    from courses.learning.models import Certificate

    finish_lessons(user, course)
    take_final_test(user, course)
    if course.ethics_code_id:
        attest_ethics(user, course)
    if CourseEvaluationPage.objects.child_of(course).exists():
        evaluate(user, course)
    return Certificate.objects.get(user=user, course_id=course.pk)


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_codes_in(data: bytes) -> list[str]:
    """Every QR code on the PDF's pages, read from the pages as drawn."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(data)
    found = []
    for page in document:
        image = page.render(scale=3).to_pil()
        found += [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    return found
