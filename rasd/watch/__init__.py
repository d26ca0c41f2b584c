"""Live monitoring: `rasd watch` polls RSS/Atom feeds and sitemaps and ingests new articles.

    sources.py   the sources file (YAML or one URL a line) → `Source`s
    urls.py      URL normalization: the key an article is known by (tracking parameters dropped)
    guard.py     the SSRF guard: which addresses a URL may reach, resolved once
    fetch.py     the HTTP client: pinned addresses, redirects checked hop by hop, size and
                 time limits, retries, per-host politeness; robots.py: robots.txt per host
    listing.py   a feed's or sitemap's bytes → entries (URL, GUID, dates)
    article.py   a fetched page → a Document, as `rasd ingest` reads an HTML file
    state.py     per-source state and every entry seen, in the store (migrations 009, 011)
    poll.py      rounds: which sources are due, what is new, fetch, ingest, record, back off
    view.py      what the command shows: a live table at a terminal, log lines otherwise
    demo_server.py   a static server for examples/site (no outside network needed)
"""
