"""The Wagtail admin's Users area, with Pathway's trainee fields (`cms.users.admin_forms`)
and search by full name. Installed through `cms.users.wagtail_users_app`."""

from django.utils.functional import cached_property
from wagtail.users.views import users

from cms.users.admin_forms import PathwayUserCreationForm, PathwayUserEditForm


class IndexView(users.IndexView):
    @cached_property
    def search_fields(self):
        fields = super().search_fields
        return None if fields is None else fields | {"full_name"}


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView

    def get_form_class(self, for_update=False):
        return PathwayUserEditForm if for_update else PathwayUserCreationForm
