// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Emergency Drill", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0]?.write) return;
		const act = (method, label, primary) => {
			// unsaved edits (minutes typed in the log) are saved before the action
			const button = frm.add_custom_button(label, () =>
				(frm.is_dirty() ? frm.save() : Promise.resolve())
					.then(() => frm.call(method))
					.then(() => frm.reload_doc())
			);
			if (primary) button.addClass("btn-primary");
		};
		const status = frm.doc.status;
		if (status === "Planned") act("start", __("Start the Drill"), true);
		if (status === "In Progress") {
			const next = (frm.doc.steps || []).find((row) => !row.done_at);
			if (next) act("complete_step", __("Step Done: {0}", [next.step]), true);
			else act("finish", __("Finish the Drill"), true);
		}
		if (status === "Planned" || status === "In Progress") {
			act("add_shop_teams", __("Add Shop Teams"));
			frm.add_custom_button(__("Cancel the Drill"), () =>
				frappe.confirm(__("Cancel this drill? Residents will no longer see its notice."), () =>
					frm.call("cancel_drill").then(() => frm.reload_doc())
				)
			);
		}
		if (status === "Done" && frm.doc.improvements?.some((row) => !row.corrective_action)) {
			act("raise_corrective_actions", __("Raise Corrective Actions"));
		}
	},
});
