// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Survey Response", {
	setup(frm) {
		const words = frappe.boot.property_service.words;
		frm.set_query("opinion_survey", () => ({ filters: { status: words.OPEN } }));
		frm.set_query("unit", () => ({
			filters: frm.doc.community ? { community: frm.doc.community } : {},
		}));
	},
	opinion_survey(frm) {
		// a paper form is typed in item by item: list the survey's items to rate
		if (!frm.doc.opinion_survey) return;
		frappe.db.get_doc("Opinion Survey", frm.doc.opinion_survey).then((survey) => {
			const rated = new Set((frm.doc.ratings || []).map((row) => row.area));
			survey.items
				.filter((item) => !rated.has(item.area))
				.forEach((item) => frm.add_child("ratings", { area: item.area }));
			frm.refresh_field("ratings");
		});
	},
});
