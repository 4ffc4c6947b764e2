// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// The drill's next action is the form's primary button (on a phone the only one in view) while
// nothing is left unsaved; typing in the log makes it "Save" again, as Frappe does.
// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Emergency Drill", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (frm.is_new() || !frm.perm[0]?.write) return;
		const run = (method) => frm.call(method).then(() => frm.reload_doc());
		const primary = (label, method) => frm.page.set_primary_action(label, () => run(method));
		const status = frm.doc.status;
		if (status === words.PLANNED) primary(__("Start the Drill"), "start");
		if (status === words.IN_PROGRESS) {
			const next = (frm.doc.steps || []).find((row) => !row.done_at);
			if (next) primary(__("Step Done: {0}", [next.step]), "complete_step");
			else primary(__("Finish the Drill"), "finish");
		}
		if (status === words.PLANNED || status === words.IN_PROGRESS) {
			frm.add_custom_button(__("Add Shop Teams"), () => run("add_shop_teams"));
			frm.add_custom_button(__("Cancel the Drill"), () =>
				frappe.confirm(__("Cancel this drill? Residents will no longer see its notice."), () =>
					run("cancel_drill")
				)
			);
		}
		if (status === words.DONE && frm.doc.improvements?.some((row) => !row.corrective_action)) {
			primary(__("Raise Corrective Actions"), "raise_corrective_actions");
		}
	},
});
