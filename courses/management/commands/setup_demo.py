"""`manage.py setup_demo`: the flagship course, the demo accounts and a demo cohort, safe to
run again."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from courses.demo import training
from courses.demo.builder import build_course
from courses.demo.certification import earn_certificate, set_up_certification
from courses.demo.content import load_course
from courses.demo.schema import DemoContentError
from courses.demo.site_pages import set_up_site_pages
from courses.learning.services.completion import complete_lesson
from courses.learning.services.enrolment import enrol
from courses.models import CoursePage, LessonPage
from courses.roles import CLINICAL_REVIEWERS, COURSE_AUTHORS, WORKFLOW, ensure_roles

DEMO_ADMIN = {"username": "admin", "email": "admin@pathway.example", "password": "pathway-admin"}
DEMO_TRAINEE = {
    "username": "trainee",
    "email": "trainee@pathway.example",
    "password": "pathway-trainee",
    "full_name": "Jordan Rivera",
    "profession": "psychologist",
}
# The demo trainee starts part-way through module 1.
DEMO_TRAINEE_COMPLETED_LESSONS = 2
# A second demo trainee has completed the course and holds its certificate.
DEMO_GRADUATE = {
    "username": "graduate",
    "email": "graduate@pathway.example",
    "password": "pathway-graduate",
    "full_name": "Dr Amira Haddad",
    "profession": "psychiatrist",
}
DEMO_AUTHOR = {
    "username": "author",
    "email": "author@pathway.example",
    "password": "pathway-author",
    "full_name": "Sam Okafor",
}
DEMO_REVIEWER = {
    "username": "reviewer",
    "email": "reviewer@pathway.example",
    "password": "pathway-reviewer",
    "full_name": "Dr Lena Brandt",
}


class Command(BaseCommand):
    help = (
        "Load the flagship course from courses/demo_content/ into published pages and create "
        "the demo accounts (an administrator, a training administrator, a trainee) and a "
        "cohort of demo trainees with their progress. Running it again changes nothing; "
        "pages an administrator has edited are kept unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace pages and references that an administrator has edited since.",
        )
        parser.add_argument(
            "--no-accounts", action="store_true", help="Do not create the demo accounts."
        )

    def handle(self, *args, overwrite=False, no_accounts=False, **options):
        try:
            spec = load_course()
        except DemoContentError as error:
            raise CommandError(f"The course data files have an error: {error}") from error
        self.stdout.write(f"Loading “{spec.fields['title']}”…")
        report = build_course(spec, overwrite=overwrite)
        self.course = CoursePage.objects.get(slug=spec.slug)
        for action, what in report.actions:
            if action != "unchanged" and options["verbosity"] >= 2:
                self.stdout.write(f"  {action}: {what}")
        summary = ", ".join(
            f"{report.count(action)} {action}"
            for action in ("created", "updated", "moved", "unchanged", "kept")
        )
        self.stdout.write(self.style.SUCCESS(f"Course content: {summary}."))
        if report.count("kept"):
            kept = [what for action, what in report.actions if action == "kept"]
            self.stdout.write(
                self.style.WARNING(
                    "Kept, because an administrator edited them (use --overwrite to replace): "
                    + ", ".join(kept)
                )
            )
        for what in set_up_certification(self.course):
            self.stdout.write(f"Certificate: {what}.")
        for what in set_up_site_pages():
            self.stdout.write(f"Site: {what}.")
        self.course = CoursePage.objects.get(pk=self.course.pk)
        ensure_roles(self.course.get_parent())
        self.stdout.write(
            f"Roles: “{COURSE_AUTHORS}” and “{CLINICAL_REVIEWERS}”, with the “{WORKFLOW}” "
            "workflow on the course catalogue."
        )
        if not no_accounts:
            self._demo_admin()
            self._demo_trainee()
            self._demo_graduate()
            self._demo_training_admin_and_cohort()
            self._demo_editorial_accounts()

    def _demo_editorial_accounts(self):
        """One account per editorial role: an author and a clinical reviewer."""
        User = get_user_model()
        for account, group in ((DEMO_AUTHOR, COURSE_AUTHORS), (DEMO_REVIEWER, CLINICAL_REVIEWERS)):
            fields = dict(account)
            password = fields.pop("password")
            user = User.objects.filter(username=fields["username"]).first()
            if user is None:
                user = User.objects.create_user(password=password, **fields)
                user.groups.add(Group.objects.get(name=group))
                self.stdout.write(f"Created the demo account for {group.lower()}.")
            self.stdout.write(
                f"Demo {group.lower()[:-1]}: sign in at /admin/ with username "
                f"“{account['username']}” and password “{account['password']}”."
            )

    def _demo_admin(self):
        User = get_user_model()
        admin = User.objects.filter(username=DEMO_ADMIN["username"]).first()
        if admin is None:
            User.objects.create_superuser(
                username=DEMO_ADMIN["username"],
                email=DEMO_ADMIN["email"],
                password=DEMO_ADMIN["password"],
                first_name="Demo",
                last_name="Administrator",
            )
            self.stdout.write("Created the demo administrator.")
        self.stdout.write(
            "Demo administrator: sign in at /admin/ with username "
            f"“{DEMO_ADMIN['username']}” and password “{DEMO_ADMIN['password']}”."
        )

    def _demo_trainee(self):
        """A trainee enrolled in the flagship course with its first lessons done. Created
        once: a later run leaves the account and its progress as they are."""
        User = get_user_model()
        fields = dict(DEMO_TRAINEE)
        password = fields.pop("password")
        if not User.objects.filter(username=fields["username"]).exists():
            trainee = User.objects.create_user(password=password, **fields)
            enrol(trainee, self.course)
            first = self.course.navigation().lessons[:DEMO_TRAINEE_COMPLETED_LESSONS]
            for lesson in LessonPage.objects.filter(pk__in=[entry.pk for entry in first]):
                complete_lesson(trainee, lesson, lesson.step_state(trainee))
            self.stdout.write("Created the demo trainee, part-way through the course.")
        self.stdout.write(
            f"Demo trainee: sign in at /accounts/login/ with “{DEMO_TRAINEE['email']}” "
            f"and password “{DEMO_TRAINEE['password']}”."
        )

    def _demo_graduate(self):
        """A trainee who has completed the course, attested, answered the evaluation and
        holds the certificate. Created once, through the site's own services."""
        User = get_user_model()
        fields = dict(DEMO_GRADUATE)
        password = fields.pop("password")
        if not User.objects.filter(username=fields["username"]).exists():
            graduate = User.objects.create_user(password=password, **fields)
            enrol(graduate, self.course)
            earn_certificate(graduate, self.course)
            self.stdout.write("Created the demo graduate, who holds the course's certificate.")
        self.stdout.write(
            f"Demo graduate (with a certificate): sign in with “{DEMO_GRADUATE['email']}” "
            f"and password “{DEMO_GRADUATE['password']}”."
        )

    def _demo_training_admin_and_cohort(self):
        """The training administrator, and a cohort of demo trainees at every stage."""
        admin, created = training.demo_training_admin()
        if created:
            self.stdout.write("Created the demo training administrator.")
        started = time.monotonic()
        cohort, created = training.demo_cohort(self.course, admin)
        if created:
            members = cohort.memberships.count()
            self.stdout.write(
                f"Created “{cohort.name}”: {members} demo trainees with their progress "
                f"({time.monotonic() - started:.1f} s)."
            )
        account = training.TRAINING_ADMIN
        self.stdout.write(
            "Demo training administrator: sign in at /admin/ with username "
            f"“{account['username']}” and password “{account['password']}”."
        )
