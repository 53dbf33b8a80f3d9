"""`manage.py check_items`: the item-writing report for a course, clean for the flagship
course (as published by `setup_demo`), failing with status 1 on a flawed one."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from courses.models import CoursePage, ModulePage, Reference
from tests.factories import make_course, make_quiz, make_reference, question_stream

pytestmark = pytest.mark.django_db
FLAGSHIP = "pap-anxiety-clinical-foundations"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "assessment.md"


def check_items(*args) -> str:
    out = io.StringIO()
    call_command("check_items", *args, stdout=out)
    return out.getvalue()


def test_the_flagship_course_passes_clean_and_the_docs_show_its_report():
    call_command("setup_demo", "--no-accounts", stdout=io.StringIO())
    output = check_items("--course", FLAGSHIP)
    assert output.count("items, no warnings") == 8
    assert "Summary: 8 quizzes, 96 scored items (8 + 8 + 8 + 8 + 8 + 8 + 8 + 40)" in output
    assert "0 true/false" in output
    assert output.rstrip().endswith("0 warnings.")
    documented = re.search(r"```text\n(Item-writing report: .*?)```", DOCS.read_text(), re.S)
    assert documented, "docs/assessment.md shows the flagship course's report"
    assert documented.group(1) == output


def test_a_flawed_course_is_reported_quiz_by_quiz_and_exits_with_status_1():
    retracted = make_reference(title="A pooled follow-up", status=Reference.Status.RETRACTED)
    course = make_course(modules=1, lessons_per_module=1, title="Screening basics")
    module = ModulePage.objects.child_of(course).get()
    make_quiz(module, title="Module 1 quiz", questions=question_stream(reference=retracted))
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("check_items", "--course", course.slug, stdout=out)
    assert raised.value.returncode == 1
    assert str(raised.value) == "14 item-writing warnings: see the report above."
    lines = out.getvalue().splitlines()
    assert lines[0] == "Item-writing report: Screening basics"
    assert lines[3] == "Module 1 quiz: 6 items, 14 warnings"
    assert (
        "  - question 3 (“The Mithoefer follow-up studied anxiety disorders.”): it is a "
        "true/false question. In a quiz that counts, a guess is right half the time: ask it "
        "as a single-choice question with three or four options." in lines
    )
    assert (
        "  - question 5.1 (“Is this person eligible?”): it cites Doe et al., 2020, which has "
        "been retracted. An item must not rest on a retracted source: cite the evidence that "
        "stands, or drop the item." in lines
    )
    assert "  - question 5.2 (“What should happen next?”): the correct answer is the " in (
        "\n".join(lines)
    )
    assert lines[-1] == (
        "Summary: 1 quiz, 6 scored items; 2 CE hours, 3.0 items an hour; 3 single choice, "
        "1 multiple response, 1 ordering, 1 true/false (a case study's questions count as "
        "single choice); the key is the longest option (or tied for it) in 2 of 3 "
        "single-choice items (67%); 6 of 6 items cite a source; 14 warnings (1 key-longest, "
        "6 explanation, 6 retracted-source, 1 true-false)."
    )


def test_every_course_is_checked_without_a_slug_and_an_unknown_slug_is_named():
    clean = make_course(modules=1, lessons_per_module=1, title="No quizzes yet")
    output = check_items()
    assert "Item-writing report: No quizzes yet" in output
    assert "The course has no quizzes." in output
    with pytest.raises(CommandError, match=f"No course has the slug “nope”. Courses: {clean.slug}"):
        check_items("--course", "nope")
    assert CoursePage.objects.count() == 1
