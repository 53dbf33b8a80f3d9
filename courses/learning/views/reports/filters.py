"""Filters the training reports share: course, cohort, quiz and date."""

from __future__ import annotations

import django_filters
from django.db.models import OuterRef, Subquery
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.models import Page

from courses.learning.forms import IdChoiceMixin
from courses.learning.models import Cohort
from courses.models import CoursePage, QuizPage


def courses(request=None):
    """Every course, live or not: records outlive publication."""
    return CoursePage.objects.order_by("path")


def cohorts(request=None):
    return Cohort.objects.annotate(
        course_title=Subquery(Page.objects.filter(pk=OuterRef("course_id")).values("title")[:1])
    ).order_by("name", "pk")


def quizzes(request=None):
    return QuizPage.objects.order_by("path")


class IdChoiceField(IdChoiceMixin, django_filters.fields.ModelChoiceField):
    """A record chosen by id in a filter: a number beyond any id is no choice, not a 500."""


class IdFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class CohortChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        course = getattr(obj, "course_title", None)
        return f"{obj.name} ({course})" if course else obj.name


class CohortFilter(django_filters.ModelChoiceFilter):
    field_class = CohortChoiceField


class QuizChoiceField(IdChoiceField):
    """Quizzes named with their course ("Course › quiz"): titles repeat between courses."""

    def label_from_instance(self, obj):
        course = course_title_of(obj.path, self.course_titles)
        return f"{course} › {obj.title}" if course else obj.title

    @cached_property
    def course_titles(self) -> dict[str, str]:
        return dict(courses().values_list("path", "title"))


def course_title_of(path: str, course_titles: dict[str, str]) -> str | None:
    """The title of the course (among `course_titles`, by path) that `path` lies in."""
    for end in range(Page.steplen, len(path), Page.steplen):
        if path[:end] in course_titles:
            return course_titles[path[:end]]
    return None


class QuizFilter(django_filters.ModelChoiceFilter):
    field_class = QuizChoiceField


def date_range(field_name: str, label: str) -> django_filters.DateFromToRangeFilter:
    return django_filters.DateFromToRangeFilter(
        field_name=field_name, label=label, widget=DateRangePickerWidget
    )


def cohort_filter() -> CohortFilter:
    return CohortFilter(queryset=cohorts, label="Cohort", method="filter_cohort")


def course_filter() -> IdFilter:
    return IdFilter(queryset=courses, label="Course", method="filter_course")
