"""Mail is queued with the action that sends it, sent once the transaction commits, and
retried when the mail server does not answer: a mail server that is down never turns a
sign-up or a password reset into an error, and the message arrives once it is back."""

import socket
from datetime import timedelta

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings
from post_office.models import STATUS, Email

from tests.accounts_helpers import User, signup_data, trainee


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An SMTP server's handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


def smtp_settings(port):
    return override_settings(
        EMAIL_BACKEND="post_office.EmailBackend",
        POST_OFFICE={
            **settings.POST_OFFICE,
            "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
            "RETRY_INTERVAL": timedelta(0),
        },
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=5,
    )


class MailServerDownTests(TransactionTestCase):
    """Real commits (so mail goes out as it does on the site) and the real cron command."""

    serialized_rollback = True

    def setUp(self):
        cache.clear()
        self.port = free_port()  # nothing listens here until the test starts the server
        self.settings_override = smtp_settings(self.port)
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)

    def start_mail_server(self) -> Inbox:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=self.port)
        controller.start()
        self.addCleanup(controller.stop)
        return inbox

    def test_sign_up_works_while_the_mail_server_refuses_and_the_mail_follows_later(self):
        response = self.client.post("/accounts/signup/", signup_data())
        self.assertRedirects(response, "/accounts/confirm-email/", fetch_redirect_response=False)
        user = User.objects.get(email="new.trainee@example.com")
        queued = Email.objects.get(to=user.email)
        self.assertEqual(queued.status, STATUS.requeued)
        self.assertEqual(queued.logs.get().exception_type, "ConnectionRefusedError")

        inbox = self.start_mail_server()
        call_command("send_queued_mail", verbosity=0)
        self.assertEqual([message.rcpt_tos for message in inbox.messages], [[user.email]])
        self.assertEqual(Email.objects.get(pk=queued.pk).status, STATUS.sent)
        call_command("send_queued_mail", verbosity=0)
        self.assertEqual(len(inbox.messages), 1)  # sent once

    def test_password_reset_answers_normally_and_the_link_arrives_later(self):
        user = trainee()
        response = self.client.post("/accounts/password/reset/", {"email": user.email})
        self.assertRedirects(
            response, "/accounts/password/reset/done/", fetch_redirect_response=False
        )
        inbox = self.start_mail_server()
        call_command("send_queued_mail", verbosity=0)
        self.assertEqual(len(inbox.messages), 1)
        self.assertIn(b"/accounts/password/reset/key/", inbox.messages[0].content)

    def test_with_the_server_up_mail_goes_at_once_after_the_commit(self):
        inbox = self.start_mail_server()
        self.client.post("/accounts/signup/", signup_data())
        self.assertEqual(len(inbox.messages), 1)
        self.assertEqual(Email.objects.get().status, STATUS.sent)


@override_settings(EMAIL_BACKEND="post_office.EmailBackend")
class AfterCommitTests(TestCase):
    def test_nothing_is_sent_before_the_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            mail.send_mail("Subject", "Body", None, ["someone@example.com"])
            self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()
        self.assertEqual(len(mail.outbox), 1)

    def test_nothing_is_sent_for_an_action_that_rolled_back(self):
        class Undone(Exception):
            pass

        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    mail.send_mail("Subject", "Body", None, ["someone@example.com"])
                    raise Undone
            except Undone:
                pass
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Email.objects.exists())


PROBE = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
from post_office.models import Email
data = {
    "email": "new.trainee@example.com", "full_name": "New Trainee", "profession": "nurse",
    "password1": "a long enough passphrase", "password2": "a long enough passphrase",
}
response = Client(raise_request_exception=False).post("/accounts/signup/", data, secure=True)
print("status", response.status_code, response.get("Location"))
print("mail", [(e.to, e.status) for e in Email.objects.all()])
"""


def test_sign_up_under_production_settings_with_no_mail_server_answering(tmp_path):
    """The production configuration end to end (SMTP with TLS, no server on the port): the
    account is made, the trainee is told to look for the mail, and the mail waits in the
    queue."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://testserver",
        PATHWAY_VAR_DIR=str(tmp_path),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(free_port()),
        LOG_LEVEL="CRITICAL",
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "status 302 /accounts/confirm-email/" in result.stdout, (
        result.stdout + result.stderr[-3000:]
    )
    assert f"mail [(['new.trainee@example.com'], {STATUS.requeued})]" in result.stdout
