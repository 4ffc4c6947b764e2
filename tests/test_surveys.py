"""Opinion surveys (seed 12.1.2 (1), 12.1.4): the campaign's denominator, one answer per unit,
exact figures on a known set of answers, residents' rights, the follow-up and the report."""

import threading

import frappe
import pytest
from frappe.utils import add_days, today

from property_service.api.portal import answer_survey
from property_service.engagement import surveys
from property_service.engagement.doctype.opinion_survey.opinion_survey import SurveyItemsError
from property_service.engagement.doctype.survey_response.survey_response import SurveyResponseError
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.portal_world import resident
from tests.utils import as_user, delete_user, make_user, on_own_connection


def eight() -> list[str]:
	"""The default items as a survey stores them (in the site's language)."""
	return surveys.template_areas("Eight Areas")


def make_survey(community: str, template: str = "Eight Areas", opened: bool = True, **fields):
	doc = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": "2026年下半年业主意见调查",
			"community": community,
			"template": template,
			"start_date": today(),
			"end_date": add_days(today(), 30),
			**fields,
		}
	).insert()
	if opened:
		doc.open()
	return doc


def answer(survey: str, unit: str, ratings: dict, channel: str = "Phone", **fields):
	rows = [{"area": area, "rating": ratings.get(area)} for area in eight()]
	return frappe.get_doc(
		{
			"doctype": "Survey Response",
			"opinion_survey": survey,
			"unit": unit,
			"channel": channel,
			"ratings": rows,
			**fields,
		}
	).insert()


@pytest.fixture
def estate():
	"""A community of four occupied units and one vacant."""
	community = make_community()
	building = make_building(community)
	occupied = [make_unit(building, str(101 + i)) for i in range(4)]
	for unit in occupied:
		make_owner(units=[unit])
	vacant = make_unit(building, "201")
	return frappe._dict(community=community, occupied=occupied, vacant=vacant)


def test_the_figures_on_a_known_set_of_answers(estate):
	survey = make_survey(estate.community)
	assert survey.occupied_units == 4  # the vacant unit is not asked
	assert [item.area for item in survey.items] == eight()
	a, b = eight()[0], eight()[1]
	answer(survey.name, estate.occupied[0], {a: "Satisfied", b: "Dissatisfied"})
	answer(survey.name, estate.occupied[1], {a: "Fairly Satisfied", b: "Satisfied"})
	answer(survey.name, estate.occupied[2], {a: "Dissatisfied"})  # b left blank: no answer
	survey.reload()
	assert (survey.responses, survey.coverage) == (3, 75.0)
	assert (survey.answers, survey.satisfied) == (5, 3)
	assert survey.satisfaction_rate == 60.0
	items = {item.area: item for item in survey.items}
	assert (items[a].answers, items[a].satisfied, items[a].satisfaction_rate) == (3, 2, 66.67)
	assert (items[b].answers, items[b].satisfied, items[b].satisfaction_rate) == (2, 1, 50.0)
	assert (items[eight()[2]].answers, items[eight()[2]].satisfaction_rate) == (0, 0)


def test_a_vacant_unit_cannot_answer_and_does_not_count(estate):
	survey = make_survey(estate.community)
	with pytest.raises(SurveyResponseError):
		answer(survey.name, estate.vacant, {eight()[0]: "Satisfied"})
	assert frappe.db.count("Survey Response", {"opinion_survey": survey.name}) == 0


def test_one_answer_per_unit(estate):
	survey = make_survey(estate.community)
	answer(survey.name, estate.occupied[0], {eight()[0]: "Satisfied"})
	with pytest.raises(SurveyResponseError, match="already"):
		answer(survey.name, estate.occupied[0], {eight()[0]: "Dissatisfied"})
	survey.reload()
	assert survey.responses == 1 and survey.satisfaction_rate == 100


def test_one_answer_per_unit_under_two_connections_at_once():
	"""The unique key decides when both check before either inserts."""
	community = make_community()
	unit = make_unit(make_building(community), "101")
	owner = make_owner(units=[unit])
	survey = make_survey(community)
	agent = make_user(roles=("Customer Service Agent",))
	frappe.db.commit()  # nosemgrep: the two workers are other connections
	checked = threading.Barrier(2)
	outcomes = []

	def work():
		doc = frappe.get_doc(
			{
				"doctype": "Survey Response",
				"opinion_survey": survey.name,
				"unit": unit,
				"channel": "Phone",
				"ratings": [{"area": area, "rating": "Satisfied"} for area in eight()],
			}
		)
		doc.run_method("before_insert")
		doc.run_method("validate")  # both pass the friendly check
		checked.wait(timeout=30)
		try:
			doc.insert()
			frappe.db.commit()  # nosemgrep: a worker's own commit
			outcomes.append("saved")
		except (frappe.UniqueValidationError, frappe.DuplicateEntryError, SurveyResponseError):
			outcomes.append("refused")

	try:
		threads = [threading.Thread(target=on_own_connection, args=(agent, work)) for _ in range(2)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(timeout=60)
		frappe.db.rollback()
		assert sorted(outcomes) == ["refused", "saved"]
		assert frappe.db.count("Survey Response", {"opinion_survey": survey.name}) == 1
		assert frappe.db.get_value("Opinion Survey", survey.name, "responses") == 1
	finally:
		frappe.db.rollback()
		for name in frappe.get_all("Survey Response", {"opinion_survey": survey.name}, pluck="name"):
			frappe.delete_doc("Survey Response", name, force=True, ignore_permissions=True)
		for name in frappe.get_all("Notice", {"name": survey.opening_notice}, pluck="name"):
			frappe.delete_doc("Notice", name, force=True, ignore_permissions=True)
		frappe.delete_doc("Opinion Survey", survey.name, force=True, ignore_permissions=True)
		customer = frappe.db.get_value("Property Owner", owner, "customer")
		frappe.delete_doc("Property Owner", owner, force=True, ignore_permissions=True)
		if customer:
			frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
		delete_user(agent)
		for doctype, name in (
			("Property Unit", unit),
			("Building", f"{community}-1栋"),
			("Community", community),
		):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_residents_answer_for_their_own_units_and_see_only_their_own_answers(estate):
	survey = make_survey(estate.community)
	_owner, user = resident(estate.occupied[0], "answer")
	_other_owner, neighbour = resident(estate.occupied[1], "neighbour")
	_member_owner, member = resident(estate.occupied[0], "member")
	with as_user(user):
		with pytest.raises(frappe.PermissionError):
			answer_survey(survey.name, estate.occupied[1], {eight()[0]: "Dissatisfied"})
		mine = answer_survey(
			survey.name,
			estate.occupied[0],
			{eight()[0]: "Fairly Satisfied"},
			{eight()[0]: "晚上路灯太暗"},
			"谢谢",
		)
		assert frappe.get_list("Survey Response", pluck="name") == [mine]
	doc = frappe.get_doc("Survey Response", mine)
	assert (doc.channel, doc.property_owner, doc.entered_by) == ("Portal", _owner, user)
	assert doc.ratings[0].opinion == "晚上路灯太暗"
	for other in (neighbour, member):  # the household member sees that the unit answered, not how
		with as_user(other):
			assert frappe.get_list("Survey Response", pluck="name") == []
			assert not frappe.has_permission("Survey Response", "read", doc=doc)
	with as_user(member), pytest.raises(SurveyResponseError, match="already"):
		answer_survey(survey.name, estate.occupied[0], {eight()[0]: "Satisfied"})


def test_a_resident_sets_only_the_answer(estate):
	from property_service.core.requesters import ResidentFieldError

	survey = make_survey(estate.community)
	_owner, user = resident(estate.occupied[0], "answer")
	with as_user(user), pytest.raises(ResidentFieldError):
		answer(survey.name, estate.occupied[0], {eight()[0]: "Satisfied"}, channel="Paper", refused_to_sign=1)


def test_the_form_carries_the_households_phone_unless_the_office_wrote_one(estate):
	survey = make_survey(estate.community)
	owner = frappe.db.get_value("Property Owner Unit", {"unit": estate.occupied[0]}, "parent")
	frappe.db.set_value("Property Owner", owner, "mobile_no", "13800001111")
	assert answer(survey.name, estate.occupied[0], {eight()[0]: "Satisfied"}).phone == "13800001111"
	written = answer(survey.name, estate.occupied[1], {eight()[0]: "Satisfied"}, phone="13900002222")
	assert written.phone == "13900002222"


def test_a_paper_form_is_signed_or_marked_refused(estate):
	survey = make_survey(estate.community)
	with pytest.raises(SurveyResponseError, match="signed"):
		answer(survey.name, estate.occupied[0], {eight()[0]: "Satisfied"}, channel="Paper")
	with pytest.raises(SurveyResponseError):
		answer(
			survey.name,
			estate.occupied[0],
			{eight()[0]: "Satisfied"},
			channel="Paper",
			signed=1,
			refused_to_sign=1,
		)
	answer(survey.name, estate.occupied[0], {eight()[0]: "Satisfied"}, channel="Paper", refused_to_sign=1)


def test_the_paper_form_template_and_items_fixed_once_open(estate):
	survey = make_survey(estate.community, template="Paper Form", opened=False)
	assert [item.area for item in survey.items] == surveys.template_areas("Paper Form")
	survey.append("items", {"area": "社区文化"})
	survey.save()  # a draft may change
	survey.open()
	survey.reload()
	survey.append("items", {"area": "停车"})
	with pytest.raises(SurveyItemsError):
		survey.save()


def test_figures_and_status_cannot_be_sent(estate):
	survey = make_survey(estate.community, opened=False)
	survey.update({"status": "Closed", "responses": 99, "coverage": 100, "occupied_units": 1})
	survey.items[0].satisfaction_rate = 100
	survey.save()
	survey.reload()
	assert (survey.status, survey.responses, survey.coverage, survey.occupied_units) == ("Draft", 0, 0, 0)
	assert survey.items[0].satisfaction_rate == 0


def test_opening_tells_the_residents_and_closing_ends_the_call(estate):
	survey = make_survey(estate.community)
	notice = frappe.get_doc("Notice", survey.opening_notice)
	assert notice.community == estate.community and notice.published
	assert f"/resident/surveys/{survey.name}" in notice.body
	survey.close()
	assert frappe.db.get_value("Notice", notice.name, "publish_until").isoformat() == today()
	with pytest.raises(SurveyResponseError, match="not open"):
		answer(survey.name, estate.occupied[0], {eight()[0]: "Satisfied"})


def test_surveys_past_their_end_date_close_by_the_daily_job(estate):
	survey = make_survey(estate.community)
	frappe.db.set_value(
		"Opinion Survey",
		survey.name,
		{"start_date": add_days(today(), -10), "end_date": add_days(today(), -1)},
	)
	assert surveys.close_ended_surveys() >= 1
	assert frappe.db.get_value("Opinion Survey", survey.name, "status") == "Closed"
	assert (
		surveys.close_ended_surveys() == 0
		or frappe.db.get_value("Opinion Survey", survey.name, "status") == "Closed"
	)


def test_the_follow_up_actions_explanations_and_published_results(estate):
	survey = make_survey(estate.community)
	response = answer(survey.name, estate.occupied[0], {eight()[0]: "Dissatisfied"})
	survey.reload()
	survey.append(
		"findings",
		{
			"area": eight()[0],
			"finding": "地下车库照明不足",
			"responsible_department": "工程部",
			"deadline": add_days(today(), 14),
		},
	)
	survey.append("findings", {"finding": "业主误以为电费上涨", "responsible_department": "客服中心"})
	survey.save()
	made = survey.raise_corrective_actions()
	assert len(made) == 2 and survey.raise_corrective_actions() == []  # raised once
	action = frappe.get_doc("Corrective Action", made[0])
	assert (action.reference_doctype, action.reference_name, action.responsible_department) == (
		"Opinion Survey",
		survey.name,
		"工程部",
	)
	assert "地下车库照明不足" in action.problem and str(action.deadline) == add_days(today(), 14)
	with pytest.raises(surveys.SurveyStateError):
		survey.publish_results()  # only once closed
	survey.close()
	# the misunderstanding is explained after the survey closed; the answer itself stays
	response.reload()
	response.update({"misunderstanding": 1, "explanation": "电价未变，是用电量增加", "explained_on": today()})
	response.save()
	response.ratings[0].rating = "Satisfied"
	with pytest.raises(SurveyResponseError):
		response.save()
	notice = frappe.get_doc("Notice", survey.publish_results())
	assert notice.community == estate.community and notice.published
	assert "地下车库照明不足" in notice.body and "25" in notice.body  # 1 of 4 occupied units answered
	assert survey.publish_results() == notice.name  # published again: the same notice


def test_the_previous_campaign_is_compared(estate):
	first = make_survey(estate.community, start_date=add_days(today(), -200), end_date=add_days(today(), 30))
	answer(first.name, estate.occupied[0], {eight()[0]: "Satisfied"})
	first.close()
	second = make_survey(estate.community)
	answer(second.name, estate.occupied[1], {eight()[0]: "Dissatisfied"}, comments="电梯常坏")
	second.reload()
	assert second.previous_survey == first.name
	data = second.report()
	assert data["previous"].name == first.name
	assert data["previous_items"][eight()[0]].satisfaction_rate == 100
	assert data["general"] == [("电梯常坏", 1)] and not data["passed_coverage"]


def test_the_report_groups_the_common_opinions_most_given_first(estate):
	survey = make_survey(estate.community)
	first, second = eight()[0], eight()[1]
	for unit, opinion in zip(estate.occupied[:3], ("路灯太暗", "电梯慢", "路灯太暗"), strict=True):
		frappe.get_doc(
			{
				"doctype": "Survey Response",
				"opinion_survey": survey.name,
				"unit": unit,
				"channel": "Phone",
				"ratings": [
					{"area": second, "rating": "Dissatisfied", "opinion": opinion},
					{"area": first, "rating": "Satisfied"},
				],
			}
		).insert()
	data = survey.report()
	assert data["opinions"] == [(second, [("路灯太暗", 2), ("电梯慢", 1)])]
	response = frappe.get_all("Survey Response Rating", {"opinion": "电梯慢"}, ["area", "idx"])[0]
	assert (response.area, response.idx) == (second, 2)  # rows in the survey's order


def test_a_draft_survey_each_half_year_for_the_supervisors_once(estate):
	from freezegun import freeze_time

	from property_service.engagement import calendar

	frappe.db.set_value(
		"Property Owner Unit", {"unit": ["in", estate.occupied]}, "move_in_date", "2020-01-01"
	)
	supervisor = make_user(roles=("Customer Service Supervisor",))
	with freeze_time("2026-03-01 09:00:00"):
		calendar.draft_half_year_surveys()
		calendar.draft_half_year_surveys()  # once a half year
	with freeze_time("2026-05-20 09:00:00"):
		calendar.draft_half_year_surveys()
	with freeze_time("2026-08-03 09:00:00"):
		calendar.draft_half_year_surveys()
	mine = frappe.get_all(
		"Opinion Survey",
		{"community": estate.community},
		["name", "status", "start_date", "end_date"],
		order_by="start_date",
	)
	assert [(row.status, str(row.start_date), str(row.end_date)) for row in mine] == [
		("Draft", "2026-03-01", "2026-03-31"),
		("Draft", "2026-08-03", "2026-09-02"),
	]
	assert frappe.db.exists("ToDo", {"reference_name": mine[0].name, "allocated_to": supervisor})
	assert [item.area for item in frappe.get_doc("Opinion Survey", mine[0].name).items] == eight()


def test_the_results_are_called_back_to_the_dissatisfied_households_once(estate):
	"""Seed 12.1.2 (1) 5: 业主意见调查结果及整改方案应及时向业主回访 — a callback for each unit that
	rated an item Dissatisfied; publishing again makes none twice; rating it moves nothing."""
	survey = make_survey(estate.community)
	answer(survey.name, estate.occupied[0], {eight()[0]: "Dissatisfied", eight()[1]: "Satisfied"})
	answer(survey.name, estate.occupied[1], {eight()[0]: "Satisfied"})
	answer(survey.name, estate.occupied[2], {eight()[3]: "Dissatisfied"})
	survey.reload()
	survey.close()
	survey.publish_results()
	survey.publish_results()
	callbacks = frappe.get_all(
		"Callback Record",
		{"reference_doctype": "Opinion Survey", "reference_name": survey.name},
		["name", "unit", "property_owner", "status", "due_date"],
		order_by="unit",
	)
	assert [row.unit for row in callbacks] == [estate.occupied[0], estate.occupied[2]]
	owner = frappe.db.get_value("Property Owner Unit", {"unit": estate.occupied[0]}, "parent")
	assert callbacks[0].property_owner == owner and callbacks[0].status == "To Do" and callbacks[0].due_date
	done = frappe.get_doc("Callback Record", callbacks[0].name)
	done.update({"satisfaction": "B - Fairly Satisfied", "callback_method": "Phone"})
	done.save()
	assert frappe.db.get_value("Opinion Survey", survey.name, "status") == "Closed"
