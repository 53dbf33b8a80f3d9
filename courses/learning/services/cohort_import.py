"""Bulk enrolment of a cohort from a CSV file: upload, preview, confirm.

`upload` reads the file (`courses.learning.cohort_csv`) and keeps it on the server as a
`CohortImport`; nothing else is saved. `plan` says, row by row, what confirming would do now:
invite a new account by email (with a link to set a password), enrol an existing account,
add an already enrolled trainee to the cohort, nothing (already enrolled and a member), or
nothing because the row is invalid, with the reasons. `confirm` works the plan out again
from the kept file and the database as they are at that moment, and carries it out in one
transaction; a second confirmation of the same import changes nothing, and importing the same
file again finds everyone already done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from courses.learning import audit, cohort_csv
from courses.learning.cohort_csv import CsvRow
from courses.learning.models import Cohort, CohortImport, CohortMembership, Enrolment
from courses.models import CoursePage

INVITE, ENROL, JOIN, NOTHING, INVALID = "invite", "enrol", "join", "nothing", "invalid"
ACTIONS = (INVITE, ENROL, JOIN, NOTHING, INVALID)


class ImportRefused(Exception):
    """The import cannot be confirmed (already confirmed, or the course is gone)."""


@dataclass
class PlannedRow:
    row: CsvRow
    action: str
    user: object | None = None
    again: bool = False  # enrolling an account that was unenrolled from the course
    reasons: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        if self.action == INVITE:
            return "New account: invited by email to set a password, and enrolled"
        if self.action == ENROL:
            return (
                "Existing account: enrolled again" if self.again else ("Existing account: enrolled")
            )
        if self.action == JOIN:
            return "Already enrolled: added to the cohort"
        if self.action == NOTHING:
            return "Already enrolled and in the cohort: nothing to do"
        return "Invalid: left out"


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    ignored_columns: list[str]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows if row.action in (INVITE, ENROL, JOIN))


def upload(cohort: Cohort, filename: str, data: bytes, *, by) -> CohortImport:
    """Keep an uploaded file for its preview. Raises CsvFileError, saving nothing, when the
    file as a whole cannot be imported."""
    text = cohort_csv.decode(data)
    cohort_csv.read(text)  # a file-wide problem is reported now, not at the preview
    return CohortImport.objects.create(
        cohort=cohort, filename=filename[:255] or "upload.csv", content=text, uploaded_by=by
    )


def plan(cohort_import: CohortImport) -> ImportPlan:
    """What confirming `cohort_import` would do now, row by row. A fixed number of queries,
    however many rows."""
    content = cohort_csv.read(cohort_import.content)
    cohort = cohort_import.cohort
    emails = {row.email.casefold() for row in content.rows if row.email}
    accounts = _accounts_by_email(emails)
    ids = [user.pk for user in accounts.values()]
    enrolments = {
        enrolment.user_id: enrolment
        for enrolment in Enrolment.objects.filter(user_id__in=ids, course_id=cohort.course_id)
    }
    members = set(
        CohortMembership.objects.filter(cohort=cohort, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    planned = []
    for row in content.rows:
        user = accounts.get(row.email.casefold())
        planned.append(_plan_row(row, user, enrolments.get(user.pk) if user else None, members))
    return ImportPlan(planned, content.ignored_columns)


def _accounts_by_email(emails: set[str]) -> dict:
    """Existing accounts by address (case-insensitive): the account's own address, or an
    address its owner has confirmed."""
    User = get_user_model()
    found = {
        user.email_key: user
        for user in User.objects.annotate(email_key=Lower("email")).filter(
            email_key__in=list(emails)
        )
    }
    confirmed = (
        EmailAddress.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=list(emails - set(found)), verified=True)
        .select_related("user")
    )
    for address in confirmed:
        found.setdefault(address.email_key, address.user)
    return found


def _plan_row(row: CsvRow, user, enrolment, members: set[int]) -> PlannedRow:
    reasons = list(row.problems)
    if user is None:
        if not row.full_name:
            reasons.append("A new account needs the trainee's full name.")
        if not row.profession and not row.profession_given:
            reasons.append("A new account needs the trainee's profession.")
        if reasons:
            return PlannedRow(row, INVALID, reasons=reasons)
        return PlannedRow(row, INVITE)
    if reasons:
        return PlannedRow(row, INVALID, user, reasons=reasons)
    if not user.is_active:
        return PlannedRow(
            row,
            INVALID,
            user,
            reasons=["The account for this address is deactivated: reactivate it first."],
        )
    note = ""
    if row.full_name and row.full_name != user.full_name:
        note = f"The account keeps its own name, “{user}”."
    enrolled = enrolment is not None and enrolment.unenrolled_at is None
    if not enrolled:
        return PlannedRow(row, ENROL, user, again=enrolment is not None, note=note)
    if user.pk not in members:
        return PlannedRow(row, JOIN, user, note=note)
    return PlannedRow(row, NOTHING, user, note=note)


def confirm(cohort_import: CohortImport, *, by) -> ImportPlan:
    """Carry out the import, as planned now. Raises ImportRefused if it was confirmed
    before (nothing changes) or its cohort's course no longer exists."""
    with transaction.atomic():
        cohort_import = (
            CohortImport.objects.select_for_update()
            .select_related("cohort")
            .get(pk=cohort_import.pk)
        )
        if cohort_import.is_confirmed:
            when = timezone.localtime(cohort_import.confirmed_at)
            raise ImportRefused(
                f"This file was imported on {when:%d %b %Y at %H:%M}; nothing was changed now."
            )
        cohort = cohort_import.cohort
        course = CoursePage.objects.filter(pk=cohort.course_id).first()
        if course is None:
            raise ImportRefused("The cohort's course no longer exists: nobody can be enrolled.")
        result = plan(cohort_import)
        for planned in result.rows:
            _carry_out(planned, cohort, course, cohort_import, by)
        cohort_import.confirmed_at = timezone.now()
        cohort_import.confirmed_by = by
        cohort_import.outcome = result.counts
        cohort_import.save(update_fields=["confirmed_at", "confirmed_by", "outcome"])
        if not result.changes:
            return result  # nothing happened: nothing to log
        audit.record(
            cohort,
            audit.COHORT_IMPORT,
            by=by,
            filename=cohort_import.filename,
            counts=result.counts,
            import_id=cohort_import.pk,
        )
    return result


def _carry_out(planned: PlannedRow, cohort, course, cohort_import, by):
    if planned.action in (NOTHING, INVALID):
        return
    reason = f"Cohort import from “{cohort_import.filename}”, line {planned.row.line}"
    if planned.action == INVITE:
        planned.user = _invite(planned.row, cohort, course, reason, by)
        if planned.user is None:  # someone made the account meanwhile: enrol it instead
            planned.action = INVALID
            planned.reasons = ["An account with this address was created meanwhile."]
            return
    user = planned.user
    if planned.action in (INVITE, ENROL):
        enrolment, created = Enrolment.objects.get_or_create(
            user=user, course_id=course.pk, defaults={"course_title": course.title}
        )
        if not created:
            Enrolment.objects.filter(pk=enrolment.pk).update(unenrolled_at=None)
        audit.record(
            user,
            audit.ENROL,
            by=by,
            reason=reason,
            course={"id": course.pk, "title": course.title},
            enrolment=enrolment.pk,
            again=not created,
        )
    _, joined = CohortMembership.objects.get_or_create(cohort=cohort, user=user)
    if joined:
        audit.record(
            user,
            audit.COHORT_JOIN,
            by=by,
            reason=reason,
            cohort={"id": cohort.pk, "name": cohort.name},
        )


def _invite(row: CsvRow, cohort, course, reason: str, by):
    """Create the trainee's account (no password yet) and email them a link to set one.
    None if an account with the address appeared since the plan was made."""
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User(
                email=row.email,
                full_name=row.full_name,
                profession=row.profession,
                username=get_adapter().generate_unique_username(
                    [row.full_name, row.email, "trainee"]
                ),
            )
            user.set_unusable_password()
            user.save()
    except IntegrityError:
        return None
    EmailAddress.objects.create(user=user, email=row.email, primary=True, verified=False)
    audit.record(user, audit.INVITE, by=by, reason=reason, email=row.email)
    _send_invitation(user, cohort, course)
    return user


def _send_invitation(user, cohort, course):
    """The invitation, sent once the import commits (`cms.mailer`)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    context = {
        "user": user,
        "cohort": cohort,
        "course": course,
        "set_password_url": f"{base}{path}",
        "sign_in_url": f"{base}{reverse('account_login')}",
        "reset_url": f"{base}{reverse('account_reset_password')}",
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("learning/email/invitation_subject.txt", context).strip()
    body = render_to_string("learning/email/invitation_message.txt", context)
    send_mail(subject, body, None, [user.email])
