from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

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
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = live_courses(site_root=self)
        return context


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

    panels = [
        MultiFieldPanel(
            [FieldPanel("provider_name"), FieldPanel("contact_email"), FieldPanel("footer_note")],
            heading="Provider",
        )
    ]

    class Meta:
        verbose_name = "site settings"
