"""Benchmark: `psgnews serve`, from an editor's save to the outputs served again.

Starts `psgnews serve` on the 8-article, ~13-page issue of pdf_bench.py, then,
in each round, saves a new title for one article and times, from the save, as
a client sees it: the reload event arriving, the email and the text served
with the new title, and the PDF served. Each round is alternated with one
warm render of the same issue in this process (weasy.render with its fonts
loaded, as the server's renderer has them), so the PDF's figure is a ratio
against a floor measured under the same load. Targets: email and text
within 150 ms (median), the PDF within 1.3 times the warm render.

    .venv/bin/python benchmarks/serve_bench.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import http.client
import json
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.environment import as_installed
from benchmarks.pdf_bench import NUMBER, make_project

EMAIL_LIMIT = 0.150
PDF_LIMIT = 1.3
ARTICLE = "article-3.yaml"


class Server:
    """`psgnews serve` in its own process, and a client of its event stream."""

    def __init__(self, root: Path) -> None:
        self.log = root.parent / "serve.log"
        script = Path(sys.executable).with_name("psgnews")
        command = [str(script), "--root", str(root), "serve", str(NUMBER), "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log.open("w"))
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match is None:
            raise SystemExit(f"psgnews serve did not start: {line}{self.log.read_text()}")
        self.port = int(match[1])
        self.events: queue.Queue[tuple[float, str, Any]] = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        """Put each event on the queue with the time it arrived."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        connection.request("GET", "/_psgnews/events")
        response = connection.getresponse()
        name = ""
        while line := response.fp.readline():
            text = line.decode().rstrip("\n")
            if text.startswith("event: "):
                name = text.removeprefix("event: ")
            elif text.startswith("data: "):
                self.events.put((time.perf_counter(), name, json.loads(text[6:])))

    def get(self, path: str) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        connection.request("GET", path)
        body = connection.getresponse().read()
        connection.close()
        return body

    def next_update(self, wanted: str) -> tuple[float, dict[str, Any]]:
        """Return the arrival time and data of the next update naming part `wanted`."""
        while True:
            at, name, data = self.events.get(timeout=120)
            if name == "update" and wanted in data["parts"]:
                return at, data

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def save_title(root: Path, title: str) -> float:
    """Write the article with `title` as an editor's save does; return when the write began."""
    path = root / "issues" / str(NUMBER) / ARTICLE
    text = re.sub(r"(?m)^title: .*$", f'title: "{title}"', path.read_text(), count=1)
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    return start


def warm_render(root: Path) -> float:
    """Return the seconds of one PDF render of the issue in this warm process."""
    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.render import documents
    from psgnews.render.pdf import weasy

    issue = load_issue(open_root(root), NUMBER)
    html = documents.print_html(issue)
    start = time.perf_counter()
    weasy.render(issue, html, root, fonts=weasy.shared_fonts())
    return time.perf_counter() - start


def one_round(server: Server, root: Path, index: int) -> tuple[float, float, float]:
    """Save a new title; return seconds to the reload event, to email and text, to the PDF."""
    title = f"Benchmark round {index}"
    saved = save_title(root, title)
    event, _ = server.next_update("email")
    html = server.get(f"/{NUMBER}/psg-update-{NUMBER}.html")
    text = server.get(f"/{NUMBER}/psg-update-{NUMBER}.txt")
    served = time.perf_counter()
    assert title.encode() in html and title.encode() in text, "the save was not served"
    pdf = server.get(f"/{NUMBER}/psg-update-{NUMBER}.pdf")
    made = time.perf_counter()
    assert pdf.startswith(b"%PDF"), pdf[:200]
    server.next_update("pdf")  # and the page is told
    return event - saved, served - saved, made - saved


def main() -> None:
    """Run the rounds and print the medians against their targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="saves timed (at least 5)")
    rounds = max(5, parser.parse_args().rounds)
    as_installed()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        make_project(root)
        server = Server(root)
        try:
            pdf = server.get(f"/{NUMBER}/psg-update-{NUMBER}.pdf")  # the first PDF, at start
            warm_render(root)  # this process's fonts loaded, as the server's renderer has them
            events, served, made, warm = [], [], [], []
            for index in range(rounds):
                time.sleep(0.3)  # the server idle again, as between an editor's saves
                event, email, pdf_seconds = one_round(server, root, index)
                events.append(event)
                served.append(email)
                made.append(pdf_seconds)
                warm.append(warm_render(root))
        finally:
            server.stop()
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    report(pages, events, served, made, warm)


def report(
    pages: int, events: list[float], served: list[float], made: list[float], warm: list[float]
) -> None:
    """Print each figure's median, its rounds and its target."""
    email, pdf, floor = (statistics.median(x) for x in (served, made, warm))
    print(f"issue: 8 articles, {pages} pages; {len(served)} saves")
    print(f"save -> reload event:          median {statistics.median(events) * 1000:.0f} ms")
    print(
        f"save -> email and text served: median {email * 1000:.0f} ms "
        f"(target <= {EMAIL_LIMIT * 1000:.0f} ms): {_ms(served)}"
    )
    print(f"save -> PDF served:            median {pdf:.3f} s: {_s(made)}")
    print(f"one warm in-process render:    median {floor:.3f} s: {_s(warm)}")
    print(f"ratio PDF served / warm render: {pdf / floor:.2f} (target <= {PDF_LIMIT})")


def _ms(times: list[float]) -> str:
    return " ".join(f"{t * 1000:.0f}" for t in times)


def _s(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    main()
