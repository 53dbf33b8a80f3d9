"""Links in rich text, as a package holds them.

Wagtail stores a link to a page as `<a linktype="page" id="42">`: an id that means nothing on
another site. A package writes it as the page's place instead: `id="@module-1/lesson-2"` for a
page of the course (its slugs below the course; `@` alone is the course), or
`id="@@/home/about/"` (the page's URL path) for any other page of the site. Import turns
places back into this site's ids. Other kinds of embedded content (documents, images in rich
text) are ids too; the course's rich text offers none, and a package holding them is refused.
"""

from __future__ import annotations

import re

from wagtail.models import Page

PAGE_LINK = re.compile(r"<a\b[^>]*>")
LINKTYPE = re.compile(r'\blinktype="([^"]*)"')
LINK_ID = re.compile(r'\bid="([^"]*)"')
EMBED = re.compile(r"<embed\b", re.IGNORECASE)


def map_page_links(html: str, swap) -> str:
    """`html` with the id of every page link passed through `swap(id)`."""

    def replace(match):
        tag = match.group(0)
        kind = LINKTYPE.search(tag)
        if kind is None or kind.group(1) != "page":
            return tag
        return LINK_ID.sub(lambda found: f'id="{swap(found.group(1))}"', tag, count=1)

    return PAGE_LINK.sub(replace, html or "")


def other_links(html: str) -> list[str]:
    """The kinds of id-bearing content in `html` that packages cannot carry."""
    kinds = {m.group(1) for m in LINKTYPE.finditer(html or "") if m.group(1) != "page"}
    if EMBED.search(html or ""):
        kinds.add("embed")
    return sorted(kinds)


def place_of(page, course) -> str:
    """A page's place in a package: `@slug/slug` below `course`, or `@@url_path`."""
    if page.pk == course.pk:
        return "@"
    if page.path.startswith(course.path):
        ancestors = page.get_ancestors().filter(depth__gt=course.depth).order_by("depth")
        return "@" + "/".join([*(a.slug for a in ancestors), page.slug])
    return f"@@{page.url_path}"


def find_place(place: str, course) -> Page | None:
    """The page at `place` (`@…` below `course`, `@@…` by URL path), or None."""
    if place.startswith("@@"):
        return Page.objects.filter(url_path=place[2:]).first()
    page = course
    for slug in [part for part in place[1:].split("/") if part]:
        if page is None:
            return None
        page = Page.objects.child_of(page).filter(slug=slug).first()
    return page
