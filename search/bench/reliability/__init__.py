"""The reliability suite: the archive under load, crashes and hostile input.

`reliability_check` runs it in a throwaway data folder (and a throwaway
PostgreSQL database when one is used), against a real gunicorn on loopback.
Each section returns a dict with its figures and `"ok"`; the runner collects
them into one JSON report. Sections:

- soak: searcher threads and a writer process; 5xx, latency, write-to-search lag
- writers: concurrent writer processes; lost updates (check_index, searches)
- rebuild_load: searches during full rebuilds; failed and empty answers
- kills: kill -9 during rebuild and drain; index answers, repair, orphans
- fuzz: hostile parameters over every page; 5xx and slow answers
- xss: stored payloads rendered in Chromium; dialogs and injected elements
- bad_files: bad import files; exit codes, nothing half-imported
"""

SECTIONS = (
    "soak",
    "writers",
    "rebuild_load",
    "kills",
    "fuzz",
    "xss",
    "bad_files",
)
