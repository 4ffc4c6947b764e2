// List views of the service desk: one-click "Assigned to Me" and "Overdue", and a technician's jobs.
// Loaded for Service Request and Complaint through doctype_list_js in hooks.py. Which states are
// open comes from the boot info (core/desk.py); their colours are the DocTypes' Document States.

(() => {
	const boot = () => frappe.boot.property_service || { open: {} };

	// a technician's jobs on a phone: what, where, who to call and by when, on the job's line
	const work_only = (doctype) => (boot().work_only || []).includes(doctype);
	const plain = (text) => new DOMParser().parseFromString(text || "", "text/html").body.textContent;
	const job_line = (doc) =>
		[
			plain(doc.description),
			doc.unit,
			doc.contact_phone,
			doc.sla_resolution_by &&
				__("by {0}", [frappe.datetime.str_to_user(doc.sla_resolution_by).slice(0, -3)]),
		]
			.filter(Boolean)
			.join(" · ");
	frappe.dom.set_style(`
		.ps-work-only .standard-filter-section { display: none !important; }
		.ps-work-only .list-subject, .ps-work-only .list-subject .ellipsis { white-space: normal; }
		.ps-work-only .list-row { height: auto; padding-top: 8px; padding-bottom: 8px; }
	`);

	const settings = (doctype) => ({
		get add_fields() {
			// ERPNext's SLA fields exist once an agreement was saved for the DocType
			const sla = frappe.meta.has_field(doctype, "sla_resolution_by") ? ["sla_resolution_by"] : [];
			const assignee = doctype === "Complaint" ? "handler" : "technician";
			return ["status", assignee, "escalation_level", "description", "contact_phone", ...sla];
		},
		formatters: {
			unit: (value, df, doc) => (work_only(doctype) ? job_line(doc) : value),
		},
		onload(listview) {
			if (work_only(doctype)) {
				$(listview.page.wrapper).addClass("ps-work-only");
				return; // their list holds only their jobs: no filters to set
			}
			listview.page.add_inner_button(__("Assigned to Me"), () => {
				listview.filter_area.clear(false);
				listview.filter_area.add([[doctype, "_assign", "like", `%${frappe.session.user}%`]]);
			});
			listview.page.add_inner_button(__("Overdue"), () => {
				listview.filter_area.clear(false);
				listview.filter_area.add([
					[doctype, "status", "in", boot().open[doctype]],
					[doctype, "sla_resolution_by", "<", frappe.datetime.now_datetime()],
				]);
			});
		},
	});

	frappe.listview_settings["Service Request"] = settings("Service Request");
	frappe.listview_settings["Complaint"] = settings("Complaint");
})();
