"""Service requests, complaints, callbacks and corrective actions, walked as the roles that act."""

import base64
import os

import frappe
import pytest
from frappe.model.workflow import (
	WorkflowPermissionError,
	WorkflowTransitionError,
	apply_workflow,
	get_transitions,
)
from frappe.utils import get_datetime

from property_service.api.service_desk import raise_corrective_action
from property_service.core.lifecycle import ClosedRecordError, TechnicianEditError
from property_service.core.requesters import NotResidentOfUnitError, PlaceMissingError, UnknownUnitError
from property_service.core.routing import assignable
from property_service.core.workflows import transition
from property_service.customer_service import callbacks
from property_service.customer_service.complaint_routing import route
from property_service.customer_service.doctype.complaint.complaint import NoResultError, VerificationError
from property_service.customer_service.doctype.service_request.service_request import (
	NoResolutionError,
	NoTechnicianError,
)
from property_service.customer_service.escalation import target_level
from property_service.property.customers import invite_to_portal
from tests.factories import make_building, make_owner, make_unit
from tests.utils import UNKNOWN_LINK, as_user, make_user, refused_over_rest, run_daily_notification, unique


@pytest.fixture
def staff():
	return frappe._dict(
		agent=make_user(roles=("Customer Service Agent",)),
		supervisor=make_user(roles=("Customer Service Supervisor",)),
		technician=make_user(roles=("Maintenance Technician",)),
		other_technician=make_user(roles=("Maintenance Technician",)),
	)


@pytest.fixture
def unit():
	unit = make_unit()
	make_owner(units=[unit], mobile_no="13500001234")
	return unit


def new_request(unit, **fields):
	return frappe.get_doc(
		{"doctype": "Service Request", "unit": unit, "description": "厨房水龙头漏水", **fields}
	).insert()


def completed_request(unit, staff):
	"""A request taken through dispatch and work to Completed, as the office and technician do."""
	request = new_request(unit, technician=staff.technician)
	for action in ("Dispatch", "Start Work"):
		request = act(request, action, staff.agent)
	frappe.db.set_value("Service Request", request.name, "resolution", "done")
	return act(request, "Complete", staff.agent)


def rate_callback_of(source, satisfaction, result, user):
	"""The agent records the callback about `source`; returns the callback."""
	callback = frappe.get_doc("Callback Record", {"reference_name": source.name})
	with as_user(user):
		callback.satisfaction = satisfaction
		callback.content_and_result = result
		callback.save()
	return callback


def act(doc, action, user):
	with as_user(user):
		return apply_workflow(frappe.get_doc(doc.doctype, doc.name), action)


def test_service_request_walk_from_registration_to_closing(staff, unit):
	with as_user(staff.agent):
		request = new_request(unit)
	assert request.status == "Logged"
	assert request.property_owner and request.contact_phone == "13500001234"
	assert request.owner_name == frappe.db.get_value("Property Owner", request.property_owner, "owner_name")

	with as_user(staff.agent):
		doc = frappe.get_doc("Service Request", request.name)
		doc.technician = staff.technician
		doc.save()
	request = act(request, "Dispatch", staff.agent)
	assert request.status == "Dispatched" and request.dispatched_on
	assert frappe.db.exists(
		"ToDo", {"reference_name": request.name, "allocated_to": staff.technician, "status": "Open"}
	)

	request = act(request, "Start Work", staff.technician)
	assert request.status == "In Progress" and request.started_on

	with as_user(staff.technician):
		doc = frappe.get_doc("Service Request", request.name)
		doc.description = "changed by the technician"
		with pytest.raises(TechnicianEditError):
			doc.save()
		with pytest.raises(NoResolutionError):
			apply_workflow(frappe.get_doc("Service Request", request.name), "Complete")
		assert frappe.db.get_value("Service Request", request.name, "status") == "In Progress"
		doc = frappe.get_doc("Service Request", request.name)
		doc.resolution = "更换水龙头阀芯"
		doc.append("materials", {"material": "阀芯", "qty": 1})
		doc.save()
		request = apply_workflow(frappe.get_doc("Service Request", request.name), "Complete")
	assert request.status == "Completed" and request.completed_on >= request.dispatched_on

	callback = frappe.get_doc("Callback Record", {"reference_name": request.name})
	assert callback.status == "To Do" and callback.agent and callback.due_date
	assert frappe.db.get_value("Service Request", request.name, "callback_record") == callback.name

	with as_user(staff.agent):
		callback.callback_method = "Phone"
		callback.satisfaction = "B - Fairly Satisfied"
		callback.content_and_result = "业主对维修满意"
		callback.save()
	assert frappe.db.get_value("Service Request", request.name, ["status", "satisfaction"]) == (
		"Closed",
		"B - Fairly Satisfied",
	)
	closed = frappe.get_doc("Service Request", request.name)
	closed.resolution = "rewritten afterwards"
	with pytest.raises(ClosedRecordError):
		closed.save()


def test_dissatisfied_callback_reopens_and_tells_the_supervisor(staff, unit):
	request = completed_request(unit, staff)
	rate_callback_of(request, "C - Dissatisfied", "还在漏水", staff.agent)
	assert frappe.db.get_value("Service Request", request.name, "status") == "In Progress"
	callback = frappe.db.get_value("Service Request", request.name, "callback_record")
	assert frappe.db.exists("Notification Log", {"for_user": staff.supervisor, "document_name": callback})


def test_system_transitions_leave_a_trail(staff, unit):
	"""A rating closes the request through Frappe's apply_workflow: the timeline names the new
	state, and a comment the action and why; an action the workflow does not offer changes nothing."""
	request = completed_request(unit, staff)
	callback = rate_callback_of(request, "A - Satisfied", "满意", staff.agent)
	comments = frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Service Request", "reference_name": request.name},
		fields=["comment_type", "content"],
		order_by="creation",
	)
	# in the language of the moment (an earlier test may have switched it)
	assert {"comment_type": "Workflow", "content": frappe._("Closed")} in comments
	assert any(
		c.comment_type == "Info" and c.content.startswith(frappe._("Close")) and callback.name in c.content
		for c in comments
	), comments
	with pytest.raises(WorkflowTransitionError, match="cannot take the action"):
		transition(frappe.get_doc("Service Request", request.name), "Dispatch", "test")
	assert frappe.db.get_value("Service Request", request.name, "status") == "Closed"


def test_forbidden_transitions_fail(staff, unit):
	request = new_request(unit, technician=staff.technician)
	with pytest.raises(WorkflowTransitionError):
		act(request, "Dispatch", staff.technician)  # only the office dispatches
	with pytest.raises(WorkflowTransitionError):
		act(request, "Complete", staff.agent)  # not from Registered
	doc = frappe.get_doc("Service Request", request.name)
	doc.status = "Closed"  # skipping the workflow
	with as_user(staff.agent), pytest.raises(WorkflowPermissionError):
		doc.save()
	assert frappe.db.get_value("Service Request", request.name, "status") == "Logged"


def test_dispatch_needs_a_technician(staff, unit):
	request = new_request(unit)
	with pytest.raises(NoTechnicianError):
		act(request, "Dispatch", staff.agent)
	doc = frappe.get_doc("Service Request", request.name)
	doc.technician = staff.agent  # not a technician
	doc.save()
	with pytest.raises(NoTechnicianError):
		act(request, "Dispatch", staff.agent)


def test_bad_input_is_refused(staff, unit):
	with pytest.raises((UnknownUnitError, frappe.LinkValidationError)):  # see tests.utils.UNKNOWN_LINK
		new_request("no-such-unit")
	other_unit = make_unit()
	with pytest.raises(NotResidentOfUnitError):
		new_request(
			other_unit,
			property_owner=frappe.get_all("Property Owner", {"name": ["is", "set"]}, pluck="name", limit=1)[
				0
			],
		)


@pytest.mark.server
def test_a_request_for_an_unknown_unit_is_refused_over_rest_and_nothing_is_saved(rest):
	rest.login("Administrator")
	refused_over_rest(
		rest,
		"Service Request",
		{"unit": "no-such-unit", "description": "漏水"},
		("UnknownUnitError", UNKNOWN_LINK),
	)


@pytest.mark.parametrize(
	"category, severity, responsible, also",
	[
		("Fees", "General", "Property Manager", "Customer Service Supervisor"),
		("Building and Equipment", "General", "Maintenance Technician", None),
		("Building and Equipment", "Major", "Property Manager", "Customer Service Supervisor"),
		("Utilities", "Major", "Property Manager", "Customer Service Supervisor"),
		("Security and Parking", "General", "Customer Service Supervisor", "Security Supervisor"),
		("Cleaning and Greening", "Major", "Customer Service Supervisor", None),
		("Staff Conduct", "General", "Property Manager", None),
	],
)
def test_complaint_routing_matrix(category, severity, responsible, also, unit):
	assert route(category, severity) == (responsible, also)
	make_user(roles=(responsible,))
	told = make_user(roles=(also,)) if also else None
	complaint = frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": unit,
			"complaint_category": category,
			"severity": severity,
			"description": "投诉内容",
		}
	).insert()
	assert (complaint.responsible_role, complaint.also_notify_role) == (responsible, also)
	# one holder of the responsible role handles it, chosen by the role's Assignment Rule
	by_rule = frappe.get_all(
		"ToDo",
		filters={"reference_name": complaint.name, "status": "Open", "assignment_rule": ["is", "set"]},
		fields=["allocated_to", "assignment_rule"],
	)
	assert len(by_rule) == 1 and by_rule[0].assignment_rule == f"Complaints - {responsible}"
	assert by_rule[0].allocated_to in assignable(responsible)
	assert frappe.db.get_value("Complaint", complaint.name, "handler") == by_rule[0].allocated_to
	if told:  # the co-responsible role is assigned beside it (Frappe keeps several assignees)
		assert frappe.db.exists(
			"ToDo", {"reference_name": complaint.name, "allocated_to": told, "status": "Open"}
		)
		assert frappe.db.exists("Notification Log", {"for_user": told, "document_name": complaint.name})


@pytest.mark.parametrize(
	"category, reported_to",
	[
		("Fees", "Management Representative"),  # 遇重大问题报请公司处理
		("Building and Equipment", None),  # 报请管理处主任和业主服务主管: they handle it
		("Staff Conduct", None),  # the office manager handles it
		("Cleaning and Greening", "Property Manager"),  # 逐级向上报告: one level up
	],
)
def test_a_major_complaint_is_reported_up_when_registered_only_as_the_seed_says(category, reported_to, unit):
	people = {
		role: make_user(roles=(role,))
		for role in ("Property Manager", "Customer Service Supervisor", "Management Representative")
	}
	complaint = frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": unit,
			"complaint_category": category,
			"severity": "Major",
			"description": "重大投诉",
		}
	).insert()
	complaint.reload()
	assert complaint.escalated_to == reported_to
	assert (complaint.status == "Escalated") == bool(reported_to)

	def told(role):
		return frappe.db.exists(
			"Notification Log", {"for_user": people[role], "document_name": complaint.name}
		)

	if reported_to:
		assert told(reported_to)
	assert bool(told("Management Representative")) == (category == "Fees")  # the company
	# nor does the hourly job send it up while it is not overdue
	row = frappe._dict(severity="Major", complaint_category=category)
	assert target_level(row, get_datetime()) == (2 if reported_to else 0)


def test_complaint_walk_result_verification_callback(staff, unit):
	complaint = frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": unit,
			"complaint_category": "Cleaning and Greening",
			"description": "垃圾未清运",
		}
	).insert()
	for action in ("Assign", "Start Handling"):
		complaint = act(complaint, action, staff.agent)
	with pytest.raises(NoResultError):
		act(complaint, "Resolve", staff.agent)
	doc = frappe.get_doc("Complaint", complaint.name)
	doc.resolution = "已安排清运并加强巡查"
	doc.save()
	complaint = act(complaint, "Resolve", staff.agent)
	with pytest.raises(WorkflowTransitionError):
		act(complaint, "Verify Result", staff.agent)  # only the customer-service supervisor verifies
	complaint = act(complaint, "Verify Result", staff.supervisor)
	assert complaint.verified_by == staff.supervisor
	callback = frappe.get_doc("Callback Record", {"reference_name": complaint.name})
	callback.satisfaction = "A - Satisfied"
	callback.save()
	assert frappe.db.get_value("Complaint", complaint.name, "status") == "Closed"
	action = raise_corrective_action(complaint.name)
	assert frappe.db.get_value("Corrective Action", action, ["reference_name", "status"]) == (
		complaint.name,
		"Open",
	)
	assert raise_corrective_action(complaint.name) == action


def test_verification_by_a_non_supervisor_is_refused_even_with_the_workflow_edited(staff, unit):
	"""An administrator lets agents take the Verify action: the controller still refuses them."""
	from property_service.core.workflows import workflow_name

	workflow = frappe.get_doc("Workflow", workflow_name("Complaint"))
	workflow.append(
		"transitions",
		{
			"state": "Handled",
			"action": "Verify Result",
			"next_state": "Result Verified",
			"allowed": "Customer Service Agent",
			"allow_self_approval": 1,
		},
	)
	workflow.save(ignore_permissions=True)
	try:
		complaint = frappe.get_doc(
			{"doctype": "Complaint", "unit": unit, "complaint_category": "Other", "description": "x"}
		).insert()
		complaint.db_set({"status": "Handled", "resolution": "y"})
		with as_user(staff.agent):
			doc = frappe.get_doc("Complaint", complaint.name)
			assert "Verify Result" in [
				t.action for t in get_transitions(doc)
			]  # the edited workflow allows it
			with pytest.raises(VerificationError):
				apply_workflow(doc, "Verify Result")
		assert frappe.db.get_value("Complaint", complaint.name, "status") == "Handled"
	finally:
		frappe.db.rollback()
		frappe.clear_cache(doctype="Complaint")


def test_daily_callback_job_is_idempotent(staff, unit):
	request = completed_request(unit, staff)
	frappe.db.delete(
		"Callback Record", {"reference_name": request.name}
	)  # as if made before callbacks existed
	callbacks.make_due_callbacks()
	callbacks.make_due_callbacks()
	assert frappe.db.count("Callback Record", {"reference_name": request.name}) == 1


def resident_of(unit):
	owner = make_owner(units=[unit], email=f"{unique('sr')}@example.com")
	return owner, invite_to_portal(owner, send_welcome_email=False)


def test_who_sees_which_requests(staff):
	unit_a, unit_b = make_unit(), make_unit(unit_number="202")
	_owner, resident = resident_of(unit_a)
	_other_owner, other_resident = resident_of(unit_b)
	with as_user(resident):
		mine = frappe.get_doc(
			{"doctype": "Service Request", "unit": unit_a, "description": "门铃坏了"}
		).insert()
		with pytest.raises(frappe.PermissionError):  # another resident's unit
			frappe.get_doc({"doctype": "Service Request", "unit": unit_b, "description": "x"}).insert()
	assert mine.channel == "Portal"
	theirs = new_request(unit_b, technician=staff.technician)

	def visible(user):
		with as_user(user):
			return set(frappe.get_list("Service Request", pluck="name", limit_page_length=0)) & {
				mine.name,
				theirs.name,
			}

	assert visible(resident) == {mine.name}
	assert visible(other_resident) == {theirs.name}
	assert visible(staff.technician) == {theirs.name}
	assert visible(staff.other_technician) == set()
	assert visible(staff.agent) == {mine.name, theirs.name}
	with as_user("Guest"), pytest.raises(frappe.PermissionError):
		frappe.get_list("Service Request")
	with as_user(resident):
		assert not frappe.has_permission("Service Request", "read", doc=theirs.name)
		assert not frappe.has_permission("Service Request", "write", doc=mine.name)


def test_form_saves_right_after_dispatch_and_technician_stays(staff, unit):
	"""Dispatching must not touch the record after returning it (the form saves it next)."""
	request = new_request(unit, technician=staff.technician)
	request = act(request, "Dispatch", staff.agent)
	assert frappe.db.get_value("Service Request", request.name, "modified") == get_datetime(request.modified)
	request.description = "补充：下午两点后在家"
	request.save()
	assert frappe.db.get_value("Service Request", request.name, "technician") == staff.technician


def test_second_agent_saving_a_stale_copy_fails_cleanly(staff, unit):
	request = new_request(unit)
	first = frappe.get_doc("Service Request", request.name)
	second = frappe.get_doc("Service Request", request.name)
	first.description = "第一位客服的修改"
	first.save()
	second.description = "第二位客服的修改"
	with pytest.raises(frappe.TimestampMismatchError):
		second.save()
	assert frappe.db.get_value("Service Request", request.name, "description") == "第一位客服的修改"


def test_a_corrective_action_past_its_deadline_is_told_the_day_after_by_a_notification(staff):
	"""Frappe's daily Notification job ("Days After" the deadline) tells the person responsible and
	the quality supervisors, once: the next day's run finds it no longer a day overdue."""
	from frappe.utils import add_days, today
	from freezegun import freeze_time

	quality = make_user(roles=("Quality Supervisor",))
	action = frappe.get_doc(
		{
			"doctype": "Corrective Action",
			"problem": "消防通道堆放杂物",
			"deadline": today(),
			"responsible_user": staff.supervisor,
		}
	).insert()
	done = frappe.get_doc(
		{
			"doctype": "Corrective Action",
			"problem": "已整改",
			"action": "已清理",
			"deadline": today(),
			"status": "Completed",
		}
	).insert()

	def told(user, name=action.name):
		return frappe.db.count("Notification Log", {"document_name": name, "for_user": user})

	run_daily_notification("Corrective Action Overdue")  # the deadline is today: not overdue yet
	assert told(staff.supervisor) == 0
	with freeze_time(add_days(today(), 1)):
		run_daily_notification("Corrective Action Overdue")
	with freeze_time(add_days(today(), 2)):
		run_daily_notification("Corrective Action Overdue")
	assert [told(staff.supervisor), told(quality)] == [1, 1]
	assert told(quality, done.name) == 0  # a completed one is not overdue


@pytest.mark.server
def test_resident_files_and_reads_requests_over_rest_only_for_their_unit(rest):
	from tests.test_registry_permissions import committed_household

	with committed_household() as h:
		rest.login(h.owner_user)
		filed = rest.post(
			"/api/resource/Service Request", json={"unit": h.unit_a, "description": "REST 报修"}
		)
		assert filed.status_code == 200, filed.text[:500]
		name = filed.json()["data"]["name"]
		try:
			assert filed.json()["data"]["channel"] == "Portal"
			refused = rest.post("/api/resource/Service Request", json={"unit": h.unit_b, "description": "x"})
			assert refused.status_code == 403
			rest.login(h.family_user)  # a household member reads it
			assert rest.get(f"/api/resource/Service Request/{name}").status_code == 200
			assert (
				rest.put(f"/api/resource/Service Request/{name}", json={"description": "y"}).status_code
				== 403
			)
			rest.login(h.other_user)
			assert rest.get(f"/api/resource/Service Request/{name}").status_code == 403
			assert rest.get("/api/resource/Service Request").json()["data"] == []
			rest.login("Guest")
			assert rest.get(f"/api/resource/Service Request/{name}").status_code == 403
		finally:
			frappe.db.rollback()
			frappe.delete_doc("Service Request", name, force=True, ignore_permissions=True)
			for todo in frappe.get_all("ToDo", {"reference_name": name}, pluck="name"):
				frappe.delete_doc("ToDo", todo, force=True, ignore_permissions=True)
			frappe.db.commit()  # nosemgrep


PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def test_attachments_are_private_and_limited(unit):
	from frappe.core.doctype.file.exceptions import FileTypeNotAllowed

	from property_service.core.uploads import AttachmentNotAllowedError

	request = new_request(unit)
	photo = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{unique('photo')}.png",
			"attached_to_doctype": "Service Request",
			"attached_to_name": request.name,
			"is_private": 1,
			"content": base64.b64decode(PIXEL_PNG),
		}
	).insert()
	assert photo.file_url.startswith("/private/") and os.path.exists(photo.get_full_path())
	os.remove(photo.get_full_path())  # the transaction is rolled back; the disk is not
	refused = (
		{"file_name": f"{unique('public')}.png", "is_private": 0, "content": base64.b64decode(PIXEL_PNG)},
		{"file_name": "run.exe", "is_private": 1, "content": b"MZ"},
		{"file_name": "huge.png", "is_private": 1, "content": b"0" * (10 * 1024 * 1024 + 1)},
	)
	for fields in refused:
		# the site's allowed file kinds (security.files) refuse an .exe before the app's own rule
		with pytest.raises((AttachmentNotAllowedError, FileTypeNotAllowed)):
			attach(request, fields)
	frappe.db.rollback()  # the failed request's rollback: Frappe removes the bytes it wrote
	assert not os.path.exists(frappe.get_site_path("public", "files", refused[0]["file_name"]))


def attach(request, fields: dict):
	return frappe.get_doc(
		{"doctype": "File", "attached_to_doctype": "Service Request", "attached_to_name": request.name}
		| fields
	).insert()


@pytest.fixture
def files_of_others():
	"""A private and a public file that other records use, committed as Frappe keeps them."""
	made = []
	for is_private in (1, 0):
		made.append(
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{unique('others')}.png",
					"is_private": is_private,
					"content": base64.b64decode(PIXEL_PNG),
				}
			).insert(ignore_permissions=True)
		)
	frappe.db.commit()  # nosemgrep: Frappe removes an uncommitted file's bytes on rollback
	yield made
	for file in made:
		frappe.delete_doc("File", file.name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep


def test_file_hook_never_touches_files_it_did_not_write(files_of_others, unit):
	"""A resident (or anyone) naming an existing file's URL, spelt another way or public, is
	refused, and the file stays where it was with its bytes."""
	from property_service.core.uploads import AttachmentNotAllowedError

	private, public = files_of_others
	request = new_request(unit)
	folder, name = private.file_url.rsplit("/", 1)
	attempts = (
		{"file_url": f"{folder}//{name}", "file_name": "note.txt", "is_private": 1},  # a refused kind
		{"file_url": f"{folder}/./{name}", "file_name": name, "is_private": 1},  # an allowed kind
		{"file_url": private.file_url, "file_name": name, "is_private": 1},  # another record's file
		{"file_url": public.file_url, "file_name": public.file_name, "is_private": 0},
		{"file_url": public.file_url, "file_name": public.file_name, "is_private": 1},
	)
	before = {f.name: open(f.get_full_path(), "rb").read() for f in files_of_others}
	for fields in attempts:
		try:
			attach(request, fields)
		except AttachmentNotAllowedError:
			pass
		else:
			pytest.fail(f"attached: {fields}")
		finally:
			frappe.db.rollback()
	for file in files_of_others:
		assert open(file.get_full_path(), "rb").read() == before[file.name]
	assert not os.path.exists(frappe.get_site_path("private", "files", public.file_name))


def test_corrective_action_needs_its_action_and_verification():
	from property_service.customer_service.doctype.corrective_action.corrective_action import (
		CorrectiveActionError,
	)

	quality = make_user(roles=("Quality Supervisor",))
	action = frappe.get_doc(
		{"doctype": "Corrective Action", "problem": "电梯困人响应慢", "deadline": frappe.utils.today()}
	).insert()
	action.status = "Completed"
	with pytest.raises(CorrectiveActionError):
		action.save()
	action.reload()
	action.update({"status": "Completed", "action": "增加夜间值班", "cause": "夜班人手不足"})
	action.save()
	assert str(action.completed_on) == frappe.utils.today()
	with as_user(quality):
		action.status = "Verified"
		with pytest.raises(CorrectiveActionError):
			action.save()
		action.reload()
		action.update({"status": "Verified", "verification": "连续一个月响应时间达标"})
		action.save()
	assert (action.verified_by, str(action.verified_on)) == (quality, frappe.utils.today())


def test_a_question_to_answer_later_needs_an_answer_date(staff, unit):
	from property_service.customer_service.doctype.callback_record.callback_record import OpenQuestionError

	request = completed_request(unit, staff)
	callback = frappe.get_doc("Callback Record", {"reference_name": request.name})
	callback.open_question = "能否更换为节能灯？"
	with pytest.raises(OpenQuestionError):
		callback.save()
	callback.reload()
	callback.open_question = "能否更换为节能灯？"
	callback.answer_by = frappe.utils.add_days(frappe.utils.today(), 3)
	callback.save()
	assert callback.status == "To Do"


def test_install_keeps_an_administrators_workflow_edits():
	from property_service.core.workflows import ensure_workflows, workflow_name

	workflow = frappe.get_doc("Workflow", workflow_name("Service Request"))
	workflow.transitions = [t for t in workflow.transitions if t.action != "Redispatch"]
	workflow.save()
	ensure_workflows()
	workflow.reload()
	assert "Redispatch" not in {t.action for t in workflow.transitions}
	assert frappe.db.count("Workflow", {"document_type": "Service Request"}) == 1


@pytest.mark.server
def test_technician_reads_over_rest_only_what_is_assigned(rest):
	from tests.utils import committed_user

	with committed_user(roles=("Maintenance Technician",)) as technician:
		unit = make_unit()
		mine = new_request(unit, technician=technician)
		other = new_request(unit)
		frappe.db.commit()  # nosemgrep
		try:
			rest.login(technician)
			listed = {r["name"] for r in rest.get("/api/resource/Service Request").json()["data"]}
			assert mine.name in listed and other.name not in listed
			assert rest.get(f"/api/resource/Service Request/{mine.name}").status_code == 200
			assert rest.get(f"/api/resource/Service Request/{other.name}").status_code == 403
		finally:
			frappe.db.rollback()
			for name in (mine.name, other.name):
				frappe.delete_doc("Service Request", name, force=True, ignore_permissions=True)
			building, community = frappe.db.get_value("Property Unit", unit, ["building", "community"])
			for doctype, name in (("Property Unit", unit), ("Building", building), ("Community", community)):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
			frappe.db.commit()  # nosemgrep


def test_rating_a_routine_callback_changes_no_source(unit):
	callback = frappe.get_doc(
		{"doctype": "Callback Record", "unit": unit, "callback_method": "Phone"}
	).insert()
	supervisor = make_user(roles=("Customer Service Supervisor",))
	callback.satisfaction = "C - Dissatisfied"
	callback.save()
	assert callback.status == "Done"
	assert not callback.reference_name  # nothing to reopen; the supervisors are still told
	assert frappe.db.exists("Notification Log", {"for_user": supervisor, "document_name": callback.name})


def test_corrective_and_preventive_actions_come_from_complaints_callbacks_and_requests(staff, unit):
	from property_service.api.service_desk import CorrectiveSourceError

	request = completed_request(unit, staff)
	callback = frappe.get_doc("Callback Record", {"reference_name": request.name})
	with as_user(staff.supervisor):
		preventive = raise_corrective_action(callback.name, "Callback Record", "Preventive Action")
		from_request = raise_corrective_action(request.name, "Service Request")
		with pytest.raises(CorrectiveSourceError):
			raise_corrective_action(unit, "Property Unit")
	action = frappe.get_doc("Corrective Action", preventive)
	assert (action.action_type, action.reference_doctype, action.reference_name) == (
		"Preventive Action",
		"Callback Record",
		callback.name,
	)
	assert frappe.db.get_value("Corrective Action", from_request, "action_type") == "Corrective Action"
	with as_user(make_user(roles=("Quality Supervisor",))), pytest.raises(frappe.PermissionError):
		raise_corrective_action(request.name, "Service Request")  # reads requests, does not edit them


def test_an_unanswered_question_reminds_the_agent_then_the_supervisor(staff, unit):
	from frappe.email.doctype.notification.notification import evaluate_alert
	from frappe.utils import add_days, today

	from property_service.core.notifications import ensure_notifications

	ensure_notifications()  # once: install made them, a second call changes nothing
	request = completed_request(unit, staff)
	callback = frappe.get_doc("Callback Record", {"reference_name": request.name})
	callback.update(
		{"open_question": "物业费能否分期？", "answer_by": add_days(today(), -2), "agent": staff.agent}
	)
	callback.save()

	def sent(name: str) -> list[str]:
		"""What the daily job sends today (as trigger_daily_alerts, without its commits)."""
		alert = frappe.get_doc("Notification", name)
		for doc in alert.get_documents_for_today():
			evaluate_alert(doc, alert, alert.event)
		return frappe.get_all(
			"Notification Log", {"document_name": callback.name, "type": "Alert"}, pluck="for_user"
		)  # "Assignment" ones tell the agent of the callback itself

	agent_rule, supervisor_rule = "Callback Answer Overdue - Agent", "Callback Answer Overdue - Supervisor"
	assert staff.supervisor in sent(supervisor_rule)  # two days after the date
	assert staff.agent not in sent(agent_rule)  # the agent's reminder was yesterday's
	callback.db_set("answer_by", add_days(today(), -1))
	assert staff.agent in sent(agent_rule)
	callback.db_set("answered_on", today())
	alerts = {"document_name": callback.name, "type": "Alert"}
	before = frappe.db.count("Notification Log", alerts)
	sent(agent_rule)
	assert frappe.db.count("Notification Log", alerts) == before  # answered: nothing more


def test_community_wide_information_names_only_a_community_and_building(staff):
	"""Government, media, surveys, the suggestion box and staff may report about a whole community
	(seed 12.1.5 (2)); everything else names its unit, and a resident files only for their own."""
	building = make_building()
	community = frappe.db.get_value("Building", building, "community")
	with as_user(staff.agent):
		request = frappe.get_doc(
			{
				"doctype": "Service Request",
				"channel": "Government",
				"community": community,
				"building": building,
				"description": "区城管通知：楼顶违建需拆除",
			}
		).insert()
		complaint = frappe.get_doc(
			{
				"doctype": "Complaint",
				"channel": "Media",
				"community": community,
				"complaint_category": "Cleaning and Greening",
				"description": "报道：小区垃圾堆放",
			}
		).insert()
	assert (request.unit, request.community, request.building) == (None, community, building)
	assert complaint.responsible_role == "Customer Service Supervisor"
	# one customer-service supervisor has it (load balancing: another with as few may be chosen)
	handler = frappe.db.get_value(
		"ToDo", {"reference_name": complaint.name, "status": "Open"}, "allocated_to"
	)
	assert handler and "Customer Service Supervisor" in frappe.get_roles(handler)
	assert frappe.db.get_value("Complaint", complaint.name, "handler") == handler

	other_building = make_building()
	for fields, error in (
		({"channel": "Phone", "community": community}, PlaceMissingError),  # a call is about a unit
		({"channel": "Staff"}, PlaceMissingError),  # which community?
		({"channel": "Staff", "community": community, "building": other_building}, PlaceMissingError),
	):
		with as_user(staff.agent), pytest.raises(error):
			frappe.get_doc({"doctype": "Service Request", "description": "x", **fields}).insert()

	unit = make_unit(building)
	_owner, resident = resident_of(unit)
	before = frappe.db.count("Service Request")
	with as_user(resident), pytest.raises(frappe.PermissionError):  # not about their household
		frappe.get_doc(
			{
				"doctype": "Service Request",
				"channel": "Government",
				"description": "x",
				"community": community,
			}
		).insert()
	assert frappe.db.count("Service Request") == before


def test_mail_waits_for_triage_before_it_moves(staff):
	"""A mailed-in request may name nothing yet; it is dispatched only once an agent says where."""
	with as_user(staff.agent):
		request = frappe.get_doc(
			{"doctype": "Service Request", "channel": "Email", "description": "楼道灯坏了"}
		).insert()
		request.technician = staff.technician
		request.save()
	with pytest.raises(PlaceMissingError):
		act(request, "Dispatch", staff.agent)
	assert frappe.db.get_value("Service Request", request.name, "status") == "Logged"
	unit = make_unit()
	with as_user(staff.agent):
		request = frappe.get_doc("Service Request", request.name)
		request.unit = unit
		request.save()
	assert request.community == frappe.db.get_value("Property Unit", unit, "community")
	assert act(request, "Dispatch", staff.agent).status == "Dispatched"


def verified_complaint(unit, staff):
	complaint = frappe.get_doc(
		{"doctype": "Complaint", "unit": unit, "complaint_category": "Other", "description": "楼道脏"}
	).insert()
	for action in ("Assign", "Start Handling"):
		complaint = act(complaint, action, staff.agent)
	frappe.db.set_value("Complaint", complaint.name, "resolution", "已清扫")
	complaint = act(complaint, "Resolve", staff.agent)
	return act(complaint, "Verify Result", staff.supervisor)


def record_attempt(callback_name, user, outcome="No Answer", **forged):
	with as_user(user):
		callback = frappe.get_doc("Callback Record", callback_name)
		callback.append("attempts", {"callback_method": "Phone", "outcome": outcome, **forged})
		callback.save()
	return callback


@pytest.mark.parametrize("make", [completed_request, verified_complaint], ids=["request", "complaint"])
def test_nothing_closes_before_its_callback(staff, unit, make):
	"""seed 12.1.2: 登记 → 派单 → … → 回访 → 归档 — the agent cannot close without the callback;
	a C reopens, and after the work is done again the new callback must be rated."""
	source = make(unit, staff)
	with pytest.raises(callbacks.CallbackPendingError):
		act(source, "Close", staff.agent)
	after = callbacks.with_callbacks()[source.doctype]
	assert frappe.db.get_value(source.doctype, source.name, "status") == after
	rate_callback_of(source, "C - Dissatisfied", "没修好", staff.agent)
	assert frappe.db.get_value(source.doctype, source.name, "status") not in ("Closed", source.status)
	if source.doctype == "Service Request":
		source = act(source, "Complete", staff.agent)
	else:
		source = act(act(source, "Resolve", staff.agent), "Verify Result", staff.supervisor)
	second = frappe.db.get_value(source.doctype, source.name, "callback_record")
	assert frappe.db.get_value("Callback Record", second, "status") == "To Do"
	with pytest.raises(callbacks.CallbackPendingError):
		act(source, "Close", staff.agent)  # the first callback's C does not count
	with as_user(staff.agent):
		callback = frappe.get_doc("Callback Record", second)
		callback.satisfaction = "A - Satisfied"
		callback.save()
	assert frappe.db.get_value(source.doctype, source.name, "status") == "Closed"


def test_an_unreachable_resident_closes_the_request_after_the_attempts_set(staff, unit):
	request = completed_request(unit, staff)
	name = request.callback_record or frappe.db.get_value("Service Request", request.name, "callback_record")
	for attempt in range(2):
		callback = record_attempt(name, staff.agent, attempted_by="Administrator", attempted_on="2020-01-01")
		assert callback.status == "To Do" and len(callback.attempts) == attempt + 1
	assert frappe.db.get_value("Service Request", request.name, "status") == "Completed"
	row = callback.attempts[0]
	assert row.attempted_by == staff.agent and get_datetime(row.attempted_on).year > 2020  # stamped
	callback = record_attempt(name, staff.agent, outcome="Not at Home")
	assert callback.status == "Unreachable" and not callback.satisfaction
	assert frappe.db.get_value("Service Request", request.name, "status") == "Closed"
	reasons = frappe.get_all(
		"Comment",
		filters={"reference_name": request.name, "comment_type": "Info"},
		pluck="content",
	)
	assert any(name in reason and "3" in reason for reason in reasons), reasons
	assert not frappe.db.exists("ToDo", {"reference_name": name, "status": "Open"})
	# reached later after all: the rating counts; a C tells the supervisor, who may reopen it
	rate_callback_of(request, "C - Dissatisfied", "终于联系上，不满意", staff.agent)
	assert frappe.db.get_value("Service Request", request.name, "satisfaction") == "C - Dissatisfied"
	assert frappe.db.get_value("Service Request", request.name, "status") == "Closed"
	assert frappe.db.exists("Notification Log", {"for_user": staff.supervisor, "document_name": name})
	act(request, "Reopen", staff.supervisor)
	assert frappe.db.get_value("Service Request", request.name, "status") == "In Progress"


def test_the_office_sets_how_many_attempts(staff, unit):
	frappe.db.set_single_value("Property Service Settings", "callback_attempts", 1)
	try:
		request = completed_request(unit, staff)
		name = frappe.db.get_value("Service Request", request.name, "callback_record")
		assert record_attempt(name, staff.agent).status == "Unreachable"
		assert frappe.db.get_value("Service Request", request.name, "status") == "Closed"
	finally:
		frappe.db.set_single_value("Property Service Settings", "callback_attempts", 3)


def test_the_attempt_log_cannot_be_rewritten(staff, unit):
	from property_service.customer_service.doctype.callback_record.callback_record import AttemptLogError

	request = completed_request(unit, staff)
	name = frappe.db.get_value("Service Request", request.name, "callback_record")
	record_attempt(name, staff.agent)
	with as_user(staff.agent):
		callback = frappe.get_doc("Callback Record", name)
		callback.attempts[0].outcome = "Declined"
		with pytest.raises(AttemptLogError):
			callback.save()
		callback = frappe.get_doc("Callback Record", name)
		callback.attempts = []
		with pytest.raises(AttemptLogError):
			callback.save()
		callback = frappe.get_doc("Callback Record", name)
		callback.status = "Unreachable"  # the status is the system's: one attempt is not enough
		callback.save()
		assert callback.status == "To Do"
	rate_callback_of(request, "A - Satisfied", "满意", staff.agent)
	with pytest.raises(AttemptLogError):
		record_attempt(name, staff.agent)  # reached: no attempt after that
	assert len(frappe.get_doc("Callback Record", name).attempts) == 1


def test_a_major_problem_heard_on_a_callback_goes_to_the_office_manager(staff, unit):
	"""Seed 12.1.2 (1) 9: 回访后遇到的重大问题应上报管理处 — reported as a corrective action the
	community's office manager holds, once; the agent cannot write the link themselves."""
	manager = make_user(roles=("Property Manager",))
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": manager,
			"allow": "Community",
			"for_value": frappe.db.get_value("Property Unit", unit, "community"),
		}
	).insert(ignore_permissions=True)
	request = completed_request(unit, staff)
	name = frappe.db.get_value("Service Request", request.name, "callback_record")
	other = frappe.get_doc(
		{"doctype": "Corrective Action", "problem": "别的问题", "deadline": frappe.utils.today()}
	).insert()
	with as_user(staff.agent):
		callback = frappe.get_doc("Callback Record", name)
		callback.update({"major_problem": "业主反映外墙渗水，多户受影响", "major_problem_action": other.name})
		callback.save()
	action = frappe.db.get_value("Callback Record", name, "major_problem_action")
	assert action and action != other.name  # the link is the system's, not what was sent
	row = frappe.db.get_value(
		"Corrective Action",
		action,
		["reference_doctype", "reference_name", "problem", "responsible_user"],
		as_dict=True,
	)
	assert (row.reference_doctype, row.reference_name, row.responsible_user) == (
		"Callback Record",
		name,
		manager,
	)
	assert "外墙渗水" in row.problem
	assert frappe.db.exists("ToDo", {"reference_name": action, "allocated_to": manager, "status": "Open"})
	with as_user(staff.agent):
		callback = frappe.get_doc("Callback Record", name)
		callback.content_and_result = "已上报"
		callback.save()
	assert frappe.db.count("Corrective Action", {"reference_name": name}) == 1
