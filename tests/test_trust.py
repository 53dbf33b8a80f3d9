"""What lets a trainee trust the platform: who wrote and reviewed each lesson and when."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import lessons_of, make_course, make_trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return lessons_of(make_course(modules=1, lessons_per_module=1))[0]


def credits(client, lesson):
    client.force_login(
        make_trainee(username="reader", enrolled_in=lesson.get_parent().get_parent().specific)
    )
    html = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    found = html.select_one("header .lesson-credits")
    return found.get_text(" ", strip=True) if found else None


def test_a_lesson_names_its_authors_reviewer_and_review_date(client, lesson):
    lesson.authors = "Dr Ana Ruiz; Sam Lee, LCSW"
    lesson.clinical_reviewer = "Dr Kim Osei, MD"
    lesson.last_reviewed = datetime.date(2026, 3, 4)
    lesson.save_revision().publish()
    assert credits(client, lesson) == (
        "Written by Dr Ana Ruiz; Sam Lee, LCSW. Clinically reviewed by Dr Kim Osei, MD on "
        "4 March 2026 ."
    )


def test_a_lesson_without_credits_says_nothing_about_them(client, lesson):
    assert credits(client, lesson) is None


def test_a_review_date_needs_a_reviewer_and_cannot_be_in_the_future(lesson):
    lesson.last_reviewed = timezone.localdate()
    with pytest.raises(ValidationError, match="Name the clinician"):
        lesson.full_clean()
    lesson.clinical_reviewer = "Dr Kim Osei"
    lesson.full_clean()
    lesson.last_reviewed = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        lesson.full_clean()
