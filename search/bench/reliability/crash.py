"""kill -9 during a rebuild and during a drain, then look at what is left."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

from django.conf import settings

from . import sandbox
from .load import read_role, start_role
from .sandbox import Server

STARTUP_TIMEOUT = 120.0


def _session_members(sid: int) -> list[dict]:
    """Return the live processes of session sid (what a killed leader leaves)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # Fields after the command name, which sits in parentheses.
            fields = stat[stat.rindex(")") + 2 :].split()
            state, session = fields[0], int(fields[3])
            if session != sid or state == "Z":
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, ValueError, IndexError):
            continue
        found.append({"pid": int(entry.name), "cmdline": cmdline.decode()[:200]})
    return found


def _generations() -> int | None:
    """Return how many index generation folders the Whoosh root holds."""
    from search.backends import backend_name
    from search.backends.whoosh import store

    if backend_name() != "whoosh":
        return None
    root = store.root_path()
    if not root.exists():
        return 0
    return sum(1 for child in root.iterdir() if child.is_dir())


def _kill_midway(args: list[str], within: float, rng: random.Random) -> dict:
    """Start a command, wait until it is working, kill -9 it at a random moment."""
    process = subprocess.Popen(
        sandbox.manage_command(*args),
        env=sandbox.child_env(),
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    working = threading.Event()
    lines: list[str] = []

    def watch() -> None:
        for line in process.stderr:
            lines.append(line)
            if line.startswith("["):  # a progress line: the work has begun
                working.set()
        working.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    working.wait(STARTUP_TIMEOUT)
    delay = rng.uniform(0.0, within)
    time.sleep(delay)
    finished_first = process.poll() is not None
    if not finished_first:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(1.0)  # what the leader started has had time to notice
    orphans = _session_members(process.pid)
    for orphan in orphans:  # processes this suite started, ended by their id
        with contextlib.suppress(ProcessLookupError):
            os.kill(orphan["pid"], signal.SIGKILL)
    watcher.join(5)
    return {
        "command": args[0],
        "killed_after_s": round(delay, 2),
        "finished_before_kill": finished_first,
        "progress_lines": len([x for x in lines if x.startswith("[")]),
        "orphan_processes": len(orphans),
        "orphans": orphans[:4],
    }


def _after_kill(server: Server, probe_query: str) -> dict:
    """Does the index open and answer; does repair leave no drift."""
    answer, count, _ids = sandbox.search_count(server, probe_query)
    generations = _generations()
    repair = sandbox.check_index(repair=True)
    check = sandbox.check_index()
    return {
        "search_status": answer.status,
        "search_count": count,
        "generations_on_disk": generations,
        "repair_exit_code": repair.get("exit_code"),
        "repair_traceback": repair.get("traceback", "")[-600:] or None,
        "check_after_repair": sandbox.short_check(check),
        "ok_after": answer.status == 200
        and bool(count)
        and repair.get("exit_code") == 0
        and sandbox.drift_free(check),
    }


def kills(server: Server, rounds: int, probe_query: str, rebuild_s: float) -> dict:
    """N rounds of kill -9 in a rebuild and in a drain; then health checks."""
    rng = random.Random(13)
    results = []
    for number in range(rounds):
        for command in ("rebuild_index", "drain_search_queue"):
            sandbox.stderr_line(
                f"[kills] round {number + 1}/{rounds}: kill -9 during {command}"
            )
            if command == "rebuild_index":
                args = ["rebuild_index", "--noinput"]
                # The rebuild's own time (command start-up excluded), once
                # the first progress line shows it is working.
                within = max(0.5, rebuild_s * 0.7)
            else:
                read_role(start_role("enqueue_all"))
                args = ["drain_search_queue"]
                within = 1.5
            row = _kill_midway(args, within, rng)
            row.update(_after_kill(server, probe_query))
            row["round"] = number + 1
            results.append(row)
    orphans = sum(r["orphan_processes"] for r in results)
    failed = [r for r in results if not r["ok_after"]]
    generations = [r["generations_on_disk"] for r in results]
    return {
        "rounds": rounds,
        "kills": sum(not r["finished_before_kill"] for r in results),
        "finished_before_kill": sum(r["finished_before_kill"] for r in results),
        "index_answered_after": sum(
            r["search_status"] == 200 and bool(r["search_count"]) for r in results
        ),
        "drift_after_repair": len(failed),
        "orphan_processes": orphans,
        "max_generations_on_disk": max(
            (g for g in generations if g is not None), default=None
        ),
        "runs": results,
        "ok": not failed and orphans == 0,
        "criteria": "index answers, check_index clean after repair, no orphan "
        "process, after every kill",
    }
