# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class CommunityActivityPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.engagement.doctype.community_activity_plan_item.community_activity_plan_item import (
			CommunityActivityPlanItem,
		)

		community: DF.Link
		items: DF.Table[CommunityActivityPlanItem]
		year: DF.Int
	# end: auto-generated types
	pass
