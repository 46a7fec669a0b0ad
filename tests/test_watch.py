"""``newsprism watch``: polls, alerts raised once, conditional requests, restarts, signals (real store,
real server on 127.0.0.1, the real pipeline on the demo corpus)."""

from __future__ import annotations

import http.server
import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from httpserver import Reply, Request, local_server  # noqa: E402,F401
from newsprism.errors import StoreError
from newsprism.settings import default_settings
from newsprism.store import open_store
from newsprism.store.watch import WatchState
from newsprism.watch.watcher import Watcher, WatchOptions

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


def _watcher(sources: list[str], db: Path, alerts: Path, lines: list[str]) -> tuple[Watcher, object]:
    store = open_store(db)
    watcher = Watcher(sources, store, default_settings(), WatchOptions(alerts_path=alerts, print_alerts=False,
                                                                        allow_private=True),
                      say=lines.append, emit=lines.append)
    return watcher, store


def _alerts(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def _republish(folder: Path, outlet: str) -> str:
    """A new outlet's word-for-word copy of one demo article (as a content farm would post it)."""
    record = json.loads((DEMO / "wire.jsonl").read_text("utf-8").splitlines()[0])
    record.update(url=f"https://{outlet.lower().replace(' ', '-')}.example/copy", outlet=outlet, author=None)
    (folder / "republished.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    return str(record["title"])


def test_folder_watch_raises_each_alert_once_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    shutil.copytree(DEMO, folder)
    db, alerts_file, lines = tmp_path / "w.db", tmp_path / "alerts.jsonl", []
    watcher, store = _watcher([str(folder)], db, alerts_file, lines)
    try:
        assert watcher.run(cycles=1) == 0
        first = _alerts(alerts_file)
        kinds = {a["type"] for a in first}
        assert {"new-story", "copy", "disagreement"} <= kinds, lines
        disagreement = next(a for a in first if a["type"] == "disagreement")
        assert disagreement["articles"] and len(disagreement["values"]) >= 2  # type: ignore[arg-type]
        for alert in first:
            assert {"id", "type", "story", "articles", "outlets", "summary", "time"} <= set(alert)
            assert alert["summary"] and "\n" not in str(alert["summary"])
        new_stories = [a for a in first if a["type"] == "new-story"]
        assert all(len(a["outlets"]) >= 2 for a in new_stories)  # type: ignore[arg-type]
        assert len({a["id"] for a in first}) == len(first)

        # An unchanged poll raises nothing.
        watcher.run(cycles=1)
        assert _alerts(alerts_file) == first
    finally:
        watcher.close()
        store.close()  # type: ignore[attr-defined]

    # A restart repeats nothing; a new outlet copying an article raises a copy and a story-grew alert.
    _republish(folder, "Quick Wire Reposts")
    watcher, store = _watcher([str(folder)], db, alerts_file, lines)
    try:
        watcher.run(cycles=1)
        later = _alerts(alerts_file)[len(first):]
        assert {a["type"] for a in later} >= {"copy", "story-grew"}, later
        grew = next(a for a in later if a["type"] == "story-grew")
        assert grew["new_outlets"] == ["Quick Wire Reposts"]
        copy = next(a for a in later if a["type"] == "copy")
        assert "Quick Wire Reposts" in copy["outlets"]  # type: ignore[operator]
        watcher.run(cycles=1)
        assert len(_alerts(alerts_file)) == len(first) + len(later)
    finally:
        watcher.close()
        store.close()  # type: ignore[attr-defined]


def test_first_watch_of_a_filled_store_raises_nothing_for_what_it_holds(tmp_path: Path) -> None:
    from newsprism.extract.runner import ingest

    db, alerts_file, lines = tmp_path / "w.db", tmp_path / "alerts.jsonl", []
    with open_store(db) as store:
        ingest([str(DEMO)], store, default_settings())
    folder = tmp_path / "inbox"
    folder.mkdir()
    watcher, store = _watcher([str(folder)], db, alerts_file, lines)
    try:
        watcher.run(cycles=1)
        assert _alerts(alerts_file) == []
        assert any("taken as known" in line for line in lines)
        _republish(folder, "Quick Wire Reposts")
        watcher.run(cycles=1)
        assert {a["type"] for a in _alerts(alerts_file)} >= {"copy", "story-grew"}
    finally:
        watcher.close()
        store.close()  # type: ignore[attr-defined]


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local</title><link>{base}/</link>{items}</channel></rss>"""
ITEM = "<item><title>{title}</title><link>{base}/a/{n}</link><description>{text}</description></item>"


def test_feed_polls_are_conditional_and_failures_back_off(local_server, tmp_path: Path) -> None:  # noqa: F811
    base = local_server.url("")
    entries = [ITEM.format(title=f"Story {n}", base=base, n=n, text=f"Text {n}.") for n in range(2)]
    body = FEED.format(base=base, items="".join(entries)).encode()

    def feed(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304, b"")
        return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    local_server.route("/feed.xml", feed)
    for n in range(2):
        page = (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
                f"<p>{'The council met on Monday and agreed the harbour budget after a long debate. ' * 4}"
                f"Item {n}.</p></article></body></html>")
        local_server.route(f"/a/{n}", Reply(200, page.encode(), {"Content-Type": "text/html"}))
    local_server.route("/gone.xml", Reply(500, b"down"))
    settings_lines: list[str] = []
    watcher, store = _watcher([local_server.url("/feed.xml"), local_server.url("/gone.xml")],
                              tmp_path / "w.db", tmp_path / "a.jsonl", settings_lines)
    try:
        watcher.run(cycles=1)
        assert store.count() == 2  # type: ignore[attr-defined]
        state = WatchState(store)  # type: ignore[arg-type]
        assert state.source(local_server.url("/feed.xml")).etag == '"v1"'
        failing = state.source(local_server.url("/gone.xml"))
        assert failing.failures == 1 and failing.last_error
        # Poll again at once: the feed answers 304, nothing is fetched again; the failing source waits.
        pages_before = len(local_server.hits("/a/0"))
        gone_before = len(local_server.hits("/gone.xml"))
        watcher.run(cycles=1)
        assert local_server.hits("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'
        assert len(local_server.hits("/a/0")) == pages_before
        assert len(local_server.hits("/gone.xml")) == gone_before  # backing off: not due yet
        assert sum("/gone.xml" in line and "retrying" in line for line in settings_lines) == 1
    finally:
        watcher.close()
        store.close()  # type: ignore[attr-defined]


def test_sigterm_finishes_and_exits_zero(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    shutil.copytree(DEMO, folder)
    process = subprocess.Popen(
        [sys.executable, "-m", "newsprism", "watch", str(folder), "--db", str(tmp_path / "w.db"),
         "--interval", "3600", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait until the first poll is done, then ask it to stop while it sleeps.
    deadline = time.monotonic() + 600
    db = tmp_path / "w.db"
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with open_store(db, read_only=True) as store:
                    if store.state("watch:analysed"):
                        break
            except StoreError:
                pass  # still being created by the watcher
        time.sleep(1)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "SIGTERM" in err
    with open_store(db) as store:
        assert store.count() > 0 and store.integrity_ok()


def _processes_naming(path: Path) -> list[int]:
    """Live processes whose command line names ``path``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(path).encode() in (entry / "cmdline").read_bytes() and b"Z" not in (
                        entry / "stat").read_bytes().split(b") ")[-1][:1]:
                    found.append(int(entry.name))
            except OSError:
                continue  # ended while being read
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to see the worker processes")
def test_kill_9_loses_at_most_a_batch_and_a_restart_misses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(120):
        (folder / f"{n:03d}.txt").write_text(
            f"Harbour report number {n}\n\nThe harbour master counted {n} boats on pier {n % 7} today. "
            f"Crews from village {n} unloaded their catch before noon, he said.\n", "utf-8")
    config = tmp_path / "small-batches.toml"
    config.write_text("[ingest]\nbatch_size = 5\nworkers = 1\n", "utf-8")
    db = tmp_path / "w.db"
    command = [sys.executable, "-m", "newsprism", "--config", str(config), "watch", str(folder), "--db", str(db),
               "--once", "--quiet", "--alerts", str(tmp_path / "alerts.jsonl")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and process.poll() is None and stored < 20:
        if db.exists():
            try:
                with open_store(db, read_only=True) as store:
                    stored = store.count()
            except StoreError:
                pass  # still being created by the watcher
        time.sleep(0.05)
    process.kill()  # SIGKILL: no handler runs
    process.wait()
    # Its worker processes end with it instead of holding the store open.
    deadline = time.monotonic() + 60
    while _processes_naming(db) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_naming(db)
    with open_store(db) as store:
        assert store.integrity_ok()
        assert 0 < store.count() <= 120
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    with open_store(db) as store:
        assert store.count() == 120
        origins = [a.origin for a in store.iter_articles()]
        assert len(set(origins)) == 120
    ids = [a["id"] for a in _alerts(tmp_path / "alerts.jsonl")]
    assert len(ids) == len(set(ids))


def _page(n: int) -> bytes:
    return (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1><p>"
            f"{'The council met on Monday and agreed the harbour budget after a long debate. ' * 4}"
            f"Item {n}.</p></article></body></html>").encode()


def _broken_body() -> Iterator[bytes]:
    yield b"<rss version='2.0'><channel><title>cut</title>"
    raise ConnectionResetError("the server went away mid-body")


def test_network_faults_fail_their_source_only_and_a_changing_feed_loses_nothing(
        local_server, tmp_path: Path) -> None:  # noqa: F811
    base = local_server.url("")
    versions = {"current": 1}

    def feed(request: Request) -> Reply:
        numbers = (0, 1) if versions["current"] == 1 else (1, 2)  # entry 0 drops out, entry 2 comes in
        tag = f'"v{versions["current"]}"'
        if request.headers.get("if-none-match") == tag:
            return Reply(304, b"")
        items = "".join(ITEM.format(title=f"Story {n}", base=base, n=n, text=f"Text {n}.") for n in numbers)
        return Reply(200, FEED.format(base=base, items=items).encode(),
                     {"Content-Type": "application/rss+xml", "ETag": tag})

    local_server.route("/feed.xml", feed)
    for n in range(3):
        local_server.route(f"/a/{n}", Reply(200, _page(n), {"Content-Type": "text/html"}))
    local_server.route("/bad-gzip.xml", Reply(200, b"this is not gzip at all",
                                              {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}))
    local_server.route("/reset.xml", Reply(200, _broken_body(), {"Content-Type": "application/rss+xml"}))
    sources = [local_server.url(p) for p in ("/bad-gzip.xml", "/reset.xml", "/feed.xml")]
    lines: list[str] = []
    watcher, store = _watcher(sources, tmp_path / "w.db", tmp_path / "a.jsonl", lines)
    try:
        watcher.run(cycles=1)
        assert store.count() == 2  # type: ignore[attr-defined]
        state = WatchState(store)  # type: ignore[arg-type]
        for broken in sources[:2]:
            assert state.source(broken).failures == 1, lines
        versions["current"] = 2
        watcher.run(cycles=1)
        assert store.count() == 3  # type: ignore[attr-defined]
        assert len(local_server.hits("/a/1")) == 1  # stored before: its page is not fetched again
        assert sorted(a.title for a in store.iter_articles()) == ["Story 0", "Story 1", "Story 2"]  # type: ignore[attr-defined]
    finally:
        watcher.close()
        store.close()  # type: ignore[attr-defined]


class _Receiver(http.server.BaseHTTPRequestHandler):
    """A webhook endpoint on 127.0.0.1: keeps each POSTed body, refuses the first one with a 500."""

    received: list[dict[str, object]] = []
    refused = 0

    def do_POST(self) -> None:  # noqa: N802 - the handler's name is http.server's
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if _Receiver.refused == 0:
            _Receiver.refused += 1
            self.send_response(500)
        else:
            _Receiver.received.append(json.loads(body))
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_alerts_are_posted_to_a_webhook_and_a_refusal_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    shutil.copytree(DEMO, folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    lines: list[str] = []
    try:
        store = open_store(tmp_path / "w.db")
        options = WatchOptions(alerts_path=tmp_path / "a.jsonl", webhook=f"http://127.0.0.1:{server.server_port}/hook",
                               print_alerts=False)
        watcher = Watcher([str(folder)], store, default_settings(), options, say=lines.append, emit=lines.append)
        try:
            watcher.run(cycles=1)
        finally:
            watcher.close()
            store.close()
    finally:
        server.shutdown()
    written = _alerts(tmp_path / "a.jsonl")
    assert len(_Receiver.received) == len(written) - 1 and _Receiver.received == written[1:]
    assert sum("webhook" in line and "not accepted" in line for line in lines) == 1


def test_once_exits_1_when_an_item_failed_and_keeps_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    shutil.copytree(DEMO, folder)
    (folder / "empty.jsonl").write_text("", "utf-8")
    result = subprocess.run([sys.executable, "-m", "newsprism", "watch", str(folder), "--db", str(tmp_path / "w.db"),
                             "--once", "--quiet"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "empty.jsonl" in result.stderr or "1 failed" in result.stderr
    expected = json.loads((DEMO.parent / "demo-expected.json").read_text("utf-8"))["articles"]
    with open_store(tmp_path / "w.db") as store:
        assert store.count() == len(expected)  # every demo article, the empty file aside
