"""The evidence register: a DOI is kept in one bare form whatever an editor pastes, a
duplicate DOI is refused in plain words, and editors find references by author, title, year
or DOI in the listing and in the chooser."""

import pytest
from django.test import Client

from courses.models import Reference
from courses.models.references import normalise_doi
from tests.factories import make_editor, make_reference

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/courses/reference/add/"
LIST_URL = "/admin/snippets/courses/reference/"
CHOOSER_URL = "/admin/snippets/choose/courses/reference/results/"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("10.1177/0269881112456611", "10.1177/0269881112456611"),
        ("https://doi.org/10.1177/0269881112456611", "10.1177/0269881112456611"),
        ("http://dx.doi.org/10.1001/jamapsychiatry.2020.3285", "10.1001/jamapsychiatry.2020.3285"),
        ("  DOI: 10.1056/NEJMoa2032994 ", "10.1056/NEJMoa2032994"),
        ("https://DOI.org/10.1000/xyz", "10.1000/xyz"),
        ("https://example.org/paper", None),
        ("11.1000/xyz", None),
        ("10.1000", None),
        ("10.1000/has space", None),
    ],
)
def test_dois_are_normalised_or_refused(typed, kept):
    assert normalise_doi(typed) == kept


def admin_client():
    client = Client()
    client.force_login(make_editor())
    return client


def form(**fields):
    data = {
        "authors": "Grob CS, Danforth AL, Chopra GS, et al.",
        "year": "2011",
        "title": "Pilot study of psilocybin treatment for anxiety in advanced-stage cancer",
        "journal": "Arch Gen Psychiatry",
        "volume": "68",
        "issue": "1",
        "pages": "71–78",
        "doi": "",
        "url": "",
        "status": "current",
        "status_note": "",
    }
    data.update(fields)
    return data


def test_a_pasted_doi_link_is_saved_bare_and_links_correctly():
    response = admin_client().post(
        ADD_URL, form(doi="https://doi.org/10.1001/archgenpsychiatry.2010.116")
    )
    assert response.status_code == 302
    reference = Reference.objects.get()
    assert reference.doi == "10.1001/archgenpsychiatry.2010.116"
    assert reference.link == "https://doi.org/10.1001/archgenpsychiatry.2010.116"


def test_a_duplicate_doi_is_refused_in_plain_words_and_nothing_is_saved():
    existing = make_reference(doi="10.1001/archgenpsychiatry.2010.116")
    response = admin_client().post(ADD_URL, form(doi="doi:10.1001/ARCHGENPSYCHIATRY.2010.116"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another reference already has this DOI" in page
    assert existing.title in page
    assert "unique_reference_doi" not in page
    assert Reference.objects.count() == 1


def test_something_that_is_not_a_doi_is_refused_with_an_example():
    response = admin_client().post(ADD_URL, form(doi="https://example.org/paper.pdf"))
    assert response.status_code == 200
    assert "This is not a DOI" in response.content.decode()
    assert not Reference.objects.exists()


@pytest.mark.parametrize("query", ["Carhart-Harris", "Bolstridge", "2018", "10.1007/s00213"])
def test_editors_find_a_reference_by_author_year_or_doi(query):
    wanted = make_reference(
        authors="Carhart-Harris RL, Bolstridge M, Day CMJ, et al.",
        year=2018,
        title="Psilocybin with psychological support for treatment-resistant depression",
        doi="10.1007/s00213-017-4771-x",
    )
    other = make_reference(authors="Griffiths RR, Johnson MW", year=2016, doi="10.1177/x.1")
    client = admin_client()
    for url in (LIST_URL, CHOOSER_URL):
        page = client.get(url, {"q": query}).content.decode()
        assert wanted.title in page, (url, query)
        assert other.title not in page, (url, query)
