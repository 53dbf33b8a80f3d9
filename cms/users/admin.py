"""Django admin hook-up for accounts.

Django's own admin login form (/django-admin/login/) authenticates without allauth, so it
would skip allauth's failed-login rate limit. Sending it to the allauth sign-in page
instead keeps one rate-limited way in for everyone.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin

admin.site.login = secure_admin_login(admin.site.login)
