"""`manage.py check_items [--course SLUG]`: the item-writing report for a course's quizzes,
the same checks authors see when they save a quiz. Exits with status 1 when there is any
warning, so that CI can run it."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from courses.assessment.item_checks import Rule
from courses.item_review import CourseReview, review_course
from courses.models import CoursePage

KIND_NAMES = {
    "single_choice": "single choice",
    "multiple_response": "multiple response",
    "ordering": "ordering",
    "true_false": "true/false",
}


class Command(BaseCommand):
    help = (
        "Print the item-writing report for every quiz of a course (of every course without "
        "--course): keys that are the longest option, absolute words in wrong options, "
        "missing explanations, research items without a source or with a retracted one, "
        "repeated questions and true/false items. Exits with status 1 if there is a warning."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", metavar="SLUG", help="The slug of the course to check.")

    def handle(self, *args, course=None, **options):
        courses = CoursePage.objects.order_by("path")
        if course is not None:
            courses = courses.filter(slug=course)
            if not courses:
                known = ", ".join(CoursePage.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No course has the slug “{course}”. Courses: {known}.")
        warnings = 0
        for page in courses:
            review = review_course(page)
            self.report(review)
            warnings += len(review.warnings)
        if not courses:
            self.stdout.write("There are no courses to check.")
        if warnings:
            raise CommandError(
                f"{warnings} item-writing warning{'' if warnings == 1 else 's'}: see the "
                "report above."
            )

    def report(self, review: CourseReview):
        write = self.stdout.write
        write(f"Item-writing report: {review.course.title}")
        write(
            "Quizzes as last saved; questions counted in the order the editor lists them "
            "(5.2 is the second question of the case study at 5)."
        )
        write("")
        for quiz in review.quizzes:
            found = [warning for warning in review.warnings if warning.quiz == quiz.name]
            state = "no warnings" if not found else plural(len(found), "warning")
            write(f"{quiz.name}: {plural(len(quiz.items), 'item')}, {state}")
            for warning in found:
                write(self.style.WARNING(f"  - {warning.where}"))
        if not review.quizzes:
            write("The course has no quizzes.")
        write("")
        write(self.summary(review))

    def summary(self, review: CourseReview) -> str:
        summary = review.summary
        total = summary.total
        parts = [
            f"{plural(len(review.quizzes), 'quiz', 'quizzes')}, {plural(total, 'scored item')}"
            + (
                f" ({' + '.join(str(count) for _, count in summary.items_per_quiz)})"
                if len(summary.items_per_quiz) > 1
                else ""
            )
        ]
        hours = float(review.course.ce_hours or 0)
        if hours:
            parts.append(f"{hours:g} CE hours, {total / hours:.1f} items an hour")
        kinds = [
            f"{summary.kinds.get(kind, 0)} {name}"
            for kind, name in KIND_NAMES.items()
            if summary.kinds.get(kind, 0) or kind == "true_false"
        ]
        parts.append(", ".join(kinds) + " (a case study's questions count as single choice)")
        if summary.single_answer:
            parts.append(
                f"the key is the longest option (or tied for it) in {summary.key_longest} of "
                f"{summary.single_answer} single-choice items "
                f"({summary.key_longest_share:.0%})"
            )
        parts.append(f"{summary.cited} of {total} items cite a source")
        rules = Counter(warning.rule for warning in review.warnings)
        found = ", ".join(f"{rules[rule]} {rule.value}" for rule in Rule if rules[rule])
        parts.append(plural(len(review.warnings), "warning") + (f" ({found})" if found else ""))
        return "Summary: " + "; ".join(parts) + "."


def plural(count: int, singular: str, many: str = "") -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
