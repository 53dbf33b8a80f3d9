"""Lesson search at /search/ and competency tag pages at /tags/<tag>/."""

import pytest
from bs4 import BeautifulSoup

from courses.models import LessonPage
from tests.factories import lessons_of, make_course, make_trainee

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


def test_search_finds_lessons_by_words_in_their_body(client, course):
    response = client.get("/search/", {"query": "ketanserin"})
    assert response.status_code == 200
    assert result_titles(response) == [lessons_of(course)[0].title]
    assert b"1 lesson found" in response.content


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
