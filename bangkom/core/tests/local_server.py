"""What the tests' stand-ins for outside services share (SIASN, BSrE, an OpenID Connect provider): a
quiet request handler that answers JSON or bytes, served on 127.0.0.1 on a free port in a thread."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StandInHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # the test's output, not the server's
        pass

    def body_bytes(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_json(self, status: int, body: dict[str, Any]) -> None:
        self.answer(status, json.dumps(body).encode(), "application/json")


def serve(handler: type[BaseHTTPRequestHandler]) -> tuple[str, ThreadingHTTPServer]:
    """Start serving; the caller shuts the server down (`shutdown()`, `server_close()`)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server
