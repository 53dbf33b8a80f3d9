"""The mail Pathway sends trainees about their training: enrolment, certificate issued and
reminders. Each is queued with the transaction of the action that causes it and sent once
that commits; a mail server that is down delays the message, never the action."""

from __future__ import annotations

from cms.mailer.messages import absolute_url, send_templated


def _addressee(user) -> str | None:
    return user.email or None


def enrolment_confirmed(enrolment, course) -> None:
    to = _addressee(enrolment.user)
    if to is None:
        return
    send_templated(
        "enrolment_confirmed",
        to,
        {
            "user": enrolment.user,
            "course_title": enrolment.course_title,
            "course_url": absolute_url(course.url) if course.url else absolute_url("/"),
            "ce_hours": course.ce_hours,
            "learning_url": absolute_url("/learning/"),
        },
    )


def certificate_issued(certificate) -> None:
    to = _addressee(certificate.user)
    if to is None:
        return
    send_templated(
        "certificate_issued",
        to,
        {
            "user": certificate.user,
            "certificate": certificate,
            "certificate_url": absolute_url(certificate.get_absolute_url()),
            "verification_url": absolute_url(certificate.verification_path()),
        },
    )


def reminder(user, entries) -> None:
    """Nudge `user` about their unfinished courses: `entries` are (enrolment title, next
    step title, next step URL or None) for each."""
    to = _addressee(user)
    if to is None:
        return
    send_templated(
        "reminder",
        to,
        {
            "user": user,
            "entries": [
                {"course_title": title, "next_title": next_title, "next_url": absolute_url(url)}
                if url
                else {"course_title": title, "next_title": next_title, "next_url": None}
                for title, next_title, url in entries
            ],
            "learning_url": absolute_url("/learning/"),
        },
    )
