"""URLs: the public timeline at the root, the editors' admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

from . import views
from .feeds import TimelineFeed

public_urls = [
    path("healthz", views.health, name="health"),
    path("", views.index, name="index"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<slug:slug>/", views.subject_detail, {"kind": "actor"}, name="actor"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.subject_detail, {"kind": "topic"}, name="topic"),
    path("chart.json", views.chart_data, name="chart-data"),
    path("feed.atom", TimelineFeed(), name="feed"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.json", views.export_json, name="export-json"),
    path("export.timelinejs.json", views.export_timelinejs, name="export-timelinejs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((public_urls, "timeline"))),
]
