"""An author choosing a source sees its status in the reference chooser, and saving a page
that cites a corrected or retracted source warns them, naming the source."""

import datetime
import html
import json

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import LessonPage, Reference
from tests.factories import lessons_of, make_course, make_editor, make_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def retracted():
    return make_reference(
        authors="Bogus B, Faked F",
        year=2019,
        title="A bad trial",
        status=Reference.Status.RETRACTED,
        status_changed_on=datetime.date(2024, 3, 1),
        notice_url="https://example.org/retraction-notice",
    )


@pytest.fixture
def client():
    client = Client()
    client.force_login(make_editor())
    return client


def test_the_reference_chooser_shows_each_sources_status(client, retracted):
    make_reference(authors="Sound S, Solid T", year=2021, title="A good trial")
    response = client.get(reverse("wagtailsnippetchoosers_courses_reference:choose"))
    listing = json.loads(response.content)["html"]
    assert "Retracted since 1 March 2024: do not cite it for a claim" in listing
    assert "Current" in listing


def edit_form(lesson, body):
    return nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "summary": lesson.summary,
            "estimated_minutes": lesson.estimated_minutes,
            "authors": "",
            "clinical_reviewer": "",
            "last_reviewed": "",
            "tags": "",
            "body": streamfield(body),
            "comments": inline_formset([]),
        }
    )


def test_saving_a_draft_that_cites_a_retracted_source_warns_the_author(client, retracted):
    lesson = lessons_of(make_course(modules=1, lessons_per_module=1))[0]
    body = [
        ("text", rich_text("<p>A claim resting on the trial.</p>")),
        ("citation", {"reference": retracted.pk, "locator": ""}),
    ]
    response = client.post(f"/admin/pages/{lesson.pk}/edit/", edit_form(lesson, body))
    assert response.status_code == 302
    warnings = [html.unescape(str(message)) for message in get_messages(response.wsgi_request)]
    assert any(
        f"“{lesson.title}” cites Bogus & Faked, 2019, which was retracted on 1 March 2024" in text
        and "https://example.org/retraction-notice" in text
        for text in warnings
    ), warnings
    # The draft is saved all the same.
    assert (
        LessonPage.objects.get(pk=lesson.pk)
        .get_latest_revision()
        .as_object()
        .body[1]
        .value["reference"]
        == retracted
    )


def test_saving_a_page_that_cites_only_current_sources_says_nothing_about_sources(client):
    lesson = lessons_of(make_course(modules=1, lessons_per_module=1, reference=make_reference()))[0]
    body = [("text", rich_text("<p>Sound teaching.</p>"))]
    response = client.post(f"/admin/pages/{lesson.pk}/edit/", edit_form(lesson, body))
    assert response.status_code == 302
    assert not any("which was" in str(message) for message in get_messages(response.wsgi_request))
