"""Email as a channel, against real local mail servers (tests/mail_servers.py): mail to the
office's address becomes a Service Request through Frappe's Email Account; a reply from the form
goes out by SMTP answering the resident's mail; the resident's answer threads onto the same
request. Frappe's receive() commits after each mail, so each test deletes what it made."""

import uuid
from email.message import EmailMessage
from email.utils import formatdate

import frappe
import pytest
from frappe.core.doctype.communication.email import make
from frappe.email.doctype.email_account.email_account import pull_from_email_account

from tests.mail_servers import MailLab
from tests.portal_world import make_world, purge_world

MADE_BY_MAIL = ("Communication", "Email Queue")


@pytest.fixture
def lab():
	tag = uuid.uuid4().hex[:8]
	servers = MailLab(f"office-{tag}@lab.test", f"pw-{tag}")
	servers.tag = tag
	servers.start()
	yield servers
	servers.stop()


@pytest.fixture
def office(lab):
	"""The office's Email Account on the lab servers, as the README sets it up; removed after,
	with every request, mail and contact the mail made."""
	frappe.flags.mute_emails = False
	frappe.flags.testing_email = True  # with in_test alone Frappe marks mail sent without SMTP
	frappe.local.outgoing_email_account = {}  # Frappe caches the outgoing account per process
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": f"Office {lab.tag}",
			"email_id": lab.user,
			"password": lab.password,
			"enable_incoming": 1,
			"use_imap": 1,
			"email_server": "127.0.0.1",
			"incoming_port": str(lab.imap_port),
			"use_ssl": 0,
			"imap_folder": [{"folder_name": "INBOX", "append_to": "Service Request"}],
			"append_to": "Service Request",
			"enable_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": str(lab.smtp_port),
			"use_tls": 0,
			"create_contact": 0,
		}
	).insert(ignore_permissions=True)
	# the site's scheduler pulls accounts every few minutes: keep it away from this one
	frappe.db.set_value("Email Account", account.name, "awaiting_password", 1)
	world = make_world()  # commits
	try:
		yield frappe._dict(account=account.name, world=world)
	finally:
		forget_the_mail(lab, account.name, world)


def forget_the_mail(lab, account: str, world) -> None:
	"""Deletes what the mail made (receive() commits), the account and the world."""
	frappe.db.rollback()
	requests = frappe.get_all("Service Request", {"raised_by": ["like", f"%{lab.tag}%"]}, pluck="name")
	requests += frappe.get_all(
		"Service Request", {"unit": ["in", [world.unit, world.other_unit]]}, pluck="name"
	)
	communications = frappe.get_all(
		"Communication",
		{"reference_doctype": "Service Request", "reference_name": ["in", requests or [""]]},
		pluck="name",
	)
	for name in frappe.get_all(
		"Email Queue",
		{"reference_doctype": "Service Request", "reference_name": ["in", requests or [""]]},
		pluck="name",
	):
		frappe.delete_doc("Email Queue", name, force=True, ignore_permissions=True, delete_permanently=True)
	for name in communications:
		frappe.delete_doc("Communication", name, force=True, ignore_permissions=True, delete_permanently=True)
	for name in set(requests):
		frappe.delete_doc(
			"Service Request", name, force=True, ignore_permissions=True, delete_permanently=True
		)
	frappe.delete_doc("Email Account", account, force=True, ignore_permissions=True, delete_permanently=True)
	frappe.db.commit()  # nosemgrep: receive() committed what it made
	purge_world(world)
	frappe.flags.testing_email = False
	frappe.flags.mute_emails = True
	frappe.local.outgoing_email_account = {}


def mail(lab, sender, subject, body, n=1, in_reply_to=None) -> tuple[bytes, str]:
	message = EmailMessage()
	message["From"], message["To"], message["Subject"] = sender, lab.user, subject
	message["Date"] = formatdate(localtime=True)
	message["Message-ID"] = f"<m{n}-{lab.tag}@resident.example.org>"
	if in_reply_to:
		message["In-Reply-To"] = in_reply_to
	message.set_content(body)
	return message.as_bytes(), message["Message-ID"].strip("<>")


def receive(account: str) -> None:
	"""The scheduler's pull; a server that does not answer only leaves an Error Log, so none may
	appear."""
	errors = frappe.db.count("Error Log")
	pull_from_email_account(account)
	assert frappe.db.count("Error Log") == errors, frappe.get_last_doc("Error Log").error


def test_mail_from_a_resident_becomes_their_request(lab, office):
	world = office.world
	sender = frappe.db.get_value("Property Owner", world.owners[0], "email")
	raw, message_id = mail(lab, f"业主 <{sender}>", f"厨房漏水 {lab.tag}", "厨房水龙头一直滴水，请派人来修。")
	lab.deliver(raw)
	receive(office.account)
	request = frappe.get_doc("Service Request", {"raised_by": sender})
	assert (request.channel, request.status) == ("Email", "Logged")
	assert (request.unit, request.property_owner) == (world.unit, world.owners[0])
	assert request.subject.startswith("厨房漏水")
	assert request.description == "厨房水龙头一直滴水，请派人来修。"
	assert frappe.db.get_value("Communication", {"message_id": message_id}, "reference_name") == request.name


def test_mail_from_a_stranger_waits_for_triage(lab, office):
	stranger = f"someone-{lab.tag}@elsewhere.example.org"
	raw, _ = mail(lab, stranger, f"小区门口积水 {lab.tag}", "东门下雨天积水严重。")
	lab.deliver(raw)
	receive(office.account)
	request = frappe.get_doc("Service Request", {"raised_by": stranger})
	assert (request.channel, request.unit, request.property_owner) == ("Email", None, None)
	assert request.description == "东门下雨天积水严重。"


def test_a_reply_goes_out_by_mail_and_the_answer_threads_back(lab, office):
	sender = frappe.db.get_value("Property Owner", office.world.owners[0], "email")
	raw, first_id = mail(lab, sender, f"门禁卡失效 {lab.tag}", "我的门禁卡刷不开单元门。")
	lab.deliver(raw)
	receive(office.account)
	request = frappe.get_doc("Service Request", {"raised_by": sender})

	reply = make(
		doctype="Service Request",
		name=request.name,
		subject=f"Re: 门禁卡失效 {lab.tag} (#{request.name})",
		content="明天上午九点到物业前台补办。",
		recipients=sender,
		send_email=True,
	)
	for queue in frappe.get_all("Email Queue", {"communication": reply["name"]}, pluck="name"):
		frappe.get_doc("Email Queue", queue).send()
	(sent,) = lab.smtp.wait_for(1)
	assert sent.rcpt_tos == [sender]
	assert sent.header("In-Reply-To") == sent.header("References") == f"<{first_id}>"
	our_id = sent.header("Message-Id")

	raw, answer_id = mail(lab, sender, "好的", "收到，谢谢。", n=2, in_reply_to=our_id)
	lab.deliver(raw)
	receive(office.account)
	assert frappe.db.count("Service Request", {"raised_by": sender}) == 1
	assert frappe.db.get_value("Communication", {"message_id": answer_id}, "reference_name") == request.name
	assert frappe.db.get_value("Service Request", request.name, "description") == "我的门禁卡刷不开单元门。"
