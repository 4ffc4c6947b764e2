"""Real, local mail servers for the email tests: an SMTP sink (aiosmtpd) and an IMAP server
(pymap's in-memory `dict` backend), both in the test process on free 127.0.0.1 ports, each on its
own thread and asyncio loop. Frappe's own IMAP and SMTP clients talk to them as to any server.

    with MailLab(user="support@lab.test", password="secret") as lab:
        lab.imap_port, lab.smtp_port       # give these to the Email Account
        lab.deliver(raw_bytes)             # put a message into the user's INBOX (IMAP APPEND)
        lab.smtp.messages                  # what was sent to the SMTP server (list of Captured)
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import imaplib
import socket
import threading
import time
from argparse import Namespace
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from email.message import EmailMessage

LOCALHOST = "127.0.0.1"


def free_port() -> int:
	"""A port that was free a moment ago (the OS picks it; tiny race, fine for tests)."""
	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
		s.bind((LOCALHOST, 0))
		return s.getsockname()[1]


# --- SMTP ------------------------------------------------------------------------------------------


@dataclass
class Captured:
	mail_from: str
	rcpt_tos: list[str]
	raw: bytes
	message: EmailMessage = field(repr=False)
	authenticated_as: str | None = None

	def header(self, name: str) -> str | None:
		value = self.message.get(name)
		return str(value) if value is not None else None


class _SinkHandler:
	def __init__(self, sink: SmtpSink):
		self.sink = sink

	async def handle_DATA(self, server, session, envelope):
		raw = envelope.original_content or envelope.content
		if isinstance(raw, str):
			raw = raw.encode()
		login = session.auth_data.login.decode() if session.auth_data else None
		captured = Captured(
			mail_from=envelope.mail_from,
			rcpt_tos=list(envelope.rcpt_tos),
			raw=raw,
			message=email.message_from_bytes(raw, policy=email.policy.default),
			authenticated_as=login,
		)
		with self.sink._cond:
			self.sink.messages.append(captured)
			self.sink._cond.notify_all()
		return "250 Message accepted for delivery"


class SmtpSink:
	"""An SMTP server that accepts everything and keeps it in `messages`.

	AUTH PLAIN/LOGIN is offered without TLS, because Frappe logs in whenever the Email Account
	has a password (one password serves IMAP and SMTP). With `credentials=None` any login passes.
	"""

	def __init__(self, port: int | None = None, credentials: dict[str, str] | None = None):
		self.port = port or free_port()
		self.credentials = credentials
		self.messages: list[Captured] = []
		self._cond = threading.Condition()
		self._controller = None

	def _authenticate(self, server, session, envelope, mechanism, auth_data):
		from aiosmtpd.smtp import AuthResult, LoginPassword

		if not isinstance(auth_data, LoginPassword):
			return AuthResult(success=False, handled=False)
		ok = self.credentials is None or (
			self.credentials.get(auth_data.login.decode()) == auth_data.password.decode()
		)
		return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

	def start(self) -> SmtpSink:
		import logging

		from aiosmtpd.controller import Controller

		# aiosmtpd 1.4 logs a deprecation warning for its own Session.login_data after every AUTH
		logging.getLogger("mail.log").setLevel(logging.ERROR)

		self._controller = Controller(
			_SinkHandler(self),
			hostname=LOCALHOST,
			port=self.port,
			authenticator=self._authenticate,
			auth_require_tls=False,  # plain-text AUTH on a loopback test server
			auth_required=False,
			ready_timeout=10,
		)
		self._controller.start()
		return self

	def stop(self) -> None:
		if self._controller:
			self._controller.stop()
			self._controller = None

	def clear(self) -> None:
		with self._cond:
			self.messages.clear()

	def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[Captured]:
		"""Blocks until at least `count` messages arrived (SMTP is synchronous for Frappe, so this
		normally returns at once)."""
		deadline = time.monotonic() + timeout
		with self._cond:
			while len(self.messages) < count:
				left = deadline - time.monotonic()
				if left <= 0:
					raise AssertionError(f"expected {count} mail(s) on SMTP, got {len(self.messages)}")
				self._cond.wait(left)
			return list(self.messages)


# --- IMAP ------------------------------------------------------------------------------------------


class ImapServer:
	"""pymap's in-memory IMAP server on a background thread. One login (`user`/`password`) whose
	INBOX starts empty. Plain LOGIN without TLS is allowed (`--no-tls` in pymap terms)."""

	def __init__(self, user: str, password: str, port: int | None = None):
		self.user = user
		self.password = password
		self.port = port or free_port()
		self._loop: asyncio.AbstractEventLoop | None = None
		self._thread: threading.Thread | None = None
		self._stop: asyncio.Event | None = None
		self._ready = threading.Event()
		self._error: BaseException | None = None

	def start(self) -> ImapServer:
		self._thread = threading.Thread(target=self._run, name=f"pymap:{self.port}", daemon=True)
		self._thread.start()
		if not self._ready.wait(15):
			raise RuntimeError("pymap did not start in 15 s")
		if self._error:
			raise RuntimeError("pymap failed to start") from self._error
		return self

	def _run(self) -> None:
		loop = asyncio.new_event_loop()
		self._loop = loop
		try:
			loop.run_until_complete(self._serve())
		except BaseException as exc:  # surfaced to start()
			self._error = exc
			self._ready.set()
		finally:
			loop.close()

	async def _serve(self) -> None:
		from proxyprotocol.reader import ProxyProtocolReader
		from pymap.backend.dict import DictBackend
		from pymap.imap import IMAPServer

		args = Namespace(
			host=LOCALHOST,
			port=self.port,
			debug=False,
			cert=None,
			key=None,
			tls=False,  # no STARTTLS offered, LOGIN allowed in clear text
			proxy_protocol=None,
			passlib_cfg=None,
			inherited_sockets=None,
			demo_data=False,  # empty INBOX, no demo messages
			demo_user=self.user,
			demo_password=self.password,
		)
		backend, config = await DictBackend.init(args, invalid_user_sleep=0.0)
		config.apply_context()
		self._stop = asyncio.Event()
		callback = ProxyProtocolReader(config.proxy_protocol).get_callback(IMAPServer(backend.login, config))
		async with AsyncExitStack() as stack:
			server = await asyncio.start_server(callback, host=LOCALHOST, port=self.port)
			await stack.enter_async_context(server)
			self._ready.set()
			await self._stop.wait()
		# end open client connections too, so the loop closes without pending tasks
		me = asyncio.current_task()
		pending = [t for t in asyncio.all_tasks() if t is not me]
		for task in pending:
			task.cancel()
		await asyncio.gather(*pending, return_exceptions=True)

	def stop(self) -> None:
		if self._loop and self._stop and self._loop.is_running():
			self._loop.call_soon_threadsafe(self._stop.set)
		if self._thread:
			self._thread.join(10)
			self._thread = None

	def client(self) -> imaplib.IMAP4:
		conn = imaplib.IMAP4(LOCALHOST, self.port, timeout=10)
		conn.login(self.user, self.password)
		return conn

	def deliver(self, raw: bytes | str, mailbox: str = "INBOX", flags: str = "") -> None:
		"""Puts one message into the mailbox, as an MTA's local delivery would (IMAP APPEND)."""
		if isinstance(raw, str):
			raw = raw.encode()
		conn = self.client()
		try:
			typ, data = conn.append(mailbox, flags or None, imaplib.Time2Internaldate(time.time()), raw)
			assert typ == "OK", (typ, data)
		finally:
			conn.logout()


class MailLab:
	"""Both servers, started and stopped together; use as a context manager or a pytest fixture."""

	def __init__(self, user: str, password: str):
		self.user = user
		self.password = password
		self.imap = ImapServer(user, password)
		self.smtp = SmtpSink(credentials={user: password})

	@property
	def imap_port(self) -> int:
		return self.imap.port

	@property
	def smtp_port(self) -> int:
		return self.smtp.port

	def start(self) -> MailLab:
		self.imap.start()
		try:
			self.smtp.start()
		except BaseException:
			self.imap.stop()
			raise
		return self

	def stop(self) -> None:
		self.smtp.stop()
		self.imap.stop()

	def deliver(self, raw: bytes | str, **kwargs) -> None:
		self.imap.deliver(raw, **kwargs)

	def __enter__(self) -> MailLab:
		return self.start()

	def __exit__(self, *exc) -> None:
		self.stop()
