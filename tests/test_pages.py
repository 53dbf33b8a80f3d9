"""What visitors see: every page of the demo course renders with its headings, citations,
reference list and navigation; unknown pages get a helpful 404."""

import re
from pathlib import Path

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import TestCase, override_settings
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, ModulePage, QuizPage, Reference
from tests.factories import lessons_of, make_course, make_editor, make_reference, make_trainee


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def headings(page_soup, level):
    """The page's own headings (Wagtail's editor toolbar, shown to editors, has its own)."""
    return [h.get_text(" ", strip=True) for h in page_soup.find("main").find_all(level)]


class DemoCoursePagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("setup_demo", "--no-accounts", verbosity=0)
        cls.course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
        cls.modules = list(ModulePage.objects.child_of(cls.course).order_by("path"))
        cls.lessons = list(LessonPage.objects.descendant_of(cls.course).order_by("path"))
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_home_page_lists_the_course(self):
        page = soup(self.client.get("/"))
        self.assertIn(self.course.title, headings(page, "h2"))
        self.assertEqual(len(page.find_all("h1")), 1)
        self.assertIsNotNone(page.find("a", href=self.course.url))

    def test_catalogue_page_lists_the_course(self):
        response = self.client.get("/courses/")
        self.assertContains(response, self.course.title)

    def test_course_page_shows_overview_objectives_ce_hours_and_modules(self):
        response = self.client.get(self.course.url)
        page = soup(response)
        self.assertEqual(headings(page, "h1"), [self.course.title])
        for heading in ("Who this course is for", "Learning objectives", "Modules"):
            self.assertIn(heading, headings(page, "h2"))
        self.assertEqual(headings(page, "h3"), [module.title for module in self.modules])
        hours = f"{self.course.ce_hours.normalize():f}"
        self.assertContains(response, f"<dt>CE hours</dt><dd>{hours}</dd>", html=True)
        self.assertContains(response, "Modules unlock in order")

    def test_every_module_page_lists_its_lessons_and_quiz(self):
        for module in self.modules:
            with self.subTest(module=module.slug):
                page = soup(self.client.get(module.url))
                self.assertEqual(headings(page, "h1"), [module.title])
                lessons = [lesson.title for lesson in LessonPage.objects.child_of(module)]
                quizzes = [
                    f"Module quiz: {quiz.title}" for quiz in QuizPage.objects.child_of(module)
                ]
                self.assertEqual(headings(page, "h3"), lessons + quizzes)
                self.assertIn("Learning objectives", headings(page, "h2"))

    def test_every_lesson_renders_its_body_references_and_outline(self):
        for lesson in self.lessons:
            with self.subTest(lesson=lesson.slug):
                response = self.client.get(lesson.url)
                self.assertEqual(response.status_code, 200)
                page = soup(response)
                self.assertEqual(headings(page, "h1"), [lesson.title])
                h2s = headings(page, "h2")
                self.assertIn("References", h2s)
                self.assertIn("In this module", h2s)
                body_headings = [
                    block.value["text"] for block in lesson.body if block.block_type == "heading"
                ]
                for heading in body_headings:
                    self.assertIn(heading, headings(page, "h2") + headings(page, "h3"))
                cited = {
                    block.value["reference"].pk
                    for block in lesson.body
                    if block.block_type == "citation"
                }
                listed = page.select(".references li.reference")
                self.assertEqual({int(li["id"].removeprefix("ref-")) for li in listed}, cited)
                for link in page.select(".citation a"):
                    self.assertIsNotNone(page.find(id=link["href"].removeprefix("#")))

    def test_lessons_chain_previous_and_next_across_modules(self):
        steps = self.course.navigation().steps  # lessons, each module's quiz, final test
        for lesson in self.lessons:
            with self.subTest(lesson=lesson.slug):
                page = soup(self.client.get(lesson.url))
                after = steps[[step.pk for step in steps].index(lesson.pk) + 1]
                self.assertEqual(page.find("a", rel="next")["href"], after.url)
        first = soup(self.client.get(self.lessons[0].url))
        self.assertIsNone(first.find("a", rel="prev"))
        navigation = self.course.navigation()
        last_of_module = navigation.lessons_of(navigation.modules[0])[-1]
        last_module_lesson = soup(self.client.get(last_of_module.url))
        self.assertIn("Next quiz", last_module_lesson.select_one(".pager").get_text(" "))

    def test_breadcrumb_leads_back_to_course_and_module(self):
        lesson = self.lessons[0]
        crumbs = soup(self.client.get(lesson.url)).select("nav.breadcrumb a")
        self.assertEqual(
            [a["href"] for a in crumbs],
            ["/", self.course.url, self.modules[0].url, lesson.url],
        )
        self.assertEqual(crumbs[-1]["aria-current"], "page")

    def test_mithoefer_is_cited_with_the_corrected_year_and_volume(self):
        mithoefer = Reference.objects.get(doi="10.1177/0269881112456611")
        lesson = next(
            lesson
            for lesson in self.lessons
            if any(
                b.block_type == "citation" and b.value["reference"] == mithoefer
                for b in lesson.body
            )
        )
        entry = soup(self.client.get(lesson.url)).find(id=f"ref-{mithoefer.pk}")
        text = entry.select_one(".reference__citation").get_text(" ", strip=True)
        self.assertIn("J Psychopharmacol . 2013;27(1):28–39.", text)
        self.assertNotIn("2016", text)

    def test_corrected_and_retracted_sources_are_flagged_where_cited(self):
        for status, label in (("corrected", "Corrected"), ("retracted", "Retracted")):
            reference = Reference.objects.filter(status=status).first()
            lesson = next(
                lesson
                for lesson in self.lessons
                if any(
                    b.block_type == "citation" and b.value["reference"] == reference
                    for b in lesson.body
                )
            )
            page = soup(self.client.get(lesson.url))
            self.assertIn(label, page.find(id=f"ref-{reference.pk}").get_text())
            self.assertTrue(page.select(f".citation .badge--{status}"))

    def test_the_page_has_landmarks_and_a_skip_link(self):
        page = soup(self.client.get(self.lessons[0].url))
        skip = page.find("a", class_="skip-link")
        self.assertEqual(skip["href"], "#main")
        self.assertIsNotNone(page.find("main", id="main"))
        self.assertIsNotNone(page.find("header"))
        self.assertIsNotNone(page.find("footer"))
        self.assertIsNotNone(page.find("nav", attrs={"aria-label": "Breadcrumb"}))
        self.assertEqual(page.find("html")["lang"], "en")
        for image in page.find_all("img"):
            self.assertTrue(image.get("alt"), image)


class NavigationRespectsPublishingTests(TestCase):
    def test_unpublished_lessons_and_modules_leave_every_listing(self):
        course = make_course(modules=2, lessons_per_module=2)
        self.client.force_login(make_trainee(enrolled_in=course))
        first, hidden, third, fourth = lessons_of(course)
        hidden.unpublish()
        second_module = ModulePage.objects.child_of(course).order_by("path").last()
        second_module.unpublish()

        page = soup(self.client.get(first.url))
        self.assertIsNone(page.find("a", rel="next"))  # the rest is unpublished
        self.assertNotIn(hidden.title, page.select_one(".outline").get_text())
        course_page = self.client.get(course.url)
        self.assertNotContains(course_page, hidden.title)
        self.assertNotContains(course_page, second_module.title)
        self.assertEqual(self.client.get(hidden.url).status_code, 404)
        self.assertEqual(self.client.get(third.url).status_code, 404)


class ErrorPagesTests(TestCase):
    def test_unknown_page_gets_a_helpful_404(self):
        response = self.client.get("/courses/no-such-course/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, 'href="/search/"', status_code=404)

    @override_settings(DEBUG=False)
    def test_server_error_page_is_plain_and_reassuring(self):
        from django.test import RequestFactory
        from django.views.defaults import server_error

        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong", response.content)
        self.assertIn(b"Your training record is safe", response.content)
        self.assertNotIn(b"Traceback", response.content)


class ReferenceFormattingTests(TestCase):
    def test_formats_an_ama_style_citation_with_a_doi_link(self):
        reference = make_reference(
            authors="Grob CS, Danforth AL, Chopra GS, et al.",
            year=2011,
            title="Pilot study of psilocybin treatment for anxiety",
            journal="Arch Gen Psychiatry",
            volume="68",
            issue="1",
            pages="71–78",
            doi="10.1001/archgenpsychiatry.2010.116",
        )
        self.assertHTMLEqual(
            reference.formatted(),
            "Grob CS, Danforth AL, Chopra GS, et al. Pilot study of psilocybin treatment for "
            "anxiety. <i>Arch Gen Psychiatry</i>. 2011;68(1):71–78. "
            '<a href="https://doi.org/10.1001/archgenpsychiatry.2010.116">'
            "doi:10.1001/archgenpsychiatry.2010.116</a>",
        )
        self.assertEqual(reference.short_citation, "Grob et al., 2011")

    def test_short_citations_for_two_authors_and_organisations(self):
        pair = make_reference(authors="Vollenweider FX, Preller KH", year=2020)
        organisation = make_reference(authors="Lykos Therapeutics", year=2024, doi="")
        self.assertEqual(pair.short_citation, "Vollenweider & Preller, 2020")
        self.assertEqual(organisation.short_citation, "Lykos Therapeutics, 2024")

    def test_markup_in_reference_fields_is_escaped(self):
        reference = make_reference(title="<script>alert(1)</script>", journal="<b>J</b>")
        self.assertNotIn("<script>", reference.formatted())
        self.assertIn("&lt;script&gt;", reference.formatted())


class AccessibilityTests(TestCase):
    """Headings never skip a level, so screen-reader users can move through the outline."""

    @classmethod
    def setUpTestData(cls):
        call_command("setup_demo", "--no-accounts", verbosity=0)

    def test_heading_levels_never_skip_on_any_page(self):
        self.client.force_login(make_editor())
        urls = ["/", "/search/?query=anxiety", "/tags/screening/"]
        urls += [page.url for page in Page.objects.live().filter(depth__gte=3)]
        for url in urls:
            with self.subTest(url=url):
                page = soup(self.client.get(url))
                outline = page.find("main").find_all(["h1", "h2", "h3", "h4"])
                levels = [int(h.name[1]) for h in outline]
                self.assertEqual(levels[0], 1)
                self.assertEqual(levels.count(1), 1)
                for above, below in zip(levels, levels[1:], strict=False):
                    self.assertLessEqual(below, above + 1, levels)


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class ColourContrastTests(TestCase):
    """The stylesheet's text colours meet WCAG AA (4.5:1) on the backgrounds they sit on."""

    PAIRS = [
        ("--ink", "--paper"),
        ("--ink-muted", "--paper"),
        ("--ink-muted", "--paper-alt"),
        ("--brand", "--paper"),
        ("--brand", "--note-bg"),
        ("--ink", "--note-bg"),
        ("--ink", "--caution-bg"),
        ("--caution-line", "--caution-bg"),
        ("--ink", "--safety-bg"),
        ("--safety-line", "--safety-bg"),
        ("#ffffff", "--brand-dark"),
        ("#ffffff", "--brand"),
        ("#ffffff", "--safety-line"),
        ("#ffffff", "--caution-line"),
        ("--ink", "--focus"),
    ]

    def test_text_colour_pairs_meet_aa(self):
        css = (Path(__file__).resolve().parents[1] / "static/css/pathway.css").read_text()
        variables = dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
        for foreground, background in self.PAIRS:
            with self.subTest(pair=(foreground, background)):
                fg = variables.get(foreground, foreground)
                bg = variables.get(background, background)
                self.assertGreaterEqual(contrast(fg, bg), 4.5)
