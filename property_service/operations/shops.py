"""Shop inspections (商铺检查, seed 12.1.5 (7)): the frontage duties (门前三包), the "six
disorders" (六乱) and the three wastes (三废) checked on a shop unit; a non-compliant check
becomes a finding with a deadline (operations/findings.py); a re-inspection checks the open
findings again and verifies those put right."""

import frappe
from frappe import _
from frappe.utils import add_days, today

from property_service.core.notices import site_language
from property_service.operations import findings

COMPLIANT, NON_COMPLIANT = "Compliant", "Non-compliant"
FOLLOW_UP = "Follow-up"
DEADLINE_DAYS = 7
# translate
CHECKS = {
	"Frontage Duties": ("Cleanliness in Front", "Greening in Front", "Order in Front"),
	"Six Disorders": (
		"Unauthorised Structures",
		"Flyposting",
		"Goods Piled Outside",
		"Selling Outside",
		"Lines and Signs Hung Outside",
		"Graffiti",
	),
	"Three Wastes": ("Waste Water", "Fumes", "Solid Waste"),
}


class ShopInspectionError(frappe.ValidationError):
	pass


RULES = "Shop Rules"  # the category of the check that the shop acknowledged the community's rules


def default_checks(unit: str) -> list[dict]:
	lang = site_language()
	return [
		{"category": category, "check": _(check, lang=lang)}
		for category, checks in CHECKS.items()
		for check in checks
	] + rules_check(unit, lang)


def rules_check(unit: str, lang: str) -> list[dict]:
	"""When the community has shop rules (商业用房管理规章制度, seed 12.1.5 (7) 2A): whether the shop
	acknowledged them as they stand, found from the registry (a shop that has not becomes a
	finding: have them signed within the week)."""
	shop = frappe.db.get_value("Property Unit", unit, ["community", "rules_current"], as_dict=True)
	if not shop or not frappe.db.get_value("Community", shop.community, "shop_rules"):
		return []
	row = {"category": RULES, "check": _("Shop Rules Acknowledged", lang=lang)}
	if shop.rules_current:
		return [{**row, "result": COMPLIANT}]
	note = _("The shop has not signed the community's current shop rules.", lang=lang)
	return [{**row, "result": NON_COMPLIANT, "note": note}]


def follow_up_checks(previous: str) -> list[dict]:
	"""A re-inspection checks the previous inspection's findings not yet verified."""
	rows = frappe.get_all(
		"Inspection Finding",
		{"parent": previous, "parenttype": "Shop Inspection", "status": ["!=", findings.VERIFIED]},
		["area", "finding"],
		order_by="idx",
	)
	return [{"category": FOLLOW_UP, "check": row.area, "note": row.finding} for row in rows]


def add_findings(doc) -> None:
	"""validate: a non-compliant check without a finding gets one, due in a week."""
	have = {row.area for row in doc.findings}
	for check in doc.checks:
		if check.result == NON_COMPLIANT and check.check not in have:
			doc.append(
				"findings",
				{
					"area": check.check,
					"finding": check.note or check.check,
					"deadline": add_days(today(), DEADLINE_DAYS),
				},
			)


def verify_previous(doc) -> None:
	"""on_update of a re-inspection: the findings of the inspection it follows up whose check is
	now compliant are handled and verified by it (the re-inspection is the verification)."""
	if not doc.reinspection_of:
		return
	compliant = {check.check for check in doc.checks if check.result == COMPLIANT}
	previous = frappe.get_doc("Shop Inspection", doc.reinspection_of)
	put_right = [
		row for row in previous.findings if row.status != findings.VERIFIED and row.area in compliant
	]
	if not put_right:
		return
	previous.flags.verified_by_reinspection = True
	for row in put_right:
		if row.status == findings.OPEN:
			row.update({"status": findings.HANDLED, "handling": row.handling or _("Put right by the shop")})
	previous.save(ignore_permissions=True)
	for row in put_right:
		row.update(
			{"status": findings.VERIFIED, "verification": _("Re-inspection {0}: compliant").format(doc.name)}
		)
	previous.save(ignore_permissions=True)


def reinspect(doc) -> str:
	"""A new inspection of the shop following up this one's open findings; returns its name."""
	checks = follow_up_checks(doc.name)
	if not checks:
		frappe.throw(_("Every finding of this inspection is verified."), ShopInspectionError)
	follow_up = frappe.get_doc(
		{"doctype": "Shop Inspection", "unit": doc.unit, "reinspection_of": doc.name, "checks": checks}
	)
	follow_up.flags.reinspection = True
	return follow_up.insert().name
