"""What lets a trainee trust the platform: who wrote and reviewed each lesson and when; the
privacy notice, terms and contact pages in every footer."""

import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from cms.home.models import InformationPage, SiteSettings
from tests.factories import home_page, lessons_of, make_course, make_trainee

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


def footer_links(client, url="/"):
    html = BeautifulSoup(client.get(url).content, "html.parser")
    return [(a.get_text(), a["href"]) for a in html.select("footer nav .footer-links a")]


def test_setup_demo_writes_the_privacy_terms_and_contact_pages_and_links_them(client):
    call_command("setup_demo", "--no-accounts", verbosity=0)
    links = footer_links(client)
    assert [label for label, _ in links] == ["Privacy notice", "Terms of use", "Contact"]
    for _, url in links:
        page = BeautifulSoup(client.get(url).content, "html.parser")
        assert "Pathway" in page.get_text()
        assert page.select_one('meta[name="description"]')["content"]
    privacy = client.get(links[0][1]).content.decode()
    assert "Other trainees see none of it" in privacy
    # Again: nothing added twice, and an edited page is kept.
    page = InformationPage.objects.get(slug="terms")
    page.title = "Our terms"
    page.save_revision().publish()
    call_command("setup_demo", "--no-accounts", verbosity=0)
    assert InformationPage.objects.count() == 3
    assert [label for label, _ in footer_links(client)] == [
        "Privacy notice",
        "Terms of use",
        "Contact",
    ]
    assert InformationPage.objects.get(slug="terms").title == "Our terms"


def test_the_footer_links_only_live_chosen_pages_and_follows_edits(client):
    home = home_page()
    privacy = InformationPage(title="Privacy", slug="privacy", summary="s", body="<p>b</p>")
    home.add_child(instance=privacy)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert footer_links(client) == []
    settings.privacy_page = privacy
    settings.save()
    assert footer_links(client) == [("Privacy notice", "/privacy/")]
    privacy.unpublish()
    assert footer_links(client) == []


def test_robots_txt_keeps_crawlers_out_of_accounts_and_training_records(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    rules = response.content.decode().splitlines()
    assert rules[0] == "User-agent: *"
    for private in ("/admin/", "/accounts/", "/learning/"):
        assert f"Disallow: {private}" in rules


def test_every_page_names_the_favicon_and_favicon_ico_leads_to_it(client):
    home_page()
    html = BeautifulSoup(client.get("/").content, "html.parser")
    icon = html.select_one('link[rel="icon"]')["href"]
    assert icon.endswith("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon
    assert "<svg" in Path(finders.find("favicon.svg")).read_text(encoding="utf-8")
