"""Messages written as templates: a subject, a plain-text body and an HTML body.

`send_templated("certificate_issued", to, context)` renders
`templates/email/certificate_issued_subject.txt`, `certificate_issued.txt` and
`certificate_issued.html` and sends them as one message through Django's mail, so it is
queued with the caller's transaction and delivered once that commits (`cms.mailer.delivery`).
Links in messages are absolute, on the site's address (`WAGTAILADMIN_BASE_URL`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """`path` on the site's public address, for mail and printed certificates."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_templated(name: str, to: str, context: dict) -> None:
    context = {"site_url": absolute_url(""), **context}
    subject = " ".join(render_to_string(f"email/{name}_subject.txt", context).split())
    text = render_to_string(f"email/{name}.txt", context)
    html = render_to_string(f"email/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
