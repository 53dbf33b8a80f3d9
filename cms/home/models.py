from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.home.site_cache import site_for_request
from cms.shared_cache import cached
from courses.learning.outline import courses_to_continue
from courses.models import live_courses


class HomePage(Page):
    """The site's root page: a welcome and the course catalogue.

    The catalogue lists every live, public course on the site, wherever the course index is.
    """

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="A short welcome shown above the course catalogue.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "home.InformationPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = live_courses(site_root=self)
        context["courses"] = courses
        context["to_continue"] = courses_to_continue(request.user, courses)
        return context

    def route(self, request, path_components):
        """Find the page for a URL by its path in one query, instead of Wagtail's one or two
        queries per level. The site's paths are kept in the content cache with each page's
        type and whether it is live; a page below an unpublished page is not served, as
        Wagtail's level-by-level routing would have it. Anything not found this way (a
        sub-route of a routable page) goes level by level as before."""
        if not path_components:
            return super().route(request, path_components)
        index = cached("page-paths", (self.pk,), self.page_paths, local=True)
        url_path = self.url_path + "/".join(path_components) + "/"
        if url_path not in index:
            return super().route(request, path_components)
        prefix = self.url_path
        for component in path_components:
            prefix += component + "/"
            content_type_id, pk, live = index[prefix]
            if not live:
                raise Http404
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.get(pk=pk)
        return page.route(request, [])

    def page_paths(self) -> dict[str, tuple[int, int, bool]]:
        """Every page below this one: its URL path → (content type id, id, live)."""
        pages = Page.objects.descendant_of(self).values_list(
            "url_path", "content_type_id", "pk", "live"
        )
        return {url_path: (content_type, pk, live) for url_path, content_type, pk, live in pages}


class InformationPage(Page):
    """A plain page about the platform itself: the privacy notice, the terms of use, how to
    get in touch. The site settings choose which of them the footer links to."""

    summary = models.TextField(
        max_length=600, help_text="One or two plain sentences: what the page is about."
    )
    body = RichTextField(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="The page's text. Say what the platform actually does; nothing more.",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "home/information_page.html"


def footer_page_field(what: str):
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=f"The page linked in every page's footer as “{what}”.",
    )


FOOTER_LINKS = (
    ("privacy_page", "Privacy notice"),
    ("terms_page", "Terms of use"),
    ("contact_page", "Contact"),
)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the site says about its provider, on every page's footer."""

    provider_name = models.CharField(
        max_length=200,
        default="Pathway",
        help_text="The organisation that offers the training, as shown in the footer.",
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where trainees can write with questions. Leave blank to hide."
    )
    footer_note = models.TextField(
        blank=True,
        default=(
            "Psychedelic-assisted psychotherapy is investigational. This training is "
            "educational and does not authorise anyone to administer controlled substances."
        ),
        help_text="A short statement shown in every page's footer.",
    )

    privacy_page = footer_page_field("Privacy notice")
    terms_page = footer_page_field("Terms of use")
    contact_page = footer_page_field("Contact")

    accreditation_statement = models.TextField(
        blank=True,
        help_text="The provider's accreditation for continuing education, as every new "
        "certificate states it (certificates already issued keep the statement they had).",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("provider_name"), FieldPanel("contact_email"), FieldPanel("footer_note")],
            heading="Provider",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("terms_page"), FieldPanel("contact_page")],
            heading="Footer links",
        ),
        MultiFieldPanel(
            [FieldPanel("accreditation_statement")],
            heading="Certificates",
            help_text="The provider name above is the issuing organisation on certificates.",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    def footer_links(self) -> list[tuple[str, str]]:
        """(label, URL) of each footer page that is chosen and live, in the footer's order;
        kept in the content cache."""

        def links():
            ids = {field: getattr(self, f"{field}_id") for field, _ in FOOTER_LINKS}
            pages = Page.objects.live().in_bulk([pk for pk in ids.values() if pk])
            request = getattr(self, "_request", None)
            return [
                (label, pages[ids[field]].get_url(request=request))
                for field, label in FOOTER_LINKS
                if ids[field] in pages
            ]

        return cached("footer-links", (self.site_id,), links)

    @classmethod
    def for_request(cls, request):
        """Wagtail's, with the settings kept in the content cache (one query a page less)."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = site_for_request(request)
            settings = cached("site-settings", (site.pk,), lambda: cls.for_site(site))
            settings._request = request
            setattr(request, attr_name, settings)
        return getattr(request, attr_name)
