"""Shared set-up for the training report tests: attempts recorded as a graded submission
would leave them, and the report tables read back from the screen and from the exports."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.assessment.grading import gradable_questions, grade
from courses.assessment.snapshot import build_snapshot
from courses.learning.models import QuizAttempt
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from tests.factories import choice, make_user

REPORTS = {
    "progress": "/admin/training-reports/progress/",
    "quiz_results": "/admin/training-reports/quiz-results/",
    "item_analysis": "/admin/training-reports/item-analysis/",
}


def make_training_admin(username="training-admin"):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return user


def single_choice_stream(prompts):
    """Single-choice questions worth a point each, the first choice right."""
    return [
        (
            "single_choice",
            {
                "prompt": prompt,
                "choices": [choice("Right", True), choice("Wrong"), choice("Also wrong")],
                "explanation": "Because.",
                "points": 1,
                "tags": [],
                "citations": [],
            },
        )
        for prompt in prompts
    ]


def answers_for(snapshot, marks) -> dict:
    """Answers scoring `marks` (1 right, 0 wrong, None blank), one per question in order.
    Single-choice questions only."""
    answers = {}
    for question, mark in zip(gradable_questions(snapshot), marks, strict=True):
        if mark is None:
            continue
        answers[question["id"]] = next(
            c["id"] for c in question["choices"] if c["correct"] == bool(mark)
        )
    return answers


def record_attempt(
    user,
    quiz,
    marks=None,
    *,
    answers=None,
    number=None,
    started=None,
    minutes=10,
    voided=False,
    snapshot=None,
) -> QuizAttempt:
    """A submitted attempt, graded from its snapshot as the service grades it."""
    snapshot = snapshot or build_snapshot(quiz, seed=1)
    if answers is None:
        answers = answers_for(snapshot, marks)
    result = grade(snapshot, answers)
    if number is None:
        number = QuizAttempt.objects.filter(user=user, quiz_id=quiz.pk).count() + 1
    started = started or timezone.now() - datetime.timedelta(minutes=minutes)
    return QuizAttempt.objects.create(
        user=user,
        quiz_id=quiz.pk,
        quiz_title=quiz.title,
        number=number,
        snapshot=snapshot,
        answers=answers,
        state=QuizAttempt.State.SUBMITTED,
        started_at=started,
        submitted_at=started + datetime.timedelta(minutes=minutes),
        score=result.score,
        max_score=result.possible,
        percent=result.percent,
        passed=result.passed,
        results=result.as_record(),
        voided_at=timezone.now() if voided else None,
        void_reason="Technical fault" if voided else "",
    )


# --- Reading a report back ----------------------------------------------------------------


def _text(element) -> str:
    items = element.find_all("li")
    if items:
        return "; ".join(" ".join(item.get_text().split()) for item in items)
    return " ".join(element.get_text().split())


def screen_table(response) -> list[list[str]]:
    """The report's table as shown: the header row, then each row's cell texts."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one(".training-report__table table")
    if table is None:
        return []
    header = [_text(th) for th in table.select("thead th")]
    rows = [[_text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    return [header, *rows]


def csv_table(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def xlsx_table(response) -> list[list]:
    from openpyxl import load_workbook

    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    width = len(rows[0]) if rows else 0  # trailing empty cells are not stored: pad them
    return [row + [None] * (width - len(row)) for row in rows]


def xlsx_text(value) -> str:
    """An XLSX cell as the screen writes it (numbers compared as numbers by the caller)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def same_cell(screen: str, value) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(screen) == Decimal(str(value))
    return screen == xlsx_text(value)
