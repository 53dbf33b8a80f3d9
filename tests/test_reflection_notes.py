"""Private notes under reflection prompts: kept on the server, shown only to their writer,
never in the shared lesson HTML, and kept when the lesson changes."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from courses.learning.models import NOTE_MAX_LENGTH, ReflectionNote
from courses.models import LessonPage
from tests.factories import lesson_body, lessons_of, make_course, make_editor, make_trainee

pytestmark = pytest.mark.django_db

PROMPT = "What would you say to a client who is afraid of losing control?"


@pytest.fixture
def course():
    return make_course(modules=1, lessons_per_module=2)


@pytest.fixture
def lesson(course):
    lesson = lessons_of(course)[0]
    lesson.body = [
        *lesson_body(),
        ("reflection", {"prompt": PROMPT, "guidance": "Think of one client."}),
    ]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def prompt_id(lesson) -> str:
    return next(str(block.id) for block in lesson.body if block.block_type == "reflection")


def note_url(lesson, block_id=None):
    return reverse("reflection_note", args=[lesson.pk, block_id or prompt_id(lesson)])


def note_box(client, lesson):
    html = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    return html.select_one("form.reflection-note")


def test_a_trainee_writes_a_note_and_finds_it_under_the_prompt(client, course, lesson):
    trainee = make_trainee(enrolled_in=course)
    client.force_login(trainee)
    box = note_box(client, lesson)
    assert box.select_one("label").get_text(" ", strip=True).startswith("Your private note")
    assert box.select_one("textarea").get_text() == ""
    response = client.post(note_url(lesson), {"text": "Breathe, and name the fear."})
    assert response.status_code == 302
    assert response["Location"] == f"{lesson.url}#note-{prompt_id(lesson)}"
    page = client.get(lesson.url)
    assert "Your note is saved. Only you can see it." in page.content.decode()
    assert note_box(client, lesson).select_one("textarea").get_text() == (
        "Breathe, and name the fear."
    )
    note = ReflectionNote.objects.get(user=trainee)
    assert (note.lesson_title, note.prompt, note.course_title) == (
        lesson.title,
        PROMPT,
        course.title,
    )
    # Saving again changes the one note; blank text deletes it.
    client.post(note_url(lesson), {"text": "Second thoughts."})
    assert ReflectionNote.objects.get(user=trainee).text == "Second thoughts."
    client.post(note_url(lesson), {"text": "   "})
    assert not ReflectionNote.objects.exists()


def test_another_trainee_never_sees_a_note_even_from_the_cached_lesson(client, course, lesson):
    """The lesson's body is rendered once per revision and shared: the note must not be in
    it, whoever asks first."""
    writer = make_trainee("writer", enrolled_in=course)
    reader = make_trainee("reader", enrolled_in=course)
    ReflectionNote.objects.create(
        user=writer, lesson=lesson, block_id=prompt_id(lesson), prompt=PROMPT, text="SECRET-A1"
    )
    client.force_login(reader)  # the reader warms the cache
    assert "SECRET-A1" not in client.get(lesson.url).content.decode()
    client.force_login(writer)
    assert "SECRET-A1" in client.get(lesson.url).content.decode()
    client.force_login(reader)  # and after the writer's request
    assert "SECRET-A1" not in client.get(lesson.url).content.decode()
    assert note_box(client, lesson).select_one("textarea").get_text() == ""
    for url in (reverse("my_notes"), reverse("my_notes_download")):
        assert "SECRET-A1" not in client.get(url).content.decode()
    # The reader saving a note of their own leaves the writer's untouched.
    client.post(note_url(lesson), {"text": "Mine."})
    assert ReflectionNote.objects.get(user=writer).text == "SECRET-A1"
    assert ReflectionNote.objects.get(user=reader).text == "Mine."


def test_staff_reading_the_lesson_see_no_notes_and_no_note_box(client, course, lesson):
    writer = make_trainee("writer", enrolled_in=course)
    ReflectionNote.objects.create(
        user=writer, lesson=lesson, block_id=prompt_id(lesson), prompt=PROMPT, text="SECRET-B2"
    )
    client.force_login(make_editor())
    page = client.get(lesson.url).content.decode()
    assert PROMPT.split("?")[0].replace("'", "&#x27;") in page
    assert "SECRET-B2" not in page
    assert "reflection-note" not in page
    assert client.post(note_url(lesson), {"text": "x"}).status_code == 302
    assert not ReflectionNote.objects.exclude(user=writer).exists()


def test_signing_in_and_enrolling_come_first(client, course, lesson):
    response = client.post(note_url(lesson), {"text": "Hello"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("my_notes")).status_code == 302
    assert client.get(reverse("my_notes_download")).status_code == 302
    client.force_login(make_trainee("outsider"))  # signed in, not enrolled
    assert note_box(client, lesson) is None
    response = client.post(note_url(lesson), {"text": "Hello"})
    assert response.status_code == 302 and response["Location"] == lesson.url
    assert not ReflectionNote.objects.exists()
    assert client.get(note_url(lesson)).status_code == 405


def test_a_note_on_a_prompt_the_lesson_does_not_have_is_a_404(client, course, lesson):
    client.force_login(make_trainee(enrolled_in=course))
    assert client.post(note_url(lesson, "not-a-block"), {"text": "x"}).status_code == 404
    other = lessons_of(course)[1]
    assert client.post(note_url(other, prompt_id(lesson)), {"text": "x"}).status_code == 404
    assert not ReflectionNote.objects.exists()


def test_an_oversize_note_is_refused_with_a_message_and_nothing_changes(client, course, lesson):
    trainee = make_trainee(enrolled_in=course)
    client.force_login(trainee)
    client.post(note_url(lesson), {"text": "Kept."})
    response = client.post(note_url(lesson), {"text": "x" * (NOTE_MAX_LENGTH + 1)}, follow=True)
    assert response.status_code == 200
    assert "a note can have at most 5,000" in response.content.decode()
    assert ReflectionNote.objects.get(user=trainee).text == "Kept."
    response = client.post(
        note_url(lesson),
        {"text": "x" * (NOTE_MAX_LENGTH + 1)},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400 and "at most" in response.json()["error"]
    response = client.post(
        note_url(lesson), {"text": "Saved quietly."}, headers={"accept": "application/json"}
    )
    assert response.json() == {"saved": True, "message": "Your note is saved. Only you can see it."}


def test_a_note_survives_the_lesson_being_edited_republished_and_deleted(client, course, lesson):
    trainee = make_trainee(enrolled_in=course)
    client.force_login(trainee)
    client.post(note_url(lesson), {"text": "Still mine."})
    lesson.title = "A renamed lesson"
    # An editor adds a paragraph before the prompt: the prompt keeps its block id.
    lesson.body = [
        {"type": "text", "value": "<p>A new opening paragraph.</p>"},
        *lesson.body.raw_data,
    ]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    page = client.get(lesson.url).content.decode()
    assert "A new opening paragraph." in page and "Still mine." in page
    lesson.delete()
    note = ReflectionNote.objects.get(user=trainee)
    assert note.text == "Still mine."
    notes_page = client.get(reverse("my_notes")).content.decode()
    assert "Still mine." in notes_page and PROMPT.split("?")[0][:20] in notes_page
    download = client.get(reverse("my_notes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert "Still mine." in download.content.decode()
