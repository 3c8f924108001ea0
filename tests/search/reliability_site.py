"""Settings of a deliberately broken site for the reliability suite's own test.

The archive's settings and pages, plus one page that always fails
(`tests/search/reliability_urls.py`): the suite must count its 500s.
"""

from newsarchive.settings import *  # noqa: F403

ROOT_URLCONF = "tests.search.reliability_urls"
