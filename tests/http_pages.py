"""A tiny web server on 127.0.0.1 for fetching tests: each path answers as a route says."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Sent as ETag; a request whose If-None-Match names it is answered "304 Not Modified".
    etag: str = ""
    # The headers of every request for this page, for tests to look at.
    requests: list[dict[str, str]] = field(default_factory=list)
    # Seconds between bytes, as a server that drips its answer; the headers too if asked.
    drip: float = 0.0
    drip_headers: bool = False
    content_length: int | None = None  # what the headers claim, when not the body's length


class PageHandler(BaseHTTPRequestHandler):
    routes: dict[str, Page] = {}

    def do_GET(self):
        page = self.routes.get(self.path)
        if page is None and "?" in self.path:
            page = self.routes.get(self.path.partition("?")[0])
        if page is None:
            page = Page(b"not here", "text/plain", 404)
        page.requests.append(dict(self.headers))
        time.sleep(page.delay)
        if page.etag and self.headers.get("If-None-Match") == page.etag:
            self.send_response(304)
            self.send_header("ETag", page.etag)
            self.end_headers()
            return
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(page.content_length or len(page.body)))
        if page.etag:
            self.send_header("ETag", page.etag)
        for name, value in page.headers.items():
            self.send_header(name, value)
        if page.drip and page.drip_headers:
            self._headers_buffer.append(b"\r\n")
            head = b"".join(self._headers_buffer)
            self._headers_buffer = []
            self.drip(head + page.body, page.drip)
            return
        self.end_headers()
        if page.drip:
            self.drip(page.body, page.drip)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(page.body)

    def drip(self, data: bytes, interval: float) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(interval)

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(routes: dict[str, Page]):
    """Serve ``routes`` on a free port; yields the base URL, e.g. http://127.0.0.1:51234."""
    handler = type("Handler", (PageHandler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
