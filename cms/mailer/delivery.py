"""Sending queued mail once the database has committed, and retrying what failed.

Every message goes through django-post-office's backend, which stores it in the database in
the same transaction as the action that sent it (a sign-up, a password reset). Once that
transaction commits, `deliver` tries each new message straight away. A mail server that
refuses or times out never reaches the user: the failure is logged, and the message is put
back in the queue for `manage.py send_queued_mail` (run from cron) to retry. Nothing is sent
for an action whose transaction rolled back, because its message was never committed.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.connections import connections
from post_office.models import STATUS, Email, Log
from post_office.settings import get_max_retries, get_retry_timedelta

logger = logging.getLogger(__name__)

# While one process sends a message, the queue runner leaves it alone for this long.
CLAIM_SECONDS = 120


def deliver_after_commit(sender, emails, **kwargs):
    """post_office's `email_queued` signal: try the new messages once the data is committed."""
    transaction.on_commit(partial(deliver, [email.pk for email in emails]))


def deliver(email_ids: list[int]) -> int:
    """Try to send each queued message in `email_ids` now; returns how many were sent.

    Never raises: a message that cannot be sent is requeued with a later time, and a
    message another process is already sending is skipped.
    """
    sent = 0
    for email_id in email_ids:
        try:
            sent += _deliver_one(email_id)
        except Exception:  # the caller's action has committed; it must not fail now
            logger.exception("Could not send or requeue queued email #%s", email_id)
    return sent


def _claim(email_id: int) -> bool:
    """Mark the message as being sent, unless another process got there first."""
    now = timezone.now()
    return bool(
        Email.objects.filter(pk=email_id, status__in=[STATUS.queued, STATUS.requeued])
        .filter(Q(scheduled_time=None) | Q(scheduled_time__lte=now))
        .update(scheduled_time=now + timezone.timedelta(seconds=CLAIM_SECONDS))
    )


def _deliver_one(email_id: int) -> int:
    if not _claim(email_id):
        return 0
    email = Email.objects.get(pk=email_id)
    try:
        email.dispatch(commit=False)
    except Exception as error:
        _requeue(email, error)
        return 0
    finally:
        connections.close()
    Email.objects.filter(pk=email_id).update(status=STATUS.sent, last_updated=timezone.now())
    return 1


def _requeue(email: Email, error: Exception):
    retries = (email.number_of_retries or 0) + 1
    gave_up = retries > get_max_retries()
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.failed if gave_up else STATUS.requeued,
        number_of_retries=retries,
        scheduled_time=timezone.now() + get_retry_timedelta(),
        last_updated=timezone.now(),
    )
    Log.objects.create(
        email=email, status=STATUS.failed, message=str(error), exception_type=type(error).__name__
    )
    logger.warning(
        "Email #%s to %s was not sent (%s: %s); %s",
        email.pk,
        email.to,
        type(error).__name__,
        error,
        "giving up" if gave_up else "it will be retried by `manage.py send_queued_mail`",
    )
