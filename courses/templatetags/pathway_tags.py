"""Template filters for course pages."""

import nh3
from django import template
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import richtext

from courses import weburls

register = template.Library()

# What rich text may contain once rendered: the features authors are offered, nothing else.
RICH_TEXT_TAGS = {"p", "b", "i", "strong", "em", "a", "ul", "ol", "li", "br"}
RICH_TEXT_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


@register.filter
def safe_richtext(value):
    """Wagtail's `richtext`, then an allow-list clean.

    The editor only produces allowed markup, but rich text can also arrive by other routes
    (data files, scripts, an API); cleaning on output means none of them can put script or
    event handlers on a trainee's page.
    """
    html = richtext(value)
    return mark_safe(  # noqa: S308 - cleaned by nh3 just now
        nh3.clean(
            str(html),
            tags=RICH_TEXT_TAGS,
            attributes=RICH_TEXT_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=None,
        )
    )


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template, or None (for saved quiz answers keyed by id)."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def web_url(value):
    """`value` if it is an http(s) address, else "": for an address stored past validation
    (a data file, a script), so that `javascript:` or `data:` never becomes a link."""
    return weburls.web_url(value)
