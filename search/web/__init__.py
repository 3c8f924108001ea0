"""The web side of search: pages, feeds, exports, OpenSearch and the JSON API.

Every search state lives in the URL (`q`, the facet filters, `sort`, `page`), so
any results page is a permalink.
"""
