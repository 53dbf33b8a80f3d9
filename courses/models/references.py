import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from courses.weburls import validate_web_url, web_url


class Reference(index.Indexed, models.Model):
    """A published source that lessons cite, shown as a formatted citation (AMA style).

    Its status warns readers when a source has been corrected or retracted; lessons keep
    citing it so that the warning travels with every page that relies on it.
    """

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        CORRECTED = "corrected", "Corrected"
        RETRACTED = "retracted", "Retracted"

    authors = models.CharField(
        max_length=500,
        help_text="As they should print, e.g. 'Grob CS, Danforth AL, Chopra GS, et al.'",
    )
    year = models.PositiveSmallIntegerField(help_text="Year of publication in print.")
    title = models.CharField(max_length=500)
    journal = models.CharField(
        max_length=200, blank=True, help_text="Journal abbreviation, or the kind of source."
    )
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=40, blank=True, help_text="e.g. 71–78 or e35082")
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        help_text="e.g. 10.1177/0269881112456611. A pasted link (https://doi.org/…) or "
        "“doi:” prefix is taken off.",
    )
    url = models.URLField(
        "URL",
        blank=True,
        validators=[validate_web_url],
        help_text="Only when the source has no DOI. A web address (http:// or https://).",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.CURRENT,
        help_text="Mark corrected or retracted sources; the note below is shown with them.",
    )
    status_note = models.TextField(
        blank=True, help_text="What readers should know about the source's status."
    )
    status_changed_on = models.DateField(
        "status since",
        null=True,
        blank=True,
        help_text="When the correction or retraction was published.",
    )
    notice_url = models.URLField(
        "notice URL",
        blank=True,
        validators=[validate_web_url],
        help_text="The published correction or retraction notice.",
    )
    flagged_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the source was marked corrected or retracted here. Pages published "
        "before then are flagged until they are revised.",
    )

    panels = [
        FieldPanel("authors"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("journal")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
        MultiFieldPanel([FieldPanel("doi"), FieldPanel("url")], heading="Links"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("status_changed_on"), FieldPanel("notice_url")]),
                FieldPanel("status_note"),
            ],
            heading="Status",
        ),
    ]

    # The admin's listing and chooser search by autocomplete: every field an editor might
    # type is an autocomplete field (authors, title, year, DOI).
    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.SearchField("doi"),
        index.AutocompleteField("title"),
        index.AutocompleteField("authors"),
        index.AutocompleteField("year_text"),
        index.AutocompleteField("doi"),
        index.FilterField("year"),
    ]

    class Meta:
        ordering = ["authors", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"], condition=~models.Q(doi=""), name="unique_reference_doi"
            )
        ]

    def __str__(self):
        return f"{self.short_citation}: {self.title}"[:255]

    def save(self, *args, **kwargs):
        """Keep `flagged_at`: set when the status becomes corrected or retracted (or changes
        between them), cleared when the source is current again."""
        if self.status == self.Status.CURRENT:
            self.flagged_at = None
        else:
            before = (
                Reference.objects.filter(pk=self.pk).values_list("status", flat=True).first()
                if self.pk
                else None
            )
            if self.flagged_at is None or before != self.status:
                self.flagged_at = timezone.now()
        super().save(*args, **kwargs)

    def flags(self, page) -> bool:
        """Whether this source should be flagged on `page`: it is corrected or retracted, and
        the page was last published before it was marked so (not revised since)."""
        if not self.is_flagged:
            return False
        published = getattr(page, "last_published_at", None)
        return not (published and self.flagged_at and published > self.flagged_at)

    @property
    def year_text(self) -> str:
        return str(self.year or "")

    def clean(self):
        super().clean()
        if self.doi:
            doi = normalise_doi(self.doi)
            if doi is None:
                raise ValidationError(
                    {
                        "doi": "This is not a DOI: a DOI starts with “10.”, then a slash and a "
                        "suffix, e.g. 10.1177/0269881112456611."
                    }
                )
            self.doi = doi
            other = Reference.objects.filter(doi__iexact=doi).exclude(pk=self.pk).first()
            if other is not None:
                raise ValidationError(
                    {
                        "doi": f"Another reference already has this DOI: {other}. Cite that one, "
                        "or correct the DOI."
                    }
                )

    @property
    def short_citation(self) -> str:
        """'Grob et al., 2011' — the form used beside a claim."""
        names = [name.strip() for name in self.authors.split(",") if name.strip()]
        if not names:
            return str(self.year)
        surnames = [_surname(name) for name in names if not name.startswith("et al")]
        if len(names) == 2 and len(surnames) == 2:
            return f"{surnames[0]} & {surnames[1]}, {self.year}"
        if len(names) > 1:
            return f"{surnames[0]} et al., {self.year}"
        return f"{surnames[0]}, {self.year}"

    @property
    def link(self) -> str:
        """Where the citation links to: the DOI's resolver, else the URL if it is a web
        address (one stored past validation, e.g. `javascript:…`, is never linked)."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return web_url(self.url)

    @property
    def notice_link(self) -> str:
        """The correction or retraction notice's address, if it is a web address."""
        return web_url(self.notice_url)

    @property
    def is_flagged(self) -> bool:
        return self.status != self.Status.CURRENT

    def formatted(self):
        """The full citation as safe HTML: 'Authors. Title. <i>Journal</i>. 2011;68(1):71–78.'"""
        parts = [format_html("{}. {}. ", self.authors.rstrip("."), self.title.rstrip("."))]
        if self.journal:
            parts.append(format_html("<i>{}</i>. ", self.journal))
        locator = str(self.year)
        if self.volume:
            locator += f";{self.volume}"
            if self.issue:
                locator += f"({self.issue})"
        if self.pages:
            locator += f":{self.pages}"
        parts.append(format_html("{}.", locator))
        if self.doi:
            parts.append(format_html(' <a href="{}">doi:{}</a>', self.link, self.doi))
        elif self.link:
            parts.append(format_html(' <a href="{}">{}</a>', self.link, self.link))
        return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - parts are escaped


DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(text: str) -> str | None:
    """A DOI as pasted ('https://doi.org/10.1000/ABC', 'doi: 10.1000/abc', with spaces) in
    its bare form ('10.1000/ABC'), or None when what is left is not shaped like a DOI."""
    doi = DOI_PREFIX.sub("", (text or "").strip()).strip()
    return doi if DOI_SHAPE.match(doi) else None


def _surname(author: str) -> str:
    """'Grob CS' → 'Grob'; an organisation ('Lykos Therapeutics') stays whole."""
    head, _, initials = author.rpartition(" ")
    if head and initials.isalpha() and initials.isupper() and len(initials) <= 3:
        return head
    return author
