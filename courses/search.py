"""Lesson search: what a viewer may find, and how each result is shown to them.

A lesson's title, summary and search description are public (the catalogue and module pages
show them), so they are searched for everyone. Its body is for those who may read it: it is
searched only in the courses the viewer is enrolled in (every course, for staff who read
every lesson). Each result carries its course and module, the viewer's state on it (open,
locked until a module is complete, or not enrolled), as the outline shows it, and a snippet
with the query's words marked; the snippet comes from the body only where the body was
searched.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from courses.learning.access import reads_everything
from courses.learning.models import Enrolment
from courses.learning.outline import trainee_outline
from courses.learning.progress import progress_in_courses
from courses.models import LessonPage, visible_lessons

MAX_WORDS = 8
SNIPPET_LENGTH = 220
# Blocks whose words a snippet may quote: never a knowledge check (its feedback gives the
# answer away) nor a citation (a reference's id).
QUOTABLE_BLOCKS = {
    "text",
    "heading",
    "callout",
    "key_points",
    "reflection",
    "case_vignette",
    "quote",
}

AVAILABLE, LOCKED, NOT_ENROLLED = "available", "locked", "not_enrolled"


@dataclass
class SearchResult:
    page: LessonPage
    course: Page | None
    module: Page | None
    module_number: int | None
    state: str  # AVAILABLE, LOCKED or NOT_ENROLLED
    opens: str  # when LOCKED, what opens it: "once you complete “Module 1”"
    snippet: SafeString

    @property
    def is_available(self) -> bool:
        return self.state == AVAILABLE

    @property
    def is_locked(self) -> bool:
        return self.state == LOCKED


def query_words(terms: str) -> list[str]:
    return terms.split()[:MAX_WORDS]


def active_enrolments(user) -> list[Enrolment]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Enrolment.objects.filter(user=user, unenrolled_at=None).select_related("completion")
    )


def readable_course_ids(user, enrolments: list[Enrolment]) -> set[int] | None:
    """The courses whose lesson bodies `user` may search: None for every course (staff)."""
    if reads_everything(user):
        return None
    return {enrolment.course_id for enrolment in enrolments}


def find_lessons(user, terms: str, enrolments: list[Enrolment]):
    """The visible lessons matching `terms` for `user`, in course order (a queryset)."""
    words = query_words(terms)
    if not words:
        return LessonPage.objects.none()
    lessons = visible_lessons()
    public = Q()
    for word in words:
        public &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(search_description__icontains=word)
        )
    found = set(lessons.filter(public).values_list("pk", flat=True))
    readable = readable_course_ids(user, enrolments)
    if readable is None or readable:
        # One search over every visible lesson's text, kept where the viewer may read it.
        paths = (
            ("",)
            if readable is None
            else tuple(Page.objects.filter(pk__in=readable).values_list("path", flat=True))
        )
        in_text = lessons.defer_streamfields().search(" ".join(words))
        found |= {page.pk for page in in_text if page.path.startswith(paths)}
    return visible_lessons().filter(pk__in=found).order_by("path")


def describe(pages: list[LessonPage], user, terms: str, enrolments: list[Enrolment]):
    """Each of `pages` (a page of results) as the viewer sees it: a few queries for the
    page, however many results (their courses and modules, and the viewer's progress)."""
    if not pages:
        return []
    steplen = pages[0].steplen
    parent_paths = {page.path[:-steplen] for page in pages} | {
        page.path[: -2 * steplen] for page in pages
    }
    parents = {
        parent.path: parent for parent in Page.objects.filter(path__in=parent_paths).specific()
    }
    courses = {page.pk: parents.get(page.path[: -2 * steplen]) for page in pages}
    staff = reads_everything(user)
    enrolled = {enrolment.course_id for enrolment in enrolments}
    mine = {course.pk: course for course in courses.values() if course and course.pk in enrolled}
    progress = progress_in_courses(list(mine.values()), user, enrolments) if mine else {}
    outline_steps = {}
    for course_progress in progress.values():
        for step in trainee_outline(course_progress).steps:
            outline_steps[step.entry.pk] = step
    readable = readable_course_ids(user, enrolments)
    results = []
    for page in pages:
        course = courses[page.pk]
        module = parents.get(page.path[:-steplen])
        step = outline_steps.get(page.pk)
        if staff:
            state, opens = AVAILABLE, ""
        elif course is None or course.pk not in enrolled or step is None:
            state, opens = NOT_ENROLLED, ""
        elif step.is_locked:
            state, opens = LOCKED, step.opens
        else:
            state, opens = AVAILABLE, ""
        # The body is quoted only where the viewer may open the lesson now.
        may_quote_body = state == AVAILABLE and (readable is None or course.pk in readable)
        number = course.navigation().module_number(module) if course is not None else None
        results.append(
            SearchResult(
                page,
                course,
                module,
                number,
                state,
                opens,
                snippet(page, query_words(terms), body=may_quote_body),
            )
        )
    return results


def plain_text(value) -> list[str]:
    """Every string in a block's raw value, as plain text."""
    if isinstance(value, str):
        return [html.unescape(strip_tags(value))]
    if isinstance(value, dict):
        return [text for item in value.values() for text in plain_text(item)]
    if isinstance(value, list):
        return [text for item in value for text in plain_text(item)]
    return []


def body_text(page: LessonPage) -> str:
    texts = [
        text
        for block in page.body.raw_data
        if block["type"] in QUOTABLE_BLOCKS
        for text in plain_text(block["value"])
    ]
    return " ".join(" ".join(texts).split())


def snippet(page: LessonPage, words: list[str], *, body: bool) -> SafeString:
    """A short passage of the lesson around the first of `words` found, escaped, with the
    words marked: its summary, or its body where the viewer may read it."""
    # Whole words are marked, with a plain ending ("client" in "clients"; never "the" in
    # "therapy").
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?:s|es|ed|ing)?(?!\w)", re.IGNORECASE)
    texts = [page.summary or page.search_description or ""]
    if body:
        texts.append(body_text(page))
    text = next((text for text in texts if pattern.search(text)), texts[0])
    return mark_words(excerpt(text, pattern), pattern)


def excerpt(text: str, pattern: re.Pattern) -> str:
    match = pattern.search(text)
    start = 0
    if match and match.start() > SNIPPET_LENGTH // 3:
        start = text.rfind(" ", 0, match.start() - SNIPPET_LENGTH // 3) + 1
    end = start + SNIPPET_LENGTH
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    passage = text[start:end].strip()
    return ("…" if start > 0 else "") + passage + ("…" if end < len(text) else "")


def mark_words(text: str, pattern: re.Pattern) -> SafeString:
    """`text` escaped, with each match of `pattern` in a <mark>."""
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
