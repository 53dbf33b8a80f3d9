"""Lesson search at /search/ and competency tag pages at /tags/<tag>/."""

import pytest
from bs4 import BeautifulSoup

from courses.models import LessonPage
from tests.factories import lessons_of, make_course, make_editor, make_trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = make_course(modules=1, lessons_per_module=3)
    first, second, third = lessons_of(course)
    first.body = [("text", "<p>Ketanserin blocks the serotonin 2A receptor.</p>")]
    first.tags.add("pharmacology")
    second.tags.add("pharmacology", "screening")
    for lesson in (first, second):
        lesson.save_revision().publish()
    third.tags.add("pharmacology")
    third.save_revision().publish()
    third.unpublish()
    return course


def result_titles(response):
    return [
        a.get_text(strip=True)
        for a in BeautifulSoup(response.content, "html.parser").select(
            ".results h3 a, .results h2 a"
        )
    ]


def test_a_word_only_in_a_lesson_body_is_found_only_by_those_who_may_read_it(client, course):
    """The body is for enrolled trainees: a visitor or someone not enrolled finds a lesson by
    its title and summary only, and never learns a word of the body from the search."""
    first = lessons_of(course)[0]
    response = client.get("/search/", {"query": "ketanserin"})
    assert response.status_code == 200
    assert result_titles(response) == []
    assert b"0 lessons found" in response.content
    client.force_login(make_trainee("outsider"))
    assert result_titles(client.get("/search/", {"query": "ketanserin"})) == []
    client.force_login(make_trainee("insider", enrolled_in=course))
    response = client.get("/search/", {"query": "ketanserin"})
    assert result_titles(response) == [first.title]
    assert b"1 lesson found" in response.content
    snippet = BeautifulSoup(response.content, "html.parser").select_one(".result__snippet")
    assert str(snippet.mark) == "<mark>Ketanserin</mark>"
    assert snippet.get_text() == "Ketanserin blocks the serotonin 2A receptor."
    client.force_login(make_editor())
    assert result_titles(client.get("/search/", {"query": "ketanserin"})) == [first.title]


def test_titles_and_summaries_are_found_by_everyone_with_course_and_module(client, course):
    first = lessons_of(course)[0]
    first.summary = "How <b>ketamine</b> & psilocybin differ."
    first.save_revision().publish()
    html = BeautifulSoup(client.get("/search/", {"query": "psilocybin"}).content, "html.parser")
    result = html.select_one(".results li")
    module = course.get_children().first()
    assert [(a.get_text(), a["href"]) for a in result.select(".result__place a")] == [
        (course.title, course.url),
        (f"Module 1: {module.title}", module.url),
    ]
    # Not enrolled: the title is no link to a page that would refuse them.
    assert result.select_one("h3 a") is None and result.h3.get_text(strip=True) == first.title
    assert "sign in and enrol" in result.select_one(".result__state").get_text()
    # The snippet is escaped text with the word marked: no markup from the page gets through.
    snippet = result.select_one(".result__snippet")
    assert snippet.find("b") is None
    assert snippet.get_text() == "How <b>ketamine</b> & psilocybin differ."
    assert [mark.get_text() for mark in snippet.select("mark")] == ["psilocybin"]


def test_a_locked_lesson_is_shown_locked_with_what_opens_it(client):
    course = make_course(modules=2, lessons_per_module=1, modules_unlock_in_order=True)
    first, second = lessons_of(course)
    client.force_login(make_trainee(enrolled_in=course))
    html = BeautifulSoup(client.get("/search/", {"query": "lesson"}).content, "html.parser")
    items = html.select(".results li")
    assert [item.h3.get_text(strip=True) for item in items] == [first.title, second.title]
    assert items[0].select_one("h3 a")["href"] == first.url
    assert items[1].select_one("h3 a") is None
    assert items[1].select_one('svg[aria-label="Locked"]') is not None
    first_module = course.get_children().first()
    assert items[1].select_one(".result__state").get_text(strip=True) == (
        f"Locked: opens once you complete “{first_module.title}”."
    )


def test_the_search_page_has_one_search_form_and_other_pages_the_header_one(client, course):
    search_page = BeautifulSoup(client.get("/search/", {"query": "x"}).content, "html.parser")
    assert [form["action"] for form in search_page.select("[role=search]")] == ["/search/"]
    assert search_page.select_one("#search-query")["value"] == "x"
    home = BeautifulSoup(client.get(course.url).content, "html.parser")
    assert [form.get("aria-label") for form in home.select("[role=search]")] == ["Site"]


def test_search_without_a_query_shows_the_form_only(client, course):
    response = client.get("/search/")
    assert response.status_code == 200
    assert result_titles(response) == []
    assert b'id="search-query"' in response.content


def test_search_never_lists_unpublished_lessons(client, course):
    hidden = lessons_of(course)[2]
    response = client.get("/search/", {"query": hidden.title})
    assert hidden.title not in result_titles(response)


@pytest.mark.parametrize(
    "params",
    [
        {"query": "x" * 10_000},
        {"query": "(*)&|\"'\\%_ ?+[" * 20},
        {"query": "anxiety", "page": "-1"},
        {"query": "anxiety", "page": "lots"},
        {"query": "anxiety", "page": "99999999999999999999"},
        {"query": "\x00"},
    ],
    ids=["very-long", "metacharacters", "negative-page", "word-page", "huge-page", "nul"],
)
def test_search_answers_odd_input_without_an_error(client, course, params):
    response = client.get("/search/", params)
    assert response.status_code == 200


def test_search_escapes_the_query_it_echoes(client, course):
    response = client.get("/search/", {"query": "<script>alert(1)</script>"})
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_search_refuses_to_change_anything(client):
    assert client.post("/search/", {"query": "x"}).status_code == 405


def test_tag_page_lists_every_published_lesson_with_the_tag(client, course):
    first, second, third = lessons_of(course)
    response = client.get("/tags/pharmacology/")
    assert response.status_code == 200
    assert result_titles(response) == [first.title, second.title]
    assert "Lessons tagged “pharmacology”" in response.content.decode()


def test_lesson_links_to_its_tag_pages(client, course):
    second = LessonPage.objects.get(pk=lessons_of(course)[1].pk)
    client.force_login(make_trainee(enrolled_in=course))
    html = client.get(second.url).content.decode()
    assert 'href="/tags/pharmacology/"' in html
    assert 'href="/tags/screening/"' in html


def test_unknown_tag_or_tag_with_nothing_published_is_not_found(client, course):
    assert client.get("/tags/no-such-tag/").status_code == 404
    from taggit.models import Tag

    Tag.objects.create(name="orphan", slug="orphan")
    assert client.get("/tags/orphan/").status_code == 404


def test_a_snippet_marks_whole_words_and_escapes_the_rest():
    from courses.search import snippet

    lesson = LessonPage(summary="The therapist <em>and</em> the anxious clients & others.")
    marked = str(snippet(lesson, ["the", "client", "<em>"], body=False))
    assert marked == (
        "<mark>The</mark> therapist &lt;em&gt;and&lt;/em&gt; <mark>the</mark> anxious "
        "<mark>clients</mark> &amp; others."
    )
