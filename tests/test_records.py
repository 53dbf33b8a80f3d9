"""Training records survive content changes: editing, moving, unpublishing or deleting a
lesson, module or course never deletes or alters an enrolment or a completion."""

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from courses.learning.models import Enrolment, LessonCompletion
from courses.models import ModulePage
from tests.factories import complete, lessons_of, make_course, make_editor, make_trainee

pytestmark = pytest.mark.django_db
TRAINING_MODELS = [Enrolment, LessonCompletion]


def records():
    return (
        list(Enrolment.objects.order_by("pk").values()),
        list(LessonCompletion.objects.order_by("pk").values()),
    )


@pytest.fixture
def setting():
    course = make_course(title="Foundations", modules=2, lessons_per_module=2)
    trainee = make_trainee(enrolled_in=course)
    complete(trainee, lessons_of(course)[:3])
    return course, trainee, records()


def test_no_training_record_cascades_from_content():
    for model in TRAINING_MODELS:
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and issubclass(field.related_model, Page):
                assert field.remote_field.on_delete is models.DO_NOTHING, field
                assert field.db_constraint is False, field
            elif isinstance(field, models.ForeignKey):
                assert field.remote_field.on_delete is models.PROTECT, field


def test_no_model_cascades_into_training_records():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) in TRAINING_MODELS and field.many_to_one:
                assert field.remote_field.on_delete is not models.CASCADE, field


def test_editing_a_lesson_keeps_the_title_it_had_at_completion(setting):
    course, trainee, before = setting
    lesson = lessons_of(course)[0]
    lesson.title = "Renamed lesson"
    lesson.save_revision().publish()
    assert records() == before
    assert LessonCompletion.objects.get(lesson_id=lesson.pk).lesson_title != "Renamed lesson"


def test_moving_a_lesson_keeps_its_completion(setting):
    course, trainee, before = setting
    lesson = lessons_of(course)[0]
    other_course = make_course(modules=1, lessons_per_module=0)
    lesson.move(ModulePage.objects.child_of(other_course).get(), pos="last-child")
    assert records() == before
    assert lesson.pk not in {item.pk for item in lessons_of(course)}


def test_unpublishing_keeps_records_and_my_learning_still_shows_them(setting):
    course, trainee, before = setting
    lessons_of(course)[0].unpublish()
    ModulePage.objects.child_of(course).last().unpublish()
    assert records() == before
    course.unpublish()
    assert records() == before
    client = Client()
    client.force_login(trainee)
    html = client.get("/learning/").content.decode()
    assert "Foundations" in html and "Your record is kept" in html


def test_deleting_a_lesson_module_or_course_keeps_every_record(setting):
    course, trainee, before = setting
    lessons_of(course)[0].delete()
    assert records() == before
    ModulePage.objects.child_of(course).last().delete()
    assert records() == before
    Page.objects.get(pk=course.pk).delete()
    assert records() == before
    client = Client()
    client.force_login(trainee)
    assert b"Foundations" in client.get("/learning/").content


def test_deleting_a_course_in_the_admin_keeps_every_record(setting):
    course, trainee, before = setting
    client = Client()
    client.force_login(make_editor())
    response = client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=course.pk).exists()
    assert records() == before


def test_a_trainee_with_records_cannot_be_deleted_by_accident(setting):
    course, trainee, before = setting
    with pytest.raises(models.ProtectedError):
        trainee.delete()
    assert records() == before


def test_deleting_a_trainee_in_the_admin_is_refused_with_a_clear_message(setting):
    course, trainee, before = setting
    client = Client()
    client.force_login(make_editor())
    url = reverse("wagtailusers_users:delete", args=[trainee.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailusers_users:edit", args=[trainee.pk])
    page = client.get(reverse("wagtailusers_users:edit", args=[trainee.pk]))
    assert "has training records" in page.content.decode()
    assert records() == before
    assert type(trainee).objects.filter(pk=trainee.pk).exists()


def test_a_user_without_records_can_still_be_deleted_in_the_admin():
    from tests.factories import make_user

    someone = make_user("no-records")
    client = Client()
    client.force_login(make_editor())
    response = client.post(reverse("wagtailusers_users:delete", args=[someone.pk]))
    assert response.status_code == 302
    assert not type(someone).objects.filter(pk=someone.pk).exists()
