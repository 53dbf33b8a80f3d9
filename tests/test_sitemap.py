"""The sitemap lists the public pages only, and robots.txt says where it is."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from cms.home.models import InformationPage
from tests.factories import home_page, lessons_of, make_course, make_quiz

pytestmark = pytest.mark.django_db


def sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urlset = BeautifulSoup(response.content, "html.parser").find("urlset")
    return [urlsplit(loc.get_text()).path for loc in urlset.find_all("loc")]


def test_the_sitemap_lists_home_catalogue_courses_modules_and_information_pages(client):
    course = make_course(modules=2, lessons_per_module=1)
    module = course.get_children().first()
    make_quiz(module)
    make_quiz(course, title="Final test", slug="final-test")
    home_page().add_child(
        instance=InformationPage(title="Privacy", slug="privacy", summary="s", body="<p>b</p>")
    )
    paths = sitemap_paths(client)
    assert paths == [
        "/",
        "/courses/",
        course.url,
        course.url + "module-1/",
        course.url + "module-2/",
        "/privacy/",
    ]
    lesson = lessons_of(course)[0]
    assert lesson.url not in paths
    assert not any("quiz" in path or "final-test" in path for path in paths)


def test_the_sitemap_leaves_out_unpublished_and_restricted_pages_and_what_lies_below(client):
    first, second, hidden = (make_course(modules=1, lessons_per_module=1) for _ in range(3))
    second.get_children().first().unpublish()  # its module: offline, and its lessons
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    paths = sitemap_paths(client)
    assert first.url in paths and first.url + "module-1/" in paths
    assert second.url in paths and second.url + "module-1/" not in paths
    assert not any(path.startswith(hidden.url) for path in paths)


def test_robots_txt_names_the_sitemap_by_its_full_address(client):
    rules = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in rules
