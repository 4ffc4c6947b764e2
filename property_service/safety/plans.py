"""The eleven emergency plans of seed 12.1.5 (8) — three internal (archive-room fire, staff food
poisoning, a robbery in the office) and eight external — with the chain of duties the seed asks
every plan to settle (first discoverer, reporter, commander, on-site handling, keeping order,
aftermath) and their steps with planned minutes, written in Chinese from the seed. Installed once:
a plan that exists is the office's, never overwritten; the office fills in the contacts."""

import frappe
from frappe import _
from frappe.utils import add_days, formatdate, getdate, today

from property_service.core.assignments import assign
from property_service.core.notices import site_language
from property_service.core.routing import assignable
from property_service.vocabulary import CS_SUPERVISOR, PROPERTY_MANAGER, SECURITY_SUPERVISOR, TECHNICIAN

SECURITY, MANAGER, CUSTOMER, ENGINEER = (
	SECURITY_SUPERVISOR,
	PROPERTY_MANAGER,
	CS_SUPERVISOR,
	TECHNICIAN,
)


def duties(first: str, handling: str, aftermath: str) -> list[dict]:
	"""The seed's chain: who does what from discovery to aftermath (做到第一发现人知道应如何处理、
	谁来联系相关部门、谁来指挥全面布置、谁出现场、谁维持秩序、谁善后工作)."""
	return [
		{"duty": "First Discoverer", "responsible_role": SECURITY, "what_to_do": first},
		{
			"duty": "Reporter",
			"responsible_role": CUSTOMER,
			"what_to_do": "立即报告管理处主任，按需拨打110/119/120并通知相关部门",
		},
		{
			"duty": "Commander",
			"responsible_role": MANAGER,
			"what_to_do": "到场统一指挥，分配人员，决定是否疏散及对外通报",
		},
		{"duty": "On-site Handling", "responsible_role": SECURITY, "what_to_do": handling},
		{
			"duty": "Keeping Order",
			"responsible_role": SECURITY,
			"what_to_do": "设置警戒，疏导围观人员，保持通道畅通",
		},
		{"duty": "Aftermath", "responsible_role": CUSTOMER, "what_to_do": aftermath},
	]


def steps(*rows) -> list[dict]:
	return [
		{"step": step, "responsible_role": role, "planned_minutes": minutes} for step, role, minutes in rows
	]


PLANS = (
	(
		"档案室失火",
		"Internal",
		duties(
			"发现火情立即呼喊报警，就近取用灭火器扑救初期火灾",
			"切断电源，组织扑救，抢救重要档案",
			"清点受损档案，调查起火原因，整改并存档",
		),
		steps(
			("发现火情并报警", SECURITY, 1),
			("切断电源、使用灭火器扑救", SECURITY, 3),
			("抢救转移重要档案", CUSTOMER, 5),
			("火势扩大时拨打119并疏散人员", MANAGER, 2),
			("清点损失、原因调查、书面报告", CUSTOMER, 60),
		),
	),
	(
		"员工食物中毒",
		"Internal",
		duties(
			"发现员工出现中毒症状，立即报告并让其停止进食",
			"送医救治，封存可疑食物",
			"配合卫生部门调查，通报结果，改进饮食卫生管理",
		),
		steps(
			("发现症状并报告", CUSTOMER, 2),
			("拨打120或送医", MANAGER, 10),
			("封存可疑食物和餐具", SECURITY, 10),
			("通知家属并配合卫生部门", CUSTOMER, 30),
			("总结原因，整改饮食卫生", MANAGER, 120),
		),
	),
	(
		"办公区域遇盗抢",
		"Internal",
		duties(
			"保持冷静，保证人身安全，记住嫌疑人特征",
			"拨打110，保护现场，不触动现场物品",
			"清点财物损失，配合公安调查，加强防范",
		),
		steps(
			("确保人身安全并报警110", SECURITY, 2),
			("报告管理处主任", CUSTOMER, 2),
			("保护现场、封锁出入口", SECURITY, 10),
			("配合公安调查取证", MANAGER, 60),
			("清点损失、书面报告、加强防范", MANAGER, 120),
		),
	),
	(
		"雨雪天伤人",
		"External",
		duties(
			"发现有人滑倒受伤，立即上前查看伤情",
			"简单救护，必要时拨打120，设置防滑警示",
			"回访伤者，清扫积雪积水，铺设防滑垫",
		),
		steps(
			("查看伤情并报告", SECURITY, 2),
			("简单救护或拨打120", SECURITY, 5),
			("设置防滑警示，清扫路面", SECURITY, 15),
			("联系家属，做好记录", CUSTOMER, 30),
			("回访伤者，总结整改", CUSTOMER, 1440),
		),
	),
	(
		"重点部位人身伤害",
		"External",
		duties(
			"发现配电房、水箱、电梯机房等重点部位有人受伤，立即报告",
			"断开危险源，救护伤者，拨打120",
			"查明原因，加固防护设施，回访伤者",
		),
		steps(
			("发现并报告", SECURITY, 2),
			("断开危险源（断电、停机）", ENGINEER, 5),
			("救护伤者、拨打120", SECURITY, 5),
			("保护现场、设置警戒", SECURITY, 10),
			("原因调查、整改防护、书面报告", MANAGER, 120),
		),
	),
	(
		"业主不可控制的纠纷",
		"External",
		duties(
			"发现业主之间或业主与员工发生激烈纠纷，立即上前劝阻",
			"隔离双方，耐心劝解，事态失控时拨打110",
			"回访双方，记录经过，跟进调解结果",
		),
		steps(
			("到场劝阻并报告", SECURITY, 3),
			("隔离双方，防止冲突升级", SECURITY, 5),
			("客服主管到场调解", CUSTOMER, 15),
			("失控时报警110", MANAGER, 2),
			("回访双方、记录存档", CUSTOMER, 1440),
		),
	),
	(
		"交通事故",
		"External",
		duties(
			"发现小区内发生交通事故，立即报告并查看有无伤员",
			"救护伤员、拨打120和122，保护现场",
			"协助处理，疏导交通，完善车辆管理",
		),
		steps(
			("查看伤员并报告", SECURITY, 2),
			("拨打120、122", SECURITY, 3),
			("保护现场、疏导车辆", SECURITY, 10),
			("协助交警处理，通知车主", CUSTOMER, 30),
			("记录存档，改进车辆管理", MANAGER, 120),
		),
	),
	(
		"临时施工造成不可预见的破坏",
		"External",
		duties(
			"发现施工损坏管线、设施或危及安全，立即制止施工并报告",
			"关闭相关阀门或电源，抢修，必要时通知公用事业单位",
			"核定损失，追究施工方责任，通知受影响业主",
		),
		steps(
			("制止施工并报告", SECURITY, 3),
			("关闭阀门或电源，控制险情", ENGINEER, 10),
			("通知受影响业主和公用事业单位", CUSTOMER, 15),
			("组织抢修", ENGINEER, 120),
			("核定损失、追究责任、书面报告", MANAGER, 1440),
		),
	),
	(
		"可疑物品处置",
		"External",
		duties(
			"发现可疑物品，不触碰、不移动，立即报告",
			"设置警戒，疏散周边人员，拨打110",
			"配合公安处置，通报情况，加强巡查",
		),
		steps(
			("发现并报告，不触碰", SECURITY, 2),
			("拨打110", MANAGER, 2),
			("设置警戒、疏散周边人员", SECURITY, 10),
			("配合公安排查处置", SECURITY, 60),
			("通报业主，加强巡查", CUSTOMER, 120),
		),
	),
	(
		"主管爆裂",
		"External",
		duties(
			"发现供水主管爆裂，立即报告工程维修人员",
			"关闭总阀，抢修，防止水浸电梯和配电房",
			"清理积水，恢复供水，通知业主并回访",
		),
		steps(
			("发现并报告", SECURITY, 2),
			("关闭总阀", ENGINEER, 10),
			("保护电梯、配电房，排水", ENGINEER, 30),
			("通知业主停水及恢复时间", CUSTOMER, 15),
			("抢修、恢复供水、回访业主", ENGINEER, 240),
		),
	),
	(
		"居民紧急疏散",
		"External",
		duties(
			"发现需紧急疏散的险情（火灾、燃气泄漏、建筑险情），立即报告",
			"开启广播，引导居民沿疏散通道撤离，协助老弱病残",
			"清点人数，安置居民，配合有关部门恢复秩序",
		),
		steps(
			("发现险情并报告", SECURITY, 2),
			("指挥决定疏散，拨打119/110", MANAGER, 3),
			("广播通知，打开疏散通道", SECURITY, 5),
			("引导撤离，协助老弱病残", SECURITY, 20),
			("清点人数、安置居民、善后报告", CUSTOMER, 60),
		),
	),
)


def ensure_plans() -> list[str]:
	"""Installs each plan that does not exist yet; returns the plans made."""
	made = []
	for scenario, plan_type, plan_duties, plan_steps in PLANS:
		if frappe.db.exists("Emergency Plan", scenario):
			continue
		frappe.get_doc(
			{
				"doctype": "Emergency Plan",
				"scenario": scenario,
				"plan_type": plan_type,
				"responsibilities": plan_duties,
				"steps": plan_steps,
			}
		).insert(ignore_permissions=True)
		made.append(scenario)
	return made


REVIEW_NOTICE_DAYS = 30


def remind_reviews() -> list[str]:
	"""Daily: a plan whose review date is 30 days away or past is assigned to its leader — the
	holders of the role its Commander duty names (总指挥; the security supervisors where a plan
	names none) —, once per review date; returns the plans.

	Code, not a Notification with "Days Before": the reminder is work (a ToDo due on the review
	date, on the supervisor's list until done), and a Notification fires on one day only, missing
	a review date set within 30 days or already past."""
	due = frappe.get_all(
		"Emergency Plan",
		filters={"review_date": ["<=", add_days(today(), REVIEW_NOTICE_DAYS)]},
		fields=["name", "review_date", "review_reminded_for"],
	)
	reminded = []
	for plan in due:
		if plan.review_reminded_for and getdate(plan.review_reminded_for) == getdate(plan.review_date):
			continue
		doc = frappe.get_doc("Emergency Plan", plan.name)
		text = _("Review the emergency plan {0} by {1}", lang=site_language()).format(
			plan.name, formatdate(plan.review_date)
		)
		assign(doc, assignable(leader_role(doc)), text, plan.review_date)
		doc.db_set("review_reminded_for", plan.review_date, update_modified=False)
		reminded.append(plan.name)
	return reminded


def leader_role(plan) -> str:
	"""The role leading the plan: its Commander duty's (seed 12.1.5 (8): 谁来指挥全面布置)."""
	commander = next((row.responsible_role for row in plan.responsibilities if row.duty == "Commander"), None)
	return commander or SECURITY_SUPERVISOR
