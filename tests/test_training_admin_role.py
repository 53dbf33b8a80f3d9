"""The Training administrators group exists from the migrations, with the permission every
training-administration view requires and no page-editing rights."""

import pytest
from django.contrib.auth.models import Group

from courses.learning.permissions import (
    ADMINISTER_TRAINING,
    TRAINING_ADMINISTRATORS,
    administers_training,
)
from tests.factories import make_editor, make_user

pytestmark = pytest.mark.django_db


def test_the_group_may_use_the_admin_and_administer_training_but_not_edit_pages():
    group = Group.objects.get(name=TRAINING_ADMINISTRATORS)
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert {ADMINISTER_TRAINING, "wagtailadmin.access_admin"} <= codes
    # Wagtail's own migrations let every group choose documents; nothing else is granted.
    extra = codes - {ADMINISTER_TRAINING, "wagtailadmin.access_admin"}
    assert all(code.split(".")[1].startswith("choose_") for code in extra), extra
    assert not group.page_permissions.exists()


def test_only_members_and_superusers_administer_training():
    member = make_user("admin-of-training")
    member.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    assert administers_training(member)
    assert administers_training(make_editor())
    author = make_user("author")
    author.groups.add(Group.objects.get(name="Editors"))
    assert not administers_training(author)
    assert not administers_training(make_user("trainee"))
