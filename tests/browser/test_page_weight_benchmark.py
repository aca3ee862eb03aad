"""The page weight benchmark's own machinery (benchmarks/page_weight.py), not its numbers: its server
sends text gzip-compressed as GitHub Pages does and knows how many bytes it sent, and a page's bytes
on the wire are Chromium's count of them, a worker's script's included."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.page_weight import NetworkLog, address, compressed_server, site_path

from .conftest import SUB_PATH, phone_browser

pytestmark = pytest.mark.browser

PAGE = ("<!doctype html><html lang=en><title>Weight</title>" + "<p>Peer support for parents and carers.</p>" * 400
        + "<script>new Worker('worker.js')</script>")
WORKER = "// a worker that does nothing\n" + "self.onmessage = () => {};\n" * 300


def small_site(folder: Path) -> Path:
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "worker.js").write_text(WORKER, encoding="utf-8")
    (folder / "data.json").write_text(json.dumps(["group"] * 1000), encoding="utf-8")
    (folder / "image.png").write_bytes(bytes(range(256)) * 20)
    return folder


def fetch(url: str, accept: str) -> tuple[dict[str, str], bytes, int]:
    """A plain HTTP/1.0 GET: the answer's headers, its body, and every byte received."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port)) as connection:
        connection.sendall(f"GET {parts.path} HTTP/1.0\r\nHost: {parts.netloc}\r\nAccept-Encoding: {accept}\r\n\r\n"
                           .encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, body = received.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")[1:]
    return {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}, body, len(received)


@pytest.mark.parametrize(("name", "compressed"), [("", True), ("data.json", True), ("worker.js", True),
                                                  ("image.png", False)])
def test_the_server_compresses_text_and_counts_what_it_sent(tmp_path: Path, name: str, compressed: bool) -> None:
    site = small_site(tmp_path)
    original = (site / (name or "index.html")).read_bytes()
    with compressed_server(site) as server:
        headers, body, received = fetch(address(server) + name, "gzip, deflate")
        plain_headers, plain_body, _ = fetch(address(server) + name, "identity")
    assert (headers.get("content-encoding") == "gzip") is compressed
    assert (gzip.decompress(body) if compressed else body) == original
    assert int(headers["content-length"]) == len(body)
    assert server.sent[0] == (SUB_PATH + name, received)
    assert "content-encoding" not in plain_headers and plain_body == original


def test_a_pages_bytes_are_chromiums_count_of_the_compressed_answer(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    with compressed_server(site) as server, phone_browser() as driver:
        log = NetworkLog(driver, server)
        driver.get(address(server))
        log.wait_until_quiet()
        counted = {site_path(r.url, address(server)): r.bytes for r in log.requests.values()}
        sent = dict(server.sent)
    assert counted[""] == sent[SUB_PATH] < len(PAGE)
    assert counted["worker.js"] == sent[SUB_PATH + "worker.js"] < len(WORKER)  # from the server's record
