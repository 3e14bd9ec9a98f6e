"""`lists update` downloads as an auditor needs them: https only, no scheme-changing
redirect, one deadline, a size cap, and the URL used and sha256 of every file recorded.

Every server here is local (127.0.0.1); the https one uses a certificate made for the
test with the openssl command (skipped with a reason when it is missing)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

from compliance.lists import store
from compliance.lists.fetch import Transport, fetch
from compliance.model.errors import ListDataError

from test_lists_cli import _QuietHandler, home, http_folder, run  # noqa: F401 - fixtures

CSL = {
    "search_performed_at": "2026-11-27T10:00:00Z",
    "results": [
        {"source": "Unverified List (UVL) - Bureau of Industry and Security", "name": "Sample Trading Example Co.",
         "addresses": [{"address": "12 Example Street", "city": "Hong Kong", "country": "HK"}], "start_date": "2018-05-10"},
    ],
}


class _Redirecting(_QuietHandler):
    """/moved answers 302 to the URL in the server's `target`; /slow drips a byte every 0.2 s."""

    def do_GET(self):
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", self.server.target)
            self.end_headers()
            return
        if self.path == "/slow":
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return
        super().do_GET()


def _serve(folder: Path, context: ssl.SSLContext | None = None):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Redirecting, directory=str(folder)))
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.target = ""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scheme = "https" if context else "http"
    return server, f"{scheme}://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def https_server(tmp_path, monkeypatch):
    """An https server on 127.0.0.1 with a self-signed certificate the client is told to trust."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed (needed to make a test certificate)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    folder = tmp_path / "served-tls"
    folder.mkdir()
    (folder / "consolidated.json").write_text(json.dumps(CSL))
    server, url = _serve(folder, context)
    yield server, url, folder
    server.shutdown()
    server.server_close()


def test_plain_http_and_file_urls_are_refused_unless_a_local_mirror_is_allowed(http_folder, tmp_path, home):
    folder, url = http_folder
    (folder / "consolidated.json").write_text(json.dumps(CSL))
    data_dir = tmp_path / "lists"
    plain = run("update", "--data-dir", str(data_dir), "--csl-url", f"{url}/consolidated.json", home=home)
    assert plain.returncode == 2 and "plain http is refused" in plain.stderr and "--allow-insecure-url" in plain.stderr
    local = run("update", "--data-dir", str(data_dir), "--csl-url", (folder / "consolidated.json").as_uri(), "--allow-insecure-url", home=home)
    assert local.returncode == 2 and "only https URLs" in local.stderr
    assert not data_dir.exists()
    mirror = run("update", "--data-dir", str(data_dir), "--csl-url", f"{url}/consolidated.json", "--allow-insecure-url", home=home)
    assert mirror.returncode == 0, mirror.stderr
    [download] = store.read_manifest(data_dir / "uvl").downloads
    assert download.insecure is True and download.url == f"{url}/consolidated.json"  # the mirror is on record


def test_the_manifest_and_the_report_record_the_url_used_and_the_sha256(https_server, tmp_path, home):
    server, url, folder = https_server
    data_dir = tmp_path / "lists"
    proc = run("update", "--data-dir", str(data_dir), "--csl-url", f"{url}/consolidated.json", home=home)
    assert proc.returncode == 0, proc.stderr
    manifest = store.read_manifest(data_dir / "uvl")
    expected = hashlib.sha256((folder / "consolidated.json").read_bytes()).hexdigest()
    assert manifest.source_url == f"{url}/consolidated.json"  # not the official URL it did not use
    [download] = manifest.downloads
    assert (download.url, download.sha256, download.insecure) == (f"{url}/consolidated.json", expected, False)
    assert download.bytes == (folder / "consolidated.json").stat().st_size
    [snapshot] = store.load_snapshots(["uvl"], data_dir=data_dir)
    assert snapshot.provenance().downloads == [download]  # what a report records about the list
    assert f"downloaded {url}/consolidated.json: {download.bytes:,} bytes, sha256 {expected}" in proc.stdout


def test_a_redirect_to_another_scheme_is_refused(https_server, http_folder, tmp_path, home):
    server, url, _ = https_server
    folder, plain = http_folder
    (folder / "consolidated.json").write_text(json.dumps(CSL))
    server.target = f"{plain}/consolidated.json"
    data_dir = tmp_path / "lists"
    proc = run("update", "--data-dir", str(data_dir), "--csl-url", f"{url}/moved", "--allow-insecure-url", home=home)
    assert proc.returncode == 2 and "redirect to another scheme is refused" in proc.stderr
    assert not data_dir.exists()
    server.target = f"{url}/consolidated.json"  # https to https is followed, and the final URL recorded
    proc = run("update", "--data-dir", str(data_dir), "--csl-url", f"{url}/moved", home=home)
    assert proc.returncode == 0, proc.stderr
    assert store.read_manifest(data_dir / "uvl").downloads[0].url == f"{url}/consolidated.json"


def test_a_download_stops_at_the_total_deadline_and_the_size_cap(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    (folder / "big.json").write_bytes(b" " * 5000)
    server, url = _serve(folder)
    try:
        mirror = Transport(deadline=1.0, allow_insecure=True)
        with pytest.raises(ListDataError, match="longer than 1 s"):  # a byte every 0.2 s never times out a read
            fetch(f"{url}/slow", tmp_path / "slow", mirror)
        with pytest.raises(ListDataError, match="larger than"):
            fetch(f"{url}/big.json", tmp_path / "big", Transport(max_bytes=4000, allow_insecure=True))
        assert fetch(f"{url}/big.json", tmp_path / "big", Transport(max_bytes=5000, allow_insecure=True)).bytes == 5000
    finally:
        server.shutdown()
        server.server_close()
