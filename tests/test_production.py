"""The README's production recipes work when pasted: gunicorn, debug off, static files."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "MAKE", "MFLAGS"))
    }
    env.update(
        NEWSARCHIVE_DATA_DIR=str(tmp_path / "data"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        **extra,
    )
    return env


def _block_after(marker: str) -> str:
    """Return the first sh code block of the README after marker."""
    start = README.index(marker)
    match = re.compile(r"```sh\n(.*?)```", re.DOTALL).search(README, start)
    assert match, f"no sh block after {marker!r}"
    return match.group(1)


def _replace(script: str, old: str, new: str) -> str:
    assert old in script, f"the README recipe no longer contains {old!r}"
    return script.replace(old, new)


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _serve(script: str, env: dict, port: int, log: Path):
    """Run script in bash; wait for / on port; return the running process."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["bash", "-euc", script],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 180
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            if _get(f"http://127.0.0.1:{port}/")[0] == 200:
                return proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            _stop(proc)
            raise AssertionError(log.read_text())
        time.sleep(0.5)


def _stop(proc) -> None:
    with_group = os.getpgid(proc.pid)
    os.killpg(with_group, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(with_group, signal.SIGKILL)
        proc.wait()


def _assert_production_site(port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    status, _, body = _get(base + "/")
    page = body.decode()
    assert status == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert {"/static/css/site.css", "/static/js/site.js"} <= set(assets), assets
    for asset in assets:
        status, headers, content = _get(base + asset)
        assert status == 200, asset
        assert content
    css = _get(base + "/static/css/site.css")[1]["Content-Type"]
    assert css.startswith("text/css")
    # Debug is off: a missing page is the site's own 404, not Django's debug page.
    status, _, body = _get(base + "/no-such-page/")
    assert status == 404
    assert b"URLconf" not in body and b"Traceback" not in body


def test_serve_prod_refuses_without_a_secret_key(tmp_path):
    result = subprocess.run(
        ["make", "-o", f"{VENV}/.installed", f"VENV={VENV}", "serve-prod"],
        cwd=ROOT,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "make serve-prod: DJANGO_SECRET_KEY is not set" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr
    assert not (tmp_path / "data" / "newsarchive.sqlite3").exists()


def test_the_readme_make_recipe_serves_the_site_with_static_files(tmp_path):
    port = _free_port()
    script = _block_after("Production: `make serve-prod`")
    script = _replace(script, "archive.example", "127.0.0.1")
    script = _replace(
        script,
        "make serve-prod",
        f"exec make -o {VENV}/.installed VENV={VENV} serve-prod",
    )
    env = _environment(tmp_path, HOST="127.0.0.1", PORT=str(port), WORKERS="2")
    proc = _serve(script, env, port, tmp_path / "serve.log")
    try:
        _assert_production_site(port)
    finally:
        _stop(proc)
    assert "DJANGO_DEBUG=0" in (tmp_path / "serve.log").read_text()


def test_the_readme_steps_without_make_serve_the_site_too(tmp_path):
    port = _free_port()
    exports = _block_after("Production: `make serve-prod`")
    exports = _replace(exports, "archive.example", "127.0.0.1")
    exports = _replace(exports, "make serve-prod\n", "")
    steps = _block_after("Without make, the same three steps")
    steps = _replace(steps, ".venv/bin/", f"{VENV}/bin/")
    steps = _replace(steps, "127.0.0.1:8000", f"127.0.0.1:{port}")
    steps = _replace(steps, f"{VENV}/bin/gunicorn", f"exec {VENV}/bin/gunicorn")
    proc = _serve(exports + steps, _environment(tmp_path), port, tmp_path / "s.log")
    try:
        _assert_production_site(port)
    finally:
        _stop(proc)
