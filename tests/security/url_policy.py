"""Who may open each URL of the site: every URL pattern Django knows (the project's own, the
Wagtail admin, allauth and the Django admin) is classified here, and
`test_access_control.py` fails, naming the pattern, for any URL that is not.

The project's own views are listed one by one (a new view needs its own line); the Wagtail
admin, allauth and the Django admin are classified by prefix, their finer rights being
Wagtail's and Django's own (sampled per role in `test_access_control.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# The categories.
PUBLIC = "public"  # anyone, signed in or not
ACCOUNT = "account"  # allauth's pages for signing in, up, out and resetting a password
SIGN_IN_REDIRECT = "sign-in redirect"  # another login page, forwarding to allauth's
SIGNED_IN = "signed-in"  # needs sign-in; acts on the visitor's own record only
OWN_RECORD = "own record"  # names one trainee's record: the owner only, a 404 for others
TRAINING_ADMIN = "training admin"  # needs learning.administer_training
WAGTAIL_ADMIN = "wagtail admin"  # needs wagtailadmin.access_admin, then Wagtail's own rights
SUPERUSER_ADMIN = "superuser admin"  # Wagtail admin areas no role is given: superusers only
DJANGO_ADMIN = "django admin"  # Django's admin: staff (here, superusers) only
DJANGO_ADMIN_LOGIN = "django admin login"  # the Django admin's own login and logout

CATEGORIES = (
    PUBLIC,
    ACCOUNT,
    SIGN_IN_REDIRECT,
    SIGNED_IN,
    OWN_RECORD,
    TRAINING_ADMIN,
    WAGTAIL_ADMIN,
    SUPERUSER_ADMIN,
    DJANGO_ADMIN,
    DJANGO_ADMIN_LOGIN,
)
# Anonymous visitors are sent to a sign-in page for these.
SIGN_IN_REQUIRED = (
    SIGNED_IN,
    OWN_RECORD,
    TRAINING_ADMIN,
    WAGTAIL_ADMIN,
    SUPERUSER_ADMIN,
    DJANGO_ADMIN,
)
# Called by the page's script, not opened: they answer JSON (a 403 asking to sign in again)
# where a page would redirect to the sign-in page.
SCRIPT_ENDPOINTS = {"learning/attempts/<uuid:public_id>/autosave/"}


@dataclass(frozen=True)
class Pattern:
    """One URL pattern as Django resolves it: the whole route and the view's dotted path."""

    route: str
    name: str | None
    view: str

    @property
    def own(self) -> bool:
        """A view of the project's own code (cms/ or courses/)."""
        return self.view.startswith(("cms.", "courses."))


@dataclass(frozen=True)
class Rule:
    route: str  # the whole route, exactly (`exact`), or a regular expression from its start
    category: str
    posts: bool = False  # the view changes something on POST (fuzzed and CSRF-checked)
    exact: bool = True

    def matches(self, pattern: Pattern) -> bool:
        if self.exact:
            return pattern.route == self.route
        return re.match(self.route, pattern.route) is not None


def own(route, category, posts=False) -> Rule:
    return Rule(route, category, posts=posts)


def prefix(regex, category) -> Rule:
    return Rule(regex, category, exact=False)


# The project's own views, one line each.
OWN_RULES = [
    own("robots.txt", PUBLIC),
    own("favicon.ico", PUBLIC),
    own("sitemap.xml", PUBLIC),
    own("search/", PUBLIC),
    own("tags/<slug:slug>/", PUBLIC),
    own("certificates/", PUBLIC),
    own("certificates/<str:code>/", PUBLIC),
    own(r"^((?:[\w\-]+/)*)$", PUBLIC),  # pages: the gate in each step page decides
    own("_util/login/", SIGN_IN_REDIRECT),
    own("admin/login/", SIGN_IN_REDIRECT),
    own("admin/password_reset/", SIGN_IN_REDIRECT),
    own("accounts/signup/", ACCOUNT, posts=True),
    own("accounts/profile/", SIGNED_IN, posts=True),
    own("accounts/email/", SIGNED_IN, posts=True),
    own("learning/", SIGNED_IN),
    own("learning/enrol/<id:course_id>/", SIGNED_IN, posts=True),
    own("learning/complete/<id:lesson_id>/", SIGNED_IN, posts=True),
    own("learning/check/<id:lesson_id>/<str:block_id>/", SIGNED_IN, posts=True),
    own("learning/quizzes/<id:quiz_id>/start/", SIGNED_IN, posts=True),
    own("learning/ethics/<id:course_id>/", SIGNED_IN, posts=True),
    own("learning/evaluation/<id:page_id>/", SIGNED_IN, posts=True),
    own("learning/notes/", SIGNED_IN),
    own("learning/notes/download/", SIGNED_IN),
    own("learning/notes/<id:lesson_id>/<str:block_id>/", SIGNED_IN, posts=True),
    own("learning/transcript/", SIGNED_IN),
    own("learning/transcript/pdf/", SIGNED_IN),
    own("learning/transcript/csv/", SIGNED_IN),
    own("learning/attempts/<uuid:public_id>/", OWN_RECORD, posts=True),
    own("learning/attempts/<uuid:public_id>/submit/", OWN_RECORD, posts=True),
    own("learning/attempts/<uuid:public_id>/autosave/", OWN_RECORD, posts=True),
    own("learning/certificates/<str:code>/", OWN_RECORD),
    own("learning/certificates/<str:code>/pdf/", OWN_RECORD),
    own("admin/training/trainees/", TRAINING_ADMIN),
    own("admin/training/trainees/results/", TRAINING_ADMIN),
    own("admin/training/trainees/<id:user_id>/", TRAINING_ADMIN),
    own("admin/training/trainees/<id:user_id>/enrol/", TRAINING_ADMIN, posts=True),
    own(
        "admin/training/trainees/<id:user_id>/quizzes/<id:quiz_id>/override/",
        TRAINING_ADMIN,
        posts=True,
    ),
    own("admin/training/enrolments/<id:enrolment_id>/unenrol/", TRAINING_ADMIN, posts=True),
    own("admin/training/attempts/<id:attempt_id>/", TRAINING_ADMIN),
    own("admin/training/attempts/<id:attempt_id>/reopen/", TRAINING_ADMIN, posts=True),
    own("admin/training/attempts/<id:attempt_id>/void/", TRAINING_ADMIN, posts=True),
    own("admin/training/cohorts/<id:cohort_id>/import/", TRAINING_ADMIN, posts=True),
    own("admin/training/imports/<id:import_id>/", TRAINING_ADMIN, posts=True),
    own("admin/training/certificates/", TRAINING_ADMIN),
    own("admin/training/certificates/results/", TRAINING_ADMIN),
    own("admin/training/certificates/<int:pk>/revoke/", TRAINING_ADMIN, posts=True),
    own("admin/training/evaluations/", TRAINING_ADMIN),
    own("admin/training/evaluations/<int:course_id>/", TRAINING_ADMIN),
    own("admin/training/cohorts/", TRAINING_ADMIN),
    own("admin/training/cohorts/results/", TRAINING_ADMIN),
    own("admin/training/cohorts/new/", TRAINING_ADMIN, posts=True),
    own("admin/training/cohorts/edit/<int:pk>/", TRAINING_ADMIN, posts=True),
    own("admin/training/cohorts/delete/<int:pk>/", TRAINING_ADMIN, posts=True),
    own("admin/training/cohorts/history/<int:pk>/", TRAINING_ADMIN),
    own("admin/training/cohorts/history-results/<int:pk>/", TRAINING_ADMIN),
    own("admin/training/cohorts/usage/<int:pk>/", TRAINING_ADMIN),
    own("admin/training/cohorts/inspect/<int:pk>/", TRAINING_ADMIN),
    own("admin/training-reports/progress/", TRAINING_ADMIN),
    own("admin/training-reports/progress/results/", TRAINING_ADMIN),
    own("admin/training-reports/quiz-results/", TRAINING_ADMIN),
    own("admin/training-reports/quiz-results/results/", TRAINING_ADMIN),
    own("admin/training-reports/item-analysis/", TRAINING_ADMIN),
    own("admin/training-reports/item-analysis/results/", TRAINING_ADMIN),
    own("admin/course-packages/", SUPERUSER_ADMIN, posts=True),
    own("admin/course-packages/import/", SUPERUSER_ADMIN, posts=True),
    own("admin/course-packages/<int:pk>/download/", SUPERUSER_ADMIN),
    own("admin/snippets/choose/courses/reference/", WAGTAIL_ADMIN),
    own("admin/snippets/choose/courses/reference/results/", WAGTAIL_ADMIN),
    own("admin/users/", SUPERUSER_ADMIN),
    own("admin/users/results/", SUPERUSER_ADMIN),
    own("admin/reports/flagged-sources/", WAGTAIL_ADMIN),
    own("admin/reports/flagged-sources/results/", WAGTAIL_ADMIN),
]

# Everything else, by prefix; the first rule that matches decides.
PREFIX_RULES = [
    # Wagtail's serving of pages, documents and page-restriction passwords: Wagtail's own
    # privacy rules (none of the course pages are restricted that way; the gate is the app's).
    prefix(r"documents/", PUBLIC),
    prefix(r"_util/", PUBLIC),
    # allauth.
    prefix(r"accounts/(login|signup|password/reset|confirm-email|\^confirm-email)", ACCOUNT),
    prefix(r"accounts/\^password/reset/key/", ACCOUNT),
    prefix(r"accounts/inactive/", ACCOUNT),
    prefix(r"accounts/logout/", ACCOUNT),  # signing out when signed out: back home
    prefix(r"accounts/(email|password/(change|set)|reauthenticate)/", SIGNED_IN),
    # Wagtail's own account pages before sign-in (the reset forwards to allauth's).
    prefix(r"admin/password_reset/", ACCOUNT),
    # The admin's icons and its JavaScript translations: static files, the same for everyone.
    prefix(r"admin/(sprite|jsi18n)/", PUBLIC),
    # Wagtail admin areas no role here is given: users, groups, sites, settings, workflows
    # and tasks, collections, redirects, form submissions.
    prefix(
        r"admin/(users|groups|sites|settings|workflows|collections|redirects|forms)/",
        SUPERUSER_ADMIN,
    ),
    # The rest of the Wagtail admin: pages, images, documents, snippets, reports, choosers...
    prefix(r"admin/", WAGTAIL_ADMIN),
    # Django's admin.
    prefix(r"django-admin/(login|logout)/", DJANGO_ADMIN_LOGIN),
    prefix(r"django-admin/", DJANGO_ADMIN),
]

RULES = OWN_RULES + PREFIX_RULES


def url_patterns(resolver=None, route="") -> list[Pattern]:
    """Every URL pattern, depth first, with its whole route."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += url_patterns(entry, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(Pattern(route + str(entry.pattern), entry.name, entry.lookup_str))
    return found


def rule_for(pattern: Pattern) -> Rule | None:
    """The rule classifying `pattern`: the project's own views need a line of their own."""
    rules = OWN_RULES if pattern.own else RULES
    return next((rule for rule in rules if rule.matches(pattern)), None)


def classified() -> list[tuple[Pattern, Rule]]:
    """Every URL pattern with its rule; AssertionError naming those without one."""
    found, missing = [], []
    for pattern in url_patterns():
        rule = rule_for(pattern)
        if rule is None:
            missing.append(pattern)
        else:
            found.append((pattern, rule))
    assert not missing, "URL patterns with no access rule in tests/security/url_policy.py:\n" + (
        "\n".join(f"  {p.route}  (name {p.name!r}, view {p.view})" for p in missing)
    )
    return found


def posting_routes() -> list[str]:
    """The project's own routes that change something on POST."""
    return [rule.route for rule in OWN_RULES if rule.posts]


# Sample values for filling in a route's parameters when no real record is needed.
SAMPLES = {
    "int": "1",
    "id": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-4000-8000-000000000000",
}
REGEX_SAMPLES = {
    "content_id": "0" * 32,
    "app_label": "auth",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "key": "x",
    "uidb36": "1",
}


def fill(route: str, values: dict | None = None) -> str:
    """A URL for `route`: its parameters from `values` by name, else a sample."""
    values = values or {}

    def converter(match):
        kind, name = match.group(1) or "str", match.group(2)
        return str(values.get(name, SAMPLES[kind]))

    def group(match):
        name = match.group(1)
        return str(values.get(name, REGEX_SAMPLES.get(name, "1")))

    url = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", group, route)
    url = re.sub(r"<(?:(\w+):)?(\w+)>", converter, url)
    url = url.replace(r"(\d+)", "1").replace("(.*)", "x.pdf").replace(r"((?:[\w\-]+/)*)", "")
    url = url.replace(".*", "nothing-here").replace(r"\.", ".")
    return "/" + url.replace("^", "").replace("$", "")
