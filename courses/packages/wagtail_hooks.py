"""The course packages page under Settings, for site administrators."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.packages import views


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def course_package_urls():
    return [
        path("course-packages/", views.packages_view, name="course_packages"),
        path("course-packages/import/", views.import_view, name="course_package_import"),
        path("course-packages/<int:pk>/download/", views.export_view, name="course_package_export"),
    ]


@hooks.register("register_settings_menu_item")
def course_packages_menu_item():
    return AdministratorsMenuItem(
        "Course packages",
        reverse("course_packages"),
        name="course-packages",
        icon_name="download",
        order=900,
    )
