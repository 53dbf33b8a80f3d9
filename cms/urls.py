from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from cms.home import views as home_views
from cms.home.sitemap import PublicPagesSitemap
from cms.users.views import password_reset_instead, sign_in_instead
from courses.publishing_views import CheckedWorkflowActionView

# Database unreachable: 503 and a "back in a few minutes" page; any other error: 500.
handler500 = "cms.errors.server_error"

urlpatterns = [
    path("robots.txt", home_views.robots),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"pages": PublicPagesSitemap}},
        name="sitemap",
    ),
    path("favicon.ico", home_views.favicon),
    path("django-admin/", admin.site.urls),
    # One sign-in form for every way in: Wagtail's own login and password reset pages and its
    # page-restriction login send people to allauth's rate-limited pages.
    path("admin/login/", sign_in_instead("/admin/")),
    path("admin/password_reset/", password_reset_instead),
    path("_util/login/", sign_in_instead("/")),
    # Approving a clinical review publishes without the edit form: this view checks the
    # content first (courses.publishing), in place of Wagtail's own at the same address.
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        require_admin_access(CheckedWorkflowActionView.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("cms.users.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("courses.urls")),
    path("", include("courses.learning.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything else is a Wagtail page; this must come last. Pages are served by Wagtail's view,
# with the Site resolved from the content cache (cms.home.site_cache).
urlpatterns += [
    re_path(serve_pattern, home_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
