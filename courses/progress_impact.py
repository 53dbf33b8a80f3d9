"""What publishing, unpublishing, moving or deleting a piece of course content does to the
progress of the trainees enrolled in its course, in a sentence for the confirmation pages.

Progress is computed against the live content (`courses.learning.progress`): a lesson or
quiz that goes offline stops counting, one that goes live starts counting, and the records
(completions, attempts, certificates) are kept whatever happens. Every count is one query,
however many trainees there are.
"""

from __future__ import annotations

from courses.learning.models import CourseCompletion, Enrolment, LessonCompletion, QuizAttempt
from courses.models import CoursePage, LessonPage, ModulePage, QuizPage

PUBLISH, UNPUBLISH, DELETE, MOVE = "publish", "unpublish", "delete", "move"
NOUNS = {LessonPage: "lesson", QuizPage: "quiz", ModulePage: "module"}
KEPT = "Their completions, attempts and certificates are kept."


def trainees(count: int, verb: str = "have") -> str:
    """ "1 trainee has", "12 trainees have"."""
    if count == 1:
        return f"1 trainee {'has' if verb == 'have' else 'is'}"
    return f"{count} trainees {verb}"


def _enrolled_users(course):
    return Enrolment.objects.filter(course_id=course.pk, unenrolled_at__isnull=True).values(
        "user_id"
    )


def _recorded(page, course) -> tuple[int, str] | None:
    """How many enrolled trainees hold records on `page` (a lesson, quiz or module), and
    what they did."""
    users = _enrolled_users(course)
    if isinstance(page, LessonPage):
        count = LessonCompletion.objects.filter(lesson_id=page.pk, user_id__in=users).count()
        return count, "completed this lesson"
    if isinstance(page, QuizPage):
        count = (
            QuizAttempt.objects.filter(
                quiz_id=page.pk,
                user_id__in=users,
                state=QuizAttempt.State.SUBMITTED,
                voided_at__isnull=True,
            )
            .values("user_id")
            .distinct()
            .count()
        )
        return count, "submitted an attempt at this quiz"
    if isinstance(page, ModulePage):
        lessons = LessonPage.objects.descendant_of(page).values("pk")
        count = (
            LessonCompletion.objects.filter(lesson_id__in=lessons, user_id__in=users)
            .values("user_id")
            .distinct()
            .count()
        )
        return count, "completed lessons in this module"
    return None


def progress_impact(page, action: str) -> str:
    """The sentence a confirmation page shows before `action` on `page`; "" for pages
    outside a course."""
    page = page.specific
    course = (
        page
        if isinstance(page, CoursePage)
        else CoursePage.objects.ancestor_of(page).only("pk", "title").first()
    )
    if course is None:
        return ""
    if isinstance(page, CoursePage):
        enrolled = _enrolled_users(course).count()
        completed = CourseCompletion.objects.filter(course_id=course.pk).count()
        if action in (UNPUBLISH, DELETE):
            return (
                f"{trainees(enrolled, 'are')} enrolled in this course and {completed} "
                f"{'has' if completed == 1 else 'have'} completed it; they will no longer "
                f"be able to open it. {KEPT}"
            )
        return (
            f"{trainees(enrolled, 'are')} enrolled in this course; their progress does not change."
        )
    noun = next((noun for model, noun in NOUNS.items() if isinstance(page, model)), "page")
    if action == PUBLISH and not page.live:
        enrolled = _enrolled_users(course).count()
        return (
            f"{trainees(enrolled, 'are')} enrolled in “{course.title}”; publishing this {noun} "
            "adds it to their course, so their course progress will be recomputed."
        )
    recorded = _recorded(page, course)
    if recorded is None:  # e.g. a course evaluation page
        return ""
    count, what = recorded
    if action == PUBLISH:
        return (
            f"{trainees(count)} {what}; publishing these changes keeps their records and "
            "does not change their progress."
        )
    consequence = {
        UNPUBLISH: f"their course progress will be recomputed without it. {KEPT}",
        DELETE: f"their course progress will be recomputed without it. {KEPT}",
        MOVE: "their course progress will be recomputed with it in its new place.",
    }[action]
    return f"{trainees(count)} {what}; {consequence}"
