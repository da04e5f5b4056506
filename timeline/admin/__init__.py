"""The editors' workspace: adding articles, reviewing the events proposed from them, merging
duplicates, curating the vocabularies, and the sources polled for news. One module per concern;
importing them registers them.
"""

from django.contrib import admin

from . import articles, events, sources, vocabularies

admin.site.site_header = "Defence-cooperation timeline: editors"
admin.site.site_title = "Timeline editors"
admin.site.index_title = "Review and curate"
# The review queue needs the width more than a second copy of the app menu.
admin.site.enable_nav_sidebar = False

__all__ = ["articles", "events", "sources", "vocabularies"]
