import pytest
from django.core.management import call_command


@pytest.fixture
def demo_course(db):
    """The flagship course as `setup_demo` builds it (about two seconds)."""
    call_command("setup_demo", "--no-accounts", verbosity=0)
    from courses.models import CoursePage

    return CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
