"""Sources that feed the timeline by themselves: RSS and Atom feeds polled on a schedule.

``models`` (sources, their entries, the per-host pace, the relevance rule), ``feeds`` (parsing),
``discovery`` (a web page's feed), ``addresses`` (canonical addresses), ``language``,
``relevance``, ``pacing`` (one request per host at a time), ``polling`` (claiming a due source,
fetching its feed, ingesting its entries) and ``opml`` (import and export of the source list).
"""
