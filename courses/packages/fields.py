"""Which pages and fields a package holds, and how each field's value is written.

Page types are named by their part of a course; each page's fields are its own editable
fields (besides the title and the search-engine fields Wagtail gives every page), so a field
added to a page type travels in packages without changes here.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from wagtail.fields import StreamField
from wagtail.images import get_image_model

from courses.models import (
    CourseEvaluationPage,
    CoursePage,
    EthicsCode,
    EvaluationQuestion,
    LessonPage,
    ModulePage,
    QuizPage,
)

PAGE_TYPES = {
    "course": CoursePage,
    "module": ModulePage,
    "lesson": LessonPage,
    "quiz": QuizPage,
    "evaluation": CourseEvaluationPage,
}
TYPE_NAMES = {model: name for name, model in PAGE_TYPES.items()}
CHILD_TYPES = {
    "course": ("module", "quiz", "evaluation"),
    "module": ("lesson", "quiz"),
    "lesson": (),
    "quiz": (),
    "evaluation": (),
}
COMMON_FIELDS = ("title", "seo_title", "search_description")
TAGGED_TYPES = {"lesson"}
FORM_FIELD_NAMES = ("clean_name", "label", "field_type", "required", "choices", "default_value")
FORM_FIELD_NAMES += ("help_text",)
ETHICS_FIELDS = ("title", "version", "effective_on", "text")


def page_fields(model) -> dict[str, models.Field]:
    """The fields of `model` a package holds, by name, in a stable order."""
    fields = {name: model._meta.get_field(name) for name in COMMON_FIELDS}
    for field in model._meta.local_concrete_fields:
        if field.primary_key or not field.editable or field.name in fields:
            continue
        fields[field.name] = field
    return fields


def reference_fields(model) -> dict[str, models.Field]:
    return {
        field.name: field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.editable
    }


def is_image_link(field) -> bool:
    return field.is_relation and field.related_model is get_image_model()


def is_ethics_link(field) -> bool:
    return field.is_relation and field.related_model is EthicsCode


def plain_value(field, value):
    """A simple field's value as YAML can hold it."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def normalised(raw) -> list:
    """StreamField raw data in one comparable form (what JSON would store)."""
    return json.loads(json.dumps(list(raw or []), cls=DjangoJSONEncoder))


def stream_raw(instance, field: StreamField) -> list:
    return normalised(getattr(instance, field.name).raw_data)


def form_field_data(question: EvaluationQuestion) -> dict:
    return {name: getattr(question, name) for name in FORM_FIELD_NAMES}


def ethics_data(code: EthicsCode) -> dict:
    return {name: plain_value(None, getattr(code, name)) for name in ETHICS_FIELDS}
