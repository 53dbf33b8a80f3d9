"""The sitemap of public pages: the home page, the catalogue, courses' and modules' overviews
and the information pages. Lessons, quizzes and evaluations are never listed: they are for
enrolled trainees, and a sitemap says nothing about what only they may read."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.home.models import HomePage, InformationPage
from courses.models import CourseIndexPage, CoursePage, ModulePage, visible

PUBLIC_PAGE_TYPES = (HomePage, InformationPage, CourseIndexPage, CoursePage, ModulePage)


class PublicPagesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        pages = Page.objects.descendant_of(root, inclusive=True).type(*PUBLIC_PAGE_TYPES)
        # `visible`: live, not view-restricted, and no unpublished catalogue, course or module
        # above them.
        return visible(pages).order_by("path").defer_streamfields().specific()
