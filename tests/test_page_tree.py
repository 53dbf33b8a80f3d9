"""The course tree only allows well-formed courses: catalogue → course → module → lesson."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.home.models import HomePage, InformationPage
from courses.models import (
    CourseEvaluationPage,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    QuizPage,
)
from tests.factories import course_index


class PageTreeRulesTests(WagtailPageTestCase):
    def test_each_page_type_allows_only_its_children(self):
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage, InformationPage})
        self.assertAllowedSubpageTypes(InformationPage, set())
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage, QuizPage, CourseEvaluationPage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedSubpageTypes(QuizPage, set())
        self.assertAllowedSubpageTypes(CourseEvaluationPage, set())

    def test_each_page_type_allows_only_its_parent(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedParentPageTypes(QuizPage, {ModulePage, CoursePage})
        self.assertAllowedParentPageTypes(CourseEvaluationPage, {CoursePage})

    def test_lessons_cannot_be_created_outside_a_module(self):
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(Page, CoursePage)

    def test_one_catalogue_per_site(self):
        index = course_index()
        home = index.get_parent().specific
        self.assertFalse(CourseIndexPage.can_create_at(home))
