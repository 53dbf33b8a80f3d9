"""Wagtail's permission policy for the training-administration models (cohorts): every
action belongs to those who administer training (`courses.learning.permissions`), and to
nobody else, whatever Django model permissions they hold."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from courses.learning.permissions import ADMINISTER_TRAINING, administers_training


class TrainingPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return administers_training(user)

    def users_with_any_permission(self, actions):
        app_label, codename = ADMINISTER_TRAINING.split(".")
        granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__permissions__in=granted)
                | Q(user_permissions__in=granted)
            )
            .distinct()
        )
