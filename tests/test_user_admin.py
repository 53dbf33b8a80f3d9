"""Trainees in the Wagtail admin's Users area: the form shows full name, profession and
licence number, asks for no first or last name, and an administrator can deactivate a
trainee (the advice given when a trainee with records cannot be deleted)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import make_course, make_editor, make_trainee

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_editor("user-manager"))
    return client


def edit_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "full_name": user.full_name,
        "profession": user.profession,
        "licence_number": user.licence_number,
        "first_name": "",
        "last_name": "",
        "password1": "",
        "password2": "",
        "is_active": "on" if user.is_active else "",
        "groups": [],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_the_edit_form_shows_the_trainee_fields(admin_client):
    trainee = make_trainee(
        "jo", full_name="Jo Doe", profession="nurse", licence_number="RN-4471", email="jo@x.org"
    )
    response = admin_client.get(reverse("wagtailusers_users:edit", args=[trainee.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["full_name"].value() == "Jo Doe"
    assert form["profession"].value() == "nurse"
    assert form["licence_number"].value() == "RN-4471"
    assert not form.fields["first_name"].required and not form.fields["last_name"].required
    content = response.content.decode()
    assert 'name="full_name"' in content and 'name="licence_number"' in content


def test_an_administrator_deactivates_a_trainee_who_has_no_first_or_last_name(admin_client):
    course = make_course(modules=1, lessons_per_module=1)
    trainee = make_trainee("sam", enrolled_in=course, full_name="Sam Roe", profession="nurse")
    url = reverse("wagtailusers_users:edit", args=[trainee.pk])
    response = admin_client.post(url, edit_data(trainee, is_active=""))
    assert response.status_code == 302, response.context["form"].errors
    trainee.refresh_from_db()
    assert not trainee.is_active
    assert (trainee.full_name, trainee.first_name, trainee.last_name) == ("Sam Roe", "", "")
    signed_in = Client().post(
        "/accounts/login/", {"login": trainee.email, "password": "x" * 12}, follow=True
    )
    assert not signed_in.context["user"].is_authenticated


def test_an_administrator_corrects_a_trainees_certificate_name(admin_client):
    trainee = make_trainee("kim", full_name="Kim Lee", profession="psychologist")
    url = reverse("wagtailusers_users:edit", args=[trainee.pk])
    data = edit_data(trainee, full_name="Kim Lee-Park", licence_number="PSY 12")
    assert admin_client.post(url, data).status_code == 302
    trainee.refresh_from_db()
    assert (trainee.full_name, trainee.licence_number) == ("Kim Lee-Park", "PSY 12")


def test_a_name_is_still_needed(admin_client):
    trainee = make_trainee("nameless", full_name="Some One")
    url = reverse("wagtailusers_users:edit", args=[trainee.pk])
    response = admin_client.post(url, edit_data(trainee, full_name=""))
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors


def test_an_administrator_creates_a_trainee_account(admin_client):
    data = {
        "username": "newtrainee",
        "email": "new@example.org",
        "full_name": "Nell New",
        "profession": "social_worker",
        "licence_number": "",
        "password1": "a-long-enough-pass-4471",
        "password2": "a-long-enough-pass-4471",
    }
    response = admin_client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="newtrainee")
    assert (user.full_name, user.profession, user.first_name) == ("Nell New", "social_worker", "")


def test_the_users_list_finds_trainees_by_full_name(admin_client):
    make_trainee("zed", full_name="Zelda Quorn")
    response = admin_client.get(reverse("wagtailusers_users:index"), {"q": "Quorn"})
    assert response.status_code == 200
    assert "Zelda Quorn" in response.content.decode()
