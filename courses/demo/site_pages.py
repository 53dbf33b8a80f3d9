"""The demo site's pages about the platform (privacy notice, terms of use, contact), from
`courses/demo_content/site_pages.yaml`, linked in the footer through the site settings. Safe
to repeat: a page that exists is left as it is, and a footer link already chosen is kept."""

from __future__ import annotations

from pathlib import Path

import yaml
from wagtail.models import Site

from cms.home.models import InformationPage, SiteSettings

DATA_FILE = Path(__file__).resolve().parent.parent / "demo_content" / "site_pages.yaml"


def set_up_site_pages() -> list[str]:
    """Create the missing pages and footer links; returns what was done, in words."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    settings = SiteSettings.for_site(site)
    done, settings_changed = [], False
    for entry in yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")):
        page = InformationPage.objects.child_of(home).filter(slug=entry["slug"]).first()
        if page is None:
            page = InformationPage(
                title=entry["title"],
                slug=entry["slug"],
                summary=entry["summary"],
                body=entry["body"].strip(),
            )
            home.add_child(instance=page)
            page.save_revision(user=None, log_action=True).publish(user=None)
            done.append(f"created the page “{page.title}”")
        if getattr(settings, f"{entry['setting']}_id") is None:
            setattr(settings, entry["setting"], page)
            settings_changed = True
    if settings_changed:
        settings.save()
        done.append("linked the privacy notice, terms and contact pages in the footer")
    return done
