"""A small HTTP server on loopback for the fake gateways of the tests: calls `handle(request,
method)` for each GET and POST, in a thread of its own."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackServer:
	def __init__(self):
		owner = self

		class Handler(BaseHTTPRequestHandler):
			def do_GET(self):
				owner.handle(self, "GET")

			def do_POST(self):
				owner.handle(self, "POST")

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
		raise NotImplementedError

	def close(self) -> None:
		self.server.shutdown()
		self.server.server_close()
