"""The data shipped with policy-tui (installed as the package ``tui.data``).

The bundled plan (raw scrape, reviewed errata, processed JSON), the county
list and the term list.  Read through ``tui.locations``, never by path.
"""
