"""Lesson blocks: each renders with its own template, escapes what authors type, and keeps
the outline and alt text that readers rely on."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from courses.blocks import LessonBodyBlock
from tests.factories import lessons_of, make_course, make_reference, make_trainee

pytestmark = pytest.mark.django_db
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
IMAGE = (
    __import__("pathlib").Path(__file__).resolve().parents[1]
    / "courses/demo_content/images/three-phase-model.png"
)


def render(block_type, value, context=None):
    block = LessonBodyBlock().child_blocks[block_type]
    return BeautifulSoup(block.render(block.to_python(value), context=context), "html.parser")


def test_every_block_has_its_own_template():
    for name, block in LessonBodyBlock().child_blocks.items():
        assert block.meta.template.startswith("blocks/"), name


def test_heading_levels_follow_the_outline():
    assert render("heading", {"text": "Screening", "level": "h2"}).find("h2").text == "Screening"
    assert render("heading", {"text": "Vitals", "level": "h3"}).find("h3").text == "Vitals"


def test_callout_kinds_are_labelled_for_everyone():
    html = render("callout", {"kind": "safety", "title": "Stop", "text": "<p>Call for help.</p>"})
    aside = html.find("aside")
    assert "callout--safety" in aside["class"]
    assert "Safety-critical" in aside.get_text()


def test_plain_text_fields_are_escaped():
    cases = {
        "heading": {"text": PAYLOAD, "level": "h2"},
        "quote": {"text": PAYLOAD, "attribution": PAYLOAD},
        "reflection": {"prompt": PAYLOAD, "guidance": PAYLOAD},
        "key_points": {"title": PAYLOAD, "points": [PAYLOAD]},
        "case_vignette": {"title": PAYLOAD, "scenario": "<p>ok</p>", "questions": [PAYLOAD]},
    }
    for block_type, value in cases.items():
        html = render(block_type, value)
        assert html.find("script") is None, block_type
        assert not html.find_all(attrs={"onerror": True}), block_type


def test_rich_text_drops_scripts_and_event_handlers():
    html = render("text", f'<p>Hello</p>{PAYLOAD}<a href="javascript:alert(1)">x</a>')
    assert html.find("script") is None
    assert not html.find_all(attrs={"onerror": True})
    assert not [a for a in html.find_all("a") if a.get("href", "").startswith("javascript")]


def test_citation_links_to_its_numbered_reference():
    reference = make_reference(authors="Grob CS, Danforth AL, et al.", year=2011)
    html = render(
        "citation",
        {"reference": reference.pk, "locator": "results"},
        context={"reference_numbers": {reference.pk: 3}},
    )
    link = html.find("a")
    assert link["href"] == f"#ref-{reference.pk}"
    assert link.get_text() == "Grob et al., 2011 [3]"
    assert not link.has_attr("aria-label")  # its accessible name is the text a reader sees
    assert "results" in html.get_text()


def test_citation_of_a_deleted_reference_renders_nothing():
    reference = make_reference()
    course = make_course(modules=1, lessons_per_module=1, reference=reference)
    lesson = lessons_of(course)[0]
    reference.delete()
    from django.test import Client

    client = Client()
    client.force_login(make_trainee(enrolled_in=course))
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert b'class="citation"' not in response.content


def test_a_lesson_lists_its_sections_near_the_top_and_links_to_them(client):
    course = make_course(modules=1, lessons_per_module=1)
    lesson = lessons_of(course)[0]
    lesson.body = [
        ("heading", {"text": "Screening", "level": "h2"}),
        ("text", "<p>Who may take part.</p>"),
        ("heading", {"text": "Vital signs", "level": "h3"}),
        ("heading", {"text": "Consent", "level": "h2"}),
    ]
    lesson.save_revision().publish()
    client.force_login(make_trainee(enrolled_in=course))
    html = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    contents = html.select_one("header nav.lesson-contents")
    links = [(a["href"], a.get_text()) for a in contents.select("a")]
    assert [text for _, text in links] == ["Screening", "Consent"]  # sections, not subsections
    for href, text in links:
        assert html.select_one(f"h2{href}").get_text() == text
    # The module outline folds on narrow screens, and follows the lesson's heading and
    # contents in reading order, before its text.
    outline = html.select_one("nav.outline details.outline__details")
    assert outline.find("summary").get_text(strip=True) == "In this module"
    assert html.select_one("article.lesson > header + nav.outline + .lesson-body") is not None


def test_a_lesson_with_one_section_has_no_contents_list(client):
    course = make_course(modules=1, lessons_per_module=1)
    lesson = lessons_of(course)[0]
    lesson.body = [("heading", {"text": "Screening", "level": "h2"}), ("text", "<p>Who.</p>")]
    lesson.save_revision().publish()
    client.force_login(make_trainee(enrolled_in=course))
    assert b"lesson-contents" not in client.get(lesson.url).content


def test_figure_has_alt_text_and_caption():
    with IMAGE.open("rb") as handle:
        image = get_image_model().objects.create(
            title="Three phases", file=ImageFile(handle, name="three-phase-model.png")
        )
    html = render(
        "figure",
        {
            "image": image.pk,
            "alt_text": "Three boxes in a row",
            "caption": "The model",
            "credit": "",
        },
    )
    assert html.find("img")["alt"] == "Three boxes in a row"
    assert html.find("figcaption").get_text(strip=True) == "The model"
    full_size = html.select_one("a.figure__full")
    assert full_size["href"] == image.get_rendition("original").url
    assert full_size.find("img") is not None
    assert "Open the full-size image" in full_size.get_text()


def test_video_has_a_title_a_link_and_a_transcript():
    Embed.objects.create(
        url="https://www.youtube.com/watch?v=abc",
        max_width=None,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/abc"></iframe>',
        title="Demo",
        provider_name="YouTube",
    )
    with mock.patch("wagtail.embeds.embeds.get_embed", wraps=None) as get_embed:
        get_embed.return_value = Embed.objects.get()
        html = render(
            "video",
            {
                "video": "https://www.youtube.com/watch?v=abc",
                "title": "A preparation session, role-played",
                "transcript": "Therapist: welcome.",
            },
        )
    assert html.find("iframe") is not None
    assert html.find("a")["href"] == "https://www.youtube.com/watch?v=abc"
    assert "A preparation session, role-played" in html.get_text()
    assert html.find("details").find("summary").get_text() == "Transcript"


def test_video_that_cannot_be_fetched_still_offers_the_link():
    from wagtail.embeds.exceptions import EmbedNotFoundException

    with mock.patch("wagtail.embeds.embeds.get_embed", side_effect=EmbedNotFoundException):
        html = render(
            "video", {"video": "https://vimeo.com/1", "title": "Integration", "transcript": ""}
        )
    assert html.find("iframe") is None
    assert html.find("a")["href"] == "https://vimeo.com/1"
