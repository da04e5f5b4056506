"""URLs: the public timeline at the root, the editors' admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

from . import views

public_urls = [
    path("healthz", views.health, name="health"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((public_urls, "timeline"))),
]
