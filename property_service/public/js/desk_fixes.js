// Loaded on every desk page, after Frappe's own bundles (hooks.app_include_js).

// A Datetime field's description: Frappe's control appends the user's time zone to it
// ("...<br>Asia/Shanghai") before the base control translates it, so the sentence no longer
// matches its translation and shows in English (Frappe 15 and 16). Translated first here; the
// time zone is then appended to the translation, and a second call finds it there.
(() => {
	const Datetime = frappe.ui.form.ControlDatetime;
	const set_description = Datetime.prototype.set_description;
	Datetime.prototype.set_description = function () {
		if (this.df.description) this.df.description = __(this.df.description);
		return set_description.call(this);
	};
})();

// A list's status pill carries a tooltip about the document's docstatus, "Document is in draft
// state" (文档处于草稿状态) whenever it is 0, which is always for a DocType that is not
// submittable: a completed request's pill said it was a draft (Frappe 15 and 16). For those the
// tooltip is the status itself; a submittable DocType's (an invoice's) is left as Frappe has it.
(() => {
	const ListView = frappe.views.ListView;
	const get_indicator_html = ListView.prototype.get_indicator_html;
	ListView.prototype.get_indicator_html = function (doc, show_workflow_state) {
		const html = get_indicator_html.call(this, doc, show_workflow_state);
		if (!html || frappe.model.is_submittable(this.doctype)) return html;
		const pill = $(html);
		pill.attr("title", pill.text().trim());
		return pill.prop("outerHTML");
	};
})();
