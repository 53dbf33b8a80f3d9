"""The flagship course's text reaches trainees word for word: where a data file wraps a
paragraph onto a new line, the rendered page keeps a space, so no two words are glued."""

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import TestCase

from courses.demo.content import CONTENT_DIR
from courses.demo.schema import rich_text
from courses.models import LessonPage
from tests.factories import make_editor

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def source_strings(value) -> list[str]:
    """Every string in a piece of parsed YAML."""
    if isinstance(value, dict):
        return [s for item in value.values() for s in source_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in source_strings(item)]
    return [value] if isinstance(value, str) else []


def lesson_sources() -> dict[str, set[str]]:
    """Each lesson's slug → the words of its data file entry."""
    sources = {}
    for path in sorted((CONTENT_DIR / "modules").glob("*.yaml")):
        for lesson in yaml.safe_load(path.read_text(encoding="utf-8"))["lessons"]:
            sources[lesson["slug"]] = {w for s in source_strings(lesson) for w in words(s)}
    return sources


class NoGluedWordsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("setup_demo", "--no-accounts", verbosity=0)

    def test_every_rendered_paragraph_of_every_lesson_uses_only_words_of_its_source(self):
        sources = lesson_sources()
        self.client.force_login(make_editor())
        lessons = LessonPage.objects.live().order_by("path")
        self.assertEqual({lesson.slug for lesson in lessons}, set(sources))
        checked = 0
        for lesson in lessons:
            page = BeautifulSoup(self.client.get(lesson.url).content, "html.parser")
            for paragraph in page.select(".lesson-body .rich-text :is(p, li)"):
                source = sources[lesson.slug]
                unknown = [w for w in words(paragraph.get_text(" ")) if w not in source]
                self.assertEqual(unknown, [], f"{lesson.slug}: {paragraph.get_text()[:120]}")
                checked += 1
        self.assertGreater(checked, 100)


def test_a_wrapped_line_becomes_a_space_and_list_items_stay_apart():
    html = rich_text("must be\ncontrolled with **care**\nand\nsense.\n\n- one\n- two", _where())
    assert html == (
        "<p>must be controlled with <b>care</b> and sense.</p><ul><li>one</li><li>two</li></ul>"
    )


def _where():
    from courses.demo.schema import Where

    return Where(Path("example.yaml"))
