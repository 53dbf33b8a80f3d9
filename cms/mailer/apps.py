from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "cms.mailer"
    label = "mailer"
    verbose_name = "Mail delivery"

    def ready(self):
        from post_office.signals import email_queued

        from cms.mailer.delivery import deliver_after_commit

        email_queued.connect(deliver_after_commit, dispatch_uid="pathway-deliver-after-commit")
