"""Remake the documentation's pictures from the sample: `make docs-images`.

Builds Update 119 and the web archive into a temporary folder, then takes
screenshots with Debian's headless chromium (the email at 600 and 375 px, two
pages of the web archive, the `psgnews serve` preview) and a PDF page with
pdftoppm, each cropped and reduced to a small PNG here, beside this script.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ISSUE = "119"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
COLOURS = 96  # a palette this small keeps a screenshot of text legible and under ~100 KB
# A phone's width: chromium's window is at least 500 px, so the email goes in a frame.
PHONE = """<!doctype html><meta charset="utf-8"><style>body{margin:0}</style>
<iframe src="EMAIL" style="width:375px;height:1400px;border:0;display:block"></iframe>"""


def main() -> None:
    """Build the sample, then write every picture the docs show."""
    with tempfile.TemporaryDirectory(prefix="psgnews-docs-") as temp:
        out = Path(temp)
        psgnews = Path(sys.executable).with_name("psgnews")
        subprocess.run(
            [psgnews, "--root", REPO, "build", ISSUE, "--web", "--out", out, "--quiet"],
            check=True,
        )
        email = out / ISSUE / f"psg-update-{ISSUE}.html"
        shoot(email.as_uri(), (600, 1400), HERE / "email-600.png", width=300)
        phone = out / "phone.html"
        phone.write_text(PHONE.replace("EMAIL", email.name), encoding="utf-8")
        shutil.copy(phone, email.parent / "phone.html")
        crop = (0, 0, 375, 1400)
        shoot(
            (email.parent / "phone.html").as_uri(), (500, 1400), HERE / "email-375.png", crop=crop
        )
        web = out / "web"
        shoot((web / "index.html").as_uri(), (1000, 900), HERE / "web-archive.png", width=600)
        shoot((web / ISSUE / "index.html").as_uri(), (1000, 900), HERE / "web-issue.png", width=600)
        pdf_page(out / ISSUE / f"psg-update-{ISSUE}.pdf", HERE / "pdf-page-1.png")
        with serving(psgnews) as url:
            shoot(url, (1300, 900), HERE / "serve-preview.png", wait=5000, width=650)


@contextlib.contextmanager
def serving(psgnews: Path) -> Iterator[str]:
    """Run `psgnews serve` on a free port of 127.0.0.1 until the preview answers; yield its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [psgnews, "--root", REPO, "serve", ISSUE, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{ISSUE}/"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5):
                break
            time.sleep(0.1)
        time.sleep(2)  # the PDF is rendered after the page first answers
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def shoot(url: str, window: tuple[int, int], target: Path, wait: int = 0, **keep: object) -> None:
    """Screenshot `url` in a window of `window` px (after `wait` ms), then make it small."""
    with tempfile.TemporaryDirectory(prefix="psgnews-chromium-") as profile:
        shot = Path(profile) / "shot.png"
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--allow-file-access-from-files",
                *([f"--timeout={wait}"] if wait else []),  # a page that keeps a connection open
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                f"--user-data-dir={profile}",
                f"--window-size={window[0]},{window[1]}",
                f"--screenshot={shot}",
                url,
            ],
            check=True,
            capture_output=True,
        )
        small(shot, target, **keep)  # type: ignore[arg-type]


def pdf_page(pdf: Path, target: Path) -> None:
    """Render the PDF's first page at 50 dpi with pdftoppm, as a small PNG."""
    with tempfile.TemporaryDirectory(prefix="psgnews-pdftoppm-") as temp:
        stem = Path(temp) / "page"
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
            check=True,
        )
        small(stem.with_suffix(".png"), target)


def small(
    source: Path, target: Path, crop: tuple[int, int, int, int] | None = None, width: int = 0
) -> None:
    """Save `source` cropped, scaled to `width` and reduced to a small palette, as `target`."""
    with Image.open(source) as image:
        picture = image.convert("RGB")
    if crop:
        picture = picture.crop(crop)
    if width and picture.width > width:
        height = round(picture.height * width / picture.width)
        picture = picture.resize((width, height), Image.Resampling.LANCZOS)
    picture.quantize(COLOURS).save(target, optimize=True)
    print(f"wrote {target.relative_to(REPO)} ({target.stat().st_size // 1000} KB)")


if __name__ == "__main__":
    main()
