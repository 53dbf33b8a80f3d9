"""Mail about training: enrolment confirmed, certificate issued, reminders. Each is sent once,
after the commit, as text and HTML from templates; a mail server that is down leaves the
action done and the message queued for retry."""

import io
import threading
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from post_office.models import STATUS, Email

from courses.learning.models import Certificate, LessonCompletion, QuizAttempt, Reminder
from courses.learning.services.enrolment import enrol
from tests.certificate_helpers import (
    GOOD_ANSWERS,
    attest_ethics,
    certificate_course,
    certificate_trainee,
    evaluation_page,
    finish_lessons,
    take_final_test,
)
from tests.factories import complete, lessons_of, make_course, make_trainee
from tests.test_mail_delivery import Inbox, free_port, smtp_settings

POST_OFFICE = override_settings(EMAIL_BACKEND="post_office.EmailBackend")


@POST_OFFICE
class EnrolmentMailTests(TestCase):
    def test_enrolling_sends_one_confirmation_with_the_course_and_its_link(self):
        course = make_course(ce_hours=9)
        trainee = make_trainee("new", full_name="Ana Souza")
        client = Client()
        client.force_login(trainee)
        with self.captureOnCommitCallbacks(execute=True):
            client.post(f"/learning/enrol/{course.pk}/")
        with self.captureOnCommitCallbacks(execute=True):
            client.post(f"/learning/enrol/{course.pk}/")  # again: already enrolled
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [trainee.email])
        self.assertEqual(message.subject, f"You are enrolled in {course.title}")
        self.assertIn(f"http://testserver{course.url}", message.body)
        self.assertIn("9 CE hours", message.body)
        html, kind = message.alternatives[0]
        self.assertEqual(kind, "text/html")
        self.assertIn("<strong>", html)
        self.assertIn(course.title, html)


class CertificateMailServerDownTests(TransactionTestCase):
    """Real commits and the real retry command, against an SMTP server that is down, then up."""

    serialized_rollback = True

    def start_mail_server(self) -> Inbox:
        from aiosmtpd.controller import Controller

        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=self.port)
        controller.start()
        self.addCleanup(controller.stop)
        return inbox

    def setUp(self):
        self.port = free_port()
        override = smtp_settings(self.port)
        override.enable()
        self.addCleanup(override.disable)

    def test_the_certificate_is_issued_while_the_mail_server_is_down_and_mailed_later(self):
        course = certificate_course()
        trainee = certificate_trainee(course, "late-mail")
        attest_ethics(trainee, course)
        finish_lessons(trainee, course)
        take_final_test(trainee, course)
        client = Client()
        client.force_login(trainee)
        response = client.post(f"/learning/evaluation/{evaluation_page(course).pk}/", GOOD_ANSWERS)
        self.assertRedirects(response, course.url, fetch_redirect_response=False)
        certificate = Certificate.objects.get(user=trainee)
        queued = Email.objects.get(to=trainee.email, subject__startswith="Your certificate")
        self.assertEqual(queued.status, STATUS.requeued)

        inbox = self.start_mail_server()
        call_command("send_queued_mail", verbosity=0)
        call_command("send_queued_mail", verbosity=0)
        received = [m for m in inbox.messages if b"Your certificate" in m.content]
        self.assertEqual(len(received), 1)
        self.assertIn(certificate.code.encode(), received[0].content)
        self.assertEqual(Email.objects.get(pk=queued.pk).status, STATUS.sent)


@POST_OFFICE
class ReminderTests(TestCase):
    def setUp(self):
        self.course = make_course(modules=1, lessons_per_module=3)
        self.quiet = make_trainee("quiet", full_name="Quiet Trainee")
        enrol(self.quiet, self.course)
        complete(self.quiet, lessons_of(self.course)[:1])
        self.busy = make_trainee("busy")
        enrol(self.busy, self.course)
        self.done = make_trainee("done")
        enrol(self.done, self.course)
        finish_lessons(self.done, self.course)
        long_ago = timezone.now() - timedelta(days=30)
        for model, field in ((LessonCompletion, "completed_at"), (QuizAttempt, "started_at")):
            model.objects.filter(user__in=[self.quiet, self.done]).update(**{field: long_ago})
        self.quiet.enrolments.update(enrolled_at=long_ago)
        self.done.enrolments.update(enrolled_at=long_ago)
        mail.outbox.clear()

    def run_command(self, *args):
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_reminders", "--days", "14", *args, stdout=io.StringIO())

    def test_running_twice_reminds_once_the_trainee_who_has_stopped(self):
        self.run_command()
        self.run_command()
        self.assertEqual([m.to for m in mail.outbox], [[self.quiet.email]])
        message = mail.outbox[0]
        self.assertIn(self.course.title, message.body)
        next_lesson = lessons_of(self.course)[1]
        self.assertIn(f"http://testserver{next_lesson.url}", message.body)
        self.assertIn(next_lesson.title, message.alternatives[0][0])
        self.assertEqual(Reminder.objects.get().user, self.quiet)

    def test_a_new_interval_brings_one_more_reminder(self):
        self.run_command()
        Reminder.objects.update(sent_at=timezone.now() - timedelta(days=15))
        self.run_command()
        self.run_command()
        self.assertEqual(len(mail.outbox), 2)

    def test_activity_unenrolment_and_inactive_accounts_stop_reminders(self):
        self.quiet.is_active = False
        self.quiet.save()
        self.run_command()
        self.assertEqual(mail.outbox, [])
        self.quiet.is_active = True
        self.quiet.save()
        self.quiet.enrolments.update(unenrolled_at=timezone.now())
        self.run_command()
        self.assertEqual(mail.outbox, [])

    def test_bad_arguments_are_refused(self):
        from django.core.management.base import CommandError

        with self.assertRaises(CommandError):
            call_command("send_reminders", "--days", "0")


class OverlappingReminderRunsTests(TransactionTestCase):
    serialized_rollback = True

    @override_settings(EMAIL_BACKEND="post_office.EmailBackend")
    def test_two_runs_at_once_remind_once(self):
        course = make_course(modules=1, lessons_per_module=2)
        trainee = make_trainee("overlap")
        enrol(trainee, course)
        trainee.enrolments.update(enrolled_at=timezone.now() - timedelta(days=30))
        barrier, errors = threading.Barrier(4), []

        def run():
            try:
                barrier.wait()
                call_command("send_reminders", "--days", "14", stdout=io.StringIO())
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(Reminder.objects.filter(user=trainee).count(), 1)
        self.assertEqual(
            Email.objects.filter(to=trainee.email, subject__contains="waiting").count(), 1
        )
        self.assertTrue(settings.REMINDER_INACTIVE_DAYS >= 1)
