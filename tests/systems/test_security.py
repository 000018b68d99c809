"""Security defaults of the clients: TLS is verified, ids stay in their URL segment, signatures
are compared in constant time."""

import http.server
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from systems import signing
from systems.centric.client import CentricClient
from systems.http import RetryPolicy, Unreachable, segment
from tests.conftest import free_port


def self_signed(folder: Path) -> tuple[Path, Path]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


class Seasons(http.server.BaseHTTPRequestHandler):
    """Answers every request like a Centric that accepts anyone: one empty page."""

    def do_GET(self) -> None:
        self._answer(b"[]")

    def do_POST(self) -> None:
        self._answer(b'{"token": "t"}')

    def _answer(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def https_server(key: Path, cert: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Seasons)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/csi-requesthandler/api/v2"
    finally:
        server.shutdown()
        server.server_close()


def centric(url: str) -> CentricClient:
    return CentricClient.connect(
        url, "launchsync", SecretStr("pw"), retry=RetryPolicy(attempts=5, backoff=5)
    )


def test_an_untrusted_certificate_is_refused_at_once_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    key, cert = self_signed(tmp_path)
    with https_server(key, cert) as url, centric(url) as client:
        started = time.monotonic()
        with pytest.raises(Unreachable) as refused:
            client.check()
        waited = time.monotonic() - started
    message = str(refused.value)
    assert "TLS certificate is not trusted" in message
    assert "LAUNCHSYNC_CENTRIC_URL" in message and "SSL_CERT_FILE" in message
    assert waited < 5  # not retried: the first backoff alone would take 4 s or more


def test_a_certificate_from_a_trusted_bundle_is_accepted(tmp_path, monkeypatch):
    key, cert = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with https_server(key, cert) as url, centric(url) as client:
        client.check()  # raises if the certificate were not verified against the bundle


@pytest.mark.parametrize(
    ("record_id", "sent"),
    [
        ("../session", "/styles/..%2Fsession"),
        ("x?active=false", "/styles/x%3Factive%3Dfalse"),
        ("a#b", "/styles/a%23b"),
        ("C1 2", "/styles/C1%202"),
        ("C10000051", "/styles/C10000051"),
    ],
)
def test_an_id_stays_in_its_path_segment(record_id, sent):
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path.decode())
        return httpx.Response(200, json={"token": "t"} if request.method == "POST" else {})

    with CentricClient.connect(
        "http://centric.test/api/v2",
        "launchsync",
        SecretStr("pw"),
        transport=httpx.MockTransport(answer),
    ) as client:
        client.get("styles", record_id)
    assert seen[-1] == f"/api/v2{sent}"


@pytest.mark.parametrize("record_id", ["", ".", ".."])
def test_an_id_that_cannot_be_a_path_segment_is_refused(record_id):
    with pytest.raises(ValueError, match="cannot name a record"):
        segment(record_id)


def test_webhook_signatures_are_compared_in_constant_time(monkeypatch):
    compared = []
    real = signing.hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(signing.hmac, "compare_digest", spy)
    body = b'{"event": "x"}'
    headers = signing.FOURALLPORTAL.headers("secret", "moduleobject_modify", "d1", body)
    assert signing.FOURALLPORTAL.verify("secret", headers, body) is None
    forged = {**headers, signing.FOURALLPORTAL.signature_header: "sha256=" + "0" * 64}
    assert signing.FOURALLPORTAL.verify("secret", forged, body) == "signature does not match"
    assert len(compared) == 2
