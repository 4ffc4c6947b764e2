"""Frappe's production stack for the demo site, as `scripts/setup --production` brings it up:
nginx on PS_PRODUCTION_PORT serving the assets itself and passing the rest to gunicorn and
socket.io, workers and the scheduler kept up by supervisord. Everything goes through nginx, as a
browser's requests would; the test command brings the stack up when it is not up already."""

import base64
import json
import os
import socket
import struct
import time
from pathlib import Path

import pytest
import requests

from tests.sites import site_eval

DEMO_SITE = os.environ.get("PS_SITE", "property.localhost")
PORT = os.environ.get("PS_PRODUCTION_PORT", "80")
URL = f"http://127.0.0.1:{PORT}"
# the site's name as a browser sends it: Frappe builds a PDF's asset URLs from it
HOST = DEMO_SITE if PORT == "80" else f"{DEMO_SITE}:{PORT}"
ADMIN_PASSWORD = os.environ.get("PS_ADMIN_PASSWORD", "admin")


def session(user: str, password: str) -> requests.Session:
	"""A browser-like session through nginx, logged in with Frappe's desk login."""
	browser = requests.Session()
	browser.headers["Host"] = HOST
	response = browser.post(f"{URL}/api/method/login", data={"usr": user, "pwd": password}, timeout=60)
	assert response.status_code == 200, response.text[:500]
	assert response.headers["Server"].startswith("nginx")
	assert browser.cookies.get("sid") not in (None, "Guest")
	return browser


@pytest.fixture(scope="module")
def admin():
	with session("Administrator", ADMIN_PASSWORD) as browser:
		yield browser


def test_the_stack_is_up_under_nginx_and_supervisord():
	response = requests.get(f"{URL}/api/method/ping", headers={"Host": HOST}, timeout=10)
	assert response.status_code == 200, f"nothing answers on {URL}: scripts/setup --production"
	assert response.json() == {"message": "pong"}
	assert response.headers["Server"].startswith("nginx")


def test_nginx_serves_the_assets_itself():
	index = requests.get(f"{URL}/login", headers={"Host": HOST}, timeout=60)
	assert index.status_code == 200
	bundle = next(
		part.split('"')[0] for part in index.text.split('src="')[1:] if "/assets/frappe/dist/" in part
	)
	response = requests.get(f"{URL}{bundle}", headers={"Host": HOST}, timeout=10)
	assert response.status_code == 200
	assert response.headers["Server"].startswith("nginx")
	assert response.headers["Cache-Control"] == "max-age=31536000"  # nginx's location /assets
	assert "X-Frappe-Site-Name" not in response.headers  # not gunicorn's answer
	assert requests.get(f"{URL}/assets/frappe/no-such-file.js", timeout=10).status_code == 404


def test_desk_login_and_desk(admin):
	user = admin.get(f"{URL}/api/method/frappe.auth.get_logged_user", timeout=30)
	assert user.json()["message"] == "Administrator"
	desk = admin.get(f"{URL}/app/property-service", timeout=60)
	assert desk.status_code == 200
	assert "frappe.boot" in desk.text


def test_the_resident_home_page():
	assert requests.get(f"{URL}/", headers={"Host": HOST}, timeout=60).status_code == 200
	with session("resident@demo.localhost", "demo-2026") as resident:
		home = resident.get(f"{URL}/resident", timeout=60)
		assert home.status_code == 200, home.text[:500]
		assert 'href="/resident/new"' in home.text


def test_a_pdf_through_nginx(admin):
	"""wkhtmltopdf in the web worker fetches the page's styles back through nginx."""
	for doctype in ("Service Request", "Company"):
		names = admin.get(f"{URL}/api/resource/{doctype}", params={"limit_page_length": 1}, timeout=30)
		if names.json()["data"]:
			break
	name = names.json()["data"][0]["name"]
	response = admin.get(
		f"{URL}/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": doctype, "name": name},
		timeout=120,
	)
	assert response.status_code == 200, response.text[:500]
	assert response.content.startswith(b"%PDF")


def send_text(sock: socket.socket, text: str) -> None:
	"""One masked WebSocket text frame (clients mask what they send)."""
	payload, mask = text.encode(), os.urandom(4)
	assert len(payload) < 126
	sock.sendall(
		bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
	)


def receive_text(sock: socket.socket) -> str:
	"""One unmasked text frame from the server."""
	first, length = sock.recv(2, socket.MSG_WAITALL)
	assert first == 0x81, f"not a text frame: {first:#x}"
	if length == 126:
		(length,) = struct.unpack("!H", sock.recv(2, socket.MSG_WAITALL))
	return sock.recv(length, socket.MSG_WAITALL).decode()


def test_socketio_through_nginx(admin):
	"""A WebSocket upgrade on /socket.io reaches Frappe's node server, which signs the user in to
	the site's namespace with the session cookie (it asks gunicorn, through nginx)."""
	key = base64.b64encode(os.urandom(16)).decode()
	with socket.create_connection(("127.0.0.1", int(PORT)), timeout=30) as sock:
		sock.sendall(
			(
				"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
				f"Host: {HOST}\r\nOrigin: http://{HOST}\r\n"
				"Upgrade: websocket\r\nConnection: Upgrade\r\n"
				f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
				f"Cookie: sid={admin.cookies['sid']}\r\n\r\n"
			).encode()
		)
		head = b""
		while b"\r\n\r\n" not in head:
			head += sock.recv(1)
		assert head.startswith(b"HTTP/1.1 101"), head.decode()
		assert b"nginx" in head
		opened = receive_text(sock)  # Engine.IO's open packet
		assert opened.startswith("0") and "sid" in json.loads(opened[1:])
		send_text(sock, f"40/{DEMO_SITE},")  # Socket.IO: connect to the site's namespace
		connected = receive_text(sock)
		assert connected.startswith(f"40/{DEMO_SITE},"), connected  # "44/..." is a refusal


def supervised(pid: int) -> bool:
	"""Whether supervisord is among the ancestors of pid."""
	while pid > 1:
		proc = Path(f"/proc/{pid}")
		if (proc / "comm").read_text().strip() == "supervisord":
			return True
		pid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
	return False


@pytest.mark.parametrize("queue", ["short", "default", "long"])
def test_a_background_job_runs_on_a_supervised_worker(queue):
	"""The job returns its parent's pid: RQ runs each job in a process forked from the worker."""
	enqueue = f"import os\nresult = frappe.enqueue(os.getppid, queue={queue!r}).id"
	job_id = site_eval(DEMO_SITE, enqueue)
	code = f"""
		from rq.job import Job
		from frappe.utils.background_jobs import get_redis_conn
		job = Job.fetch({job_id!r}, connection=get_redis_conn())
		result = [job.get_status(), job.return_value()]
	"""
	deadline = time.monotonic() + 60
	while (state := site_eval(DEMO_SITE, code))[0] not in ("finished", "failed"):
		assert time.monotonic() < deadline, f"the job on {queue} is still {state[0]} after 60 s"
		time.sleep(0.5)
	status, worker = state
	assert status == "finished"
	assert supervised(worker), f"the job ran on worker process {worker}, which supervisord does not run"


def test_a_cache_flush_keeps_the_queued_jobs():
	"""`bench build` and `bench clear-cache` flush the cache's Redis: the queue is another Redis,
	so the jobs waiting in it stay."""
	code = """
		from rq.job import Job
		from frappe.utils.background_jobs import get_redis_conn
		job = Job.create("frappe.ping", connection=get_redis_conn())
		job.save()
		frappe.cache.flushall()
		result = [frappe.conf.redis_cache, frappe.conf.redis_queue, Job.exists(job.id, connection=get_redis_conn())]
		job.delete()
	"""
	cache, queue, kept = site_eval(DEMO_SITE, code)
	assert cache != queue
	assert kept
