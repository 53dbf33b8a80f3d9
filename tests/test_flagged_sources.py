"""A source marked corrected or retracted flags exactly the pages that cite it: the admin's
Flagged sources report lists them (and exports them), the dashboard counts them, an author
opening one to edit it is warned, and trainees see a notice on the lesson."""

import csv
import datetime
import io

from django.test import Client, TestCase

from courses.models import LessonPage, Reference
from tests.factories import lessons_of, make_course, make_editor, make_reference

REPORT_URL = "/admin/reports/flagged-sources/"


class FlaggedSourcesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.flagged = make_reference(authors="Bogus B, Faked F", year=2019, title="A bad trial")
        cls.sound = make_reference(authors="Sound S, Solid T", year=2021, title="A good trial")
        cls.citing_course = make_course(modules=1, lessons_per_module=2, reference=cls.flagged)
        cls.other_course = make_course(modules=1, lessons_per_module=1, reference=cls.sound)
        cls.citing = lessons_of(cls.citing_course)
        cls.not_citing = lessons_of(cls.other_course)

    def setUp(self):
        self.editor = Client()
        self.editor.force_login(make_editor())

    def retract(self):
        self.flagged.status = Reference.Status.RETRACTED
        self.flagged.status_changed_on = datetime.date(2024, 3, 1)
        self.flagged.notice_url = "https://example.org/retraction-notice"
        self.flagged.status_note = "The journal retracted it after a data audit."
        self.flagged.save()

    def test_nothing_is_flagged_while_every_source_is_current(self):
        response = self.editor.get(REPORT_URL)
        self.assertEqual(response.status_code, 200)
        for lesson in self.citing + self.not_citing:
            self.assertNotContains(response, lesson.title)
        self.assertContains(self.editor.get("/admin/"), "0 pages")

    def test_retraction_flags_exactly_the_pages_that_cite_it(self):
        self.retract()
        response = self.editor.get(REPORT_URL)
        for lesson in self.citing:
            self.assertContains(response, lesson.title)
        for lesson in self.not_citing:
            self.assertNotContains(response, lesson.title)
        self.assertContains(response, "Retracted")
        self.assertContains(self.editor.get("/admin/"), "2 pages")

        export = self.editor.get(REPORT_URL, {"export": "csv"})
        content = b"".join(export.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(content)))
        self.assertEqual(sorted(row["Page"] for row in rows), sorted(p.title for p in self.citing))
        self.assertEqual({row["Notice"] for row in rows}, {"https://example.org/retraction-notice"})

    def test_an_author_opening_a_citing_page_is_warned(self):
        self.retract()
        lesson = self.citing[0]
        page = self.editor.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
        self.assertIn("This page cites Bogus &amp; Faked, 2019, which was retracted", page)
        self.assertIn("1 March 2024", page)
        clean = self.editor.get(f"/admin/pages/{self.not_citing[0].pk}/edit/").content.decode()
        self.assertNotIn("which was retracted", clean)

    def test_trainees_see_a_notice_on_the_lesson_and_it_goes_when_the_source_is_current(self):
        lesson = LessonPage.objects.get(pk=self.citing[0].pk)
        self.assertNotContains(self.editor.get(lesson.url), "A source of this lesson has changed")
        self.retract()
        response = self.editor.get(lesson.url)
        self.assertContains(response, "A source of this lesson has changed")
        self.assertContains(response, "Bogus &amp; Faked, 2019 was retracted on 1 March 2024")
        self.assertContains(response, 'href="https://example.org/retraction-notice"')
        self.assertNotContains(
            self.editor.get(self.not_citing[0].url), "A source of this lesson has changed"
        )
        self.flagged.status = Reference.Status.CURRENT
        self.flagged.save()
        self.assertNotContains(self.editor.get(lesson.url), "A source of this lesson has changed")

    def test_only_people_who_use_the_admin_see_the_report(self):
        response = Client().get(REPORT_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_a_lesson_published_again_after_the_retraction_is_no_longer_flagged(self):
        self.retract()
        lesson = LessonPage.objects.get(pk=self.citing[0].pk)
        lesson.save_revision().publish()
        self.assertNotContains(self.editor.get(lesson.url), "A source of this lesson has changed")
        self.assertContains(
            self.editor.get(self.citing[1].url), "A source of this lesson has changed"
        )
        self.assertContains(self.editor.get("/admin/"), "1 page")
        report = self.editor.get(REPORT_URL).content.decode()
        self.assertIn(lesson.title, report)  # listed, as revised
        edit = self.editor.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
        self.assertNotIn("which was retracted", edit)

    def test_a_source_flagged_before_the_lessons_were_written_flags_nothing(self):
        reference = make_reference(status=Reference.Status.RETRACTED, title="A teaching case")
        course = make_course(modules=1, lessons_per_module=1, reference=reference)
        lesson = lessons_of(course)[0]
        lesson.save_revision().publish()  # written, and published, knowing the source's status
        self.assertNotContains(self.editor.get(lesson.url), "A source of this lesson has changed")
        self.assertContains(self.editor.get(lesson.url), "badge--retracted")
