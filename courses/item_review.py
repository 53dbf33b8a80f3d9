"""The item-writing review of a course's quizzes, as their authors last saved them.

It gathers a course's quiz pages (a quiz with unpublished changes is read from its latest
revision, as Wagtail's editor shows it), looks up the references their questions cite, and
runs the checker (`courses.assessment.item_checks`) over them. The editor's warnings on
saving a quiz (`courses.item_warnings`) and `manage.py check_items` both use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Revision

from courses.assessment.item_checks import (
    BankSummary,
    ItemWarning,
    QuizItems,
    Source,
    check_course,
    check_quiz_in_course,
    summarise,
)
from courses.blocks.item_data import cited_values, quiz_items
from courses.models import CoursePage, QuizPage, Reference


@dataclass
class CourseReview:
    course: CoursePage
    quizzes: list[QuizItems]
    warnings: list[ItemWarning]
    summary: BankSummary


def as_last_saved(quizzes: list[QuizPage]) -> list[QuizPage]:
    """Each quiz as its latest revision has it where that differs from the live copy (a
    draft waiting to be published): one query for all their revisions."""
    waiting = [quiz.latest_revision_id for quiz in quizzes if quiz.has_unpublished_changes]
    revisions = Revision.objects.in_bulk([pk for pk in waiting if pk])
    return [
        quiz.with_content_json(revisions[quiz.latest_revision_id].content)
        if quiz.has_unpublished_changes and quiz.latest_revision_id in revisions
        else quiz
        for quiz in quizzes
    ]


def course_quizzes(course: CoursePage) -> list[QuizPage]:
    """The course's quizzes in reading order (module quizzes, then the final test), as last
    saved, published or not."""
    return as_last_saved(list(QuizPage.objects.descendant_of(course).order_by("path")))


def as_items(quizzes: list[QuizPage]) -> list[QuizItems]:
    """The checker's input for each quiz, with its citations' references looked up in one
    query. Every quiz page counts toward completion (a module's quiz toward its module, the
    final test toward the course and its CE credit), so each is summative."""
    stored = [list(quiz.questions.raw_data) for quiz in quizzes]
    cited = set().union(*(cited_values(questions) for questions in stored))
    references = Reference.objects.filter(pk__in=[pk for pk in cited if isinstance(pk, int)])
    sources = {
        reference.pk: Source(
            reference.short_citation, reference.status == Reference.Status.RETRACTED
        )
        for reference in references
    }
    return [
        quiz_items(quiz.title, questions, sources, summative=True)
        for quiz, questions in zip(quizzes, stored, strict=True)
    ]


def review_course(course: CoursePage) -> CourseReview:
    quizzes = as_items(course_quizzes(course))
    return CourseReview(course, quizzes, check_course(quizzes), summarise(quizzes))


def review_quiz(quiz: QuizPage) -> list[ItemWarning]:
    """The warnings for `quiz` as given (the version just saved), with its questions that
    repeat one another or the other quizzes of its course."""
    course, _module = quiz.course_and_module()
    others = [] if course is None else [q for q in course_quizzes(course) if q.pk != quiz.pk]
    this, *rest = as_items([quiz, *others])
    return check_quiz_in_course(this, rest)
