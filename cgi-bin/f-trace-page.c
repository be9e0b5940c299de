/*
 * f-trace-page.c - GET and POST /f-status/trace: the trace's answer.
 *
 *   id_number, from, to (dates, both included; default the last 14 days
 *   to today; at most 31 days), window (minutes, 1..240, default 30),
 *   depth (1 or 2, default 1), page (contacts, 200 a page), format (html,
 *   json, csv = the contacts, itinerary_csv = the itinerary).
 *   -> {"id_number", "full_name", "from", "to", "window", "depth",
 *       "itinerary": [{"at", "place_id", "place_name", "kind", "direction"}],
 *       "contacts": [{"id_number", "full_name", "phone", "place_id",
 *                     "place_name", "at", "depth", "of", "via_place_id",
 *                     "via_at"}],
 *       "total", "page", "counts": {"depth1", "depth2"},
 *       "limits": {"crowd_max", "max_contacts", "truncated",
 *                  "crowded_passages", "crowded": [{"place_id",
 *                  "place_name", "kind", "passages", "from", "to"}],
 *                  "note"}}
 *   The traced person must be in the officer's area (403 outside_area);
 *   the contacts may live anywhere.  Every trace is audited with its
 *   parameters before anything is shown.  The page (a POST form, so that
 *   the ID number stays out of the URL) draws the itinerary as a timeline
 *   and the chain as a graph (f-trace-svg.c), and its contact list is the
 *   form that marks them (f-mark.c).
 *   400 invalid_fields, 404 unknown person, 403 outside_area, 503.
 */
#include <stdio.h>
#include <string.h>

#include "f-status.h"
#include "f-trace.h"
#include "labels.h"
#include "log.h"
#include "vntime.h"

#define TRACE_PAGE 200

static const char *const trace_formats[] = {
	"html", "json", "csv", "itinerary_csv", NULL
};
enum { FORMAT_ITINERARY_CSV = 3 };

const struct kd_field fs_trace_fields[T_COUNT] = {
	[T_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER },
	[T_FROM] = { .name = "from", .type = KD_T_DATE },
	[T_TO] = { .name = "to", .type = KD_T_DATE },
	[T_WINDOW] = { .name = "window", .type = KD_T_INT, .min = 1, .max = TRACE_MAX_WINDOW,
	    .message = "Khoảng thời gian tiếp xúc từ 1 đến 240 phút." },
	[T_DEPTH] = { .name = "depth", .type = KD_T_INT, .min = 1, .max = 2,
	    .message = "Số vòng truy vết là 1 hoặc 2." },
	[T_PAGE] = { .name = "page", .type = KD_T_INT, .min = 1, .max = 100000 },
	[T_FORMAT] = { .name = "format", .type = KD_T_CHOICE, .choices = trace_formats },
};

static const char *const stop_cols[] = {
	"at", "place_id", "place_name", "kind", "direction"
};
static const char *const contact_cols[] = {
	"id_number", "full_name", "phone", "place_id", "place_name", "at", "depth",
	"of", "via_place_id", "via_at"
};

/* What one request asked and found. */
struct answer {
	struct kd_req *r;
	struct trace_params tp;
	struct fs_person person;
	struct trace t;
	long page;
	size_t first, n;           /* the contacts of this page */
	char from[11], to[11];     /* YYYY-MM-DD */
};

static const char *ms_iso(struct kd_req *r, long long ms)
{
	char *out = kd_alloc(&r->arena, 40);

	if (out != NULL)
		kd_ms_iso(ms, out, 40);
	return out;
}

/* --- JSON and CSV -------------------------------------------------------------- */

static void stop_row(struct kd_req *r, struct kd_listw *w, const struct trace_stop *s)
{
	kd_listw_str(w, ms_iso(r, s->at));
	kd_listw_int(w, s->place_id);
	kd_listw_str(w, s->place_name);
	kd_listw_str(w, s->kind);
	kd_listw_str(w, s->direction);
	kd_listw_end_row(w);
}

static void contact_row(struct kd_req *r, struct kd_listw *w, const struct trace_contact *c)
{
	kd_listw_str(w, c->id);
	kd_listw_str(w, c->full_name);
	kd_listw_str(w, c->phone);
	kd_listw_int(w, c->place_id);
	kd_listw_str(w, c->place_name);
	kd_listw_str(w, ms_iso(r, c->at));
	kd_listw_int(w, c->depth);
	kd_listw_str(w, c->of);
	kd_listw_int(w, c->place_id);
	kd_listw_str(w, ms_iso(r, c->via_at));
	kd_listw_end_row(w);
}

/* The sentence that says which bound applied, or NULL. */
static const char *limits_note(struct answer *an)
{
	const struct trace *t = &an->t;

	if (t->truncated)
		return kd_asprintf(&an->r->arena, "Kết quả đã dừng ở giới hạn (%d người"
		    " tiếp xúc, %d lượt qua được xét ở vòng 2): hãy thu hẹp khoảng ngày"
		    " hoặc khoảng thời gian tiếp xúc.", TRACE_MAX_CONTACTS, TRACE_MAX_MEMBERS);
	if (t->crowded > 0)
		return kd_asprintf(&an->r->arena, "Ở vòng 2, %ld lượt qua tại %zu địa điểm"
		    " đông người (hơn %d lượt khác trong ±%d phút) không được mở rộng:"
		    " xem danh sách người đến từng địa điểm trong khoảng thời gian đó.",
		    t->crowded, t->ncrowds, TRACE_CROWD_MAX, an->tp.window);
	return NULL;
}

static void limits_json(struct answer *an, struct kd_json *j)
{
	const struct trace *t = &an->t;
	long long half = an->tp.window * 60000LL;
	size_t i;

	kd_json_key(j, "limits");
	kd_json_obj(j);
	kd_json_kint(j, "crowd_max", TRACE_CROWD_MAX);
	kd_json_kint(j, "max_contacts", TRACE_MAX_CONTACTS);
	kd_json_kbool(j, "truncated", t->truncated);
	kd_json_kint(j, "crowded_passages", t->crowded);
	kd_json_key(j, "crowded");
	kd_json_arr(j);
	for (i = 0; i < t->ncrowds; i++) {
		kd_json_obj(j);
		kd_json_kint(j, "place_id", t->crowds[i].place_id);
		kd_json_kstr(j, "place_name", t->crowds[i].place_name);
		kd_json_kstr(j, "kind", t->crowds[i].kind);
		kd_json_kint(j, "passages", t->crowds[i].passages);
		kd_json_kstr(j, "from", ms_iso(an->r, t->crowds[i].first - half));
		kd_json_kstr(j, "to", ms_iso(an->r, t->crowds[i].last + half));
		kd_json_obj_end(j);
	}
	kd_json_arr_end(j);
	kd_json_kstr(j, "note", limits_note(an));
	kd_json_obj_end(j);
}

static void answer_json(struct answer *an)
{
	struct kd_req *r = an->r;
	struct kd_listw stops, contacts;
	struct kd_json j;
	size_t i;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_kstr(&j, "id_number", an->tp.id_number);
	kd_json_kstr(&j, "full_name", an->person.full_name);
	kd_json_kstr(&j, "from", an->from);
	kd_json_kstr(&j, "to", an->to);
	kd_json_kint(&j, "window", an->tp.window);
	kd_json_kint(&j, "depth", an->tp.depth);
	kd_json_key(&j, "itinerary");
	kd_listw_begin(&stops, &j, stop_cols, KD_NFIELDS(stop_cols));
	for (i = 0; i < an->t.nstops; i++)
		stop_row(r, &stops, &an->t.stops[i]);
	kd_listw_end(&stops);
	kd_json_key(&j, "contacts");
	kd_listw_begin(&contacts, &j, contact_cols, KD_NFIELDS(contact_cols));
	for (i = an->first; i < an->first + an->n; i++)
		contact_row(r, &contacts, &an->t.contacts[i]);
	kd_listw_end(&contacts);
	kd_json_kint(&j, "total", (long long)an->t.ncontacts);
	kd_json_kint(&j, "page", an->page);
	kd_json_key(&j, "counts");
	kd_json_obj(&j);
	kd_json_kint(&j, "depth1", (long long)an->t.by_depth[1]);
	kd_json_kint(&j, "depth2", (long long)an->t.by_depth[2]);
	kd_json_obj_end(&j);
	limits_json(an, &j);
	kd_json_obj_end(&j);
	fs_reply_rows_json(r, 200, &j, kd_listw_failed(&stops) ? &stops : &contacts);
}

/* format=csv: every contact; format=itinerary_csv: the itinerary. */
static void answer_csv(struct answer *an, int itinerary)
{
	struct kd_listw w;
	size_t i;

	if (itinerary) {
		kd_listw_begin(&w, NULL, stop_cols, KD_NFIELDS(stop_cols));
		for (i = 0; i < an->t.nstops; i++)
			stop_row(an->r, &w, &an->t.stops[i]);
	} else {
		kd_listw_begin(&w, NULL, contact_cols, KD_NFIELDS(contact_cols));
		for (i = 0; i < an->t.ncontacts; i++)
			contact_row(an->r, &w, &an->t.contacts[i]);
	}
	fs_reply_csv(an->r, &w);
}

/* --- the page ------------------------------------------------------------------------ */

/* The form's values: what was asked, or the defaults. */
static void form_hdf(HDF *hdf, const struct answer *an)
{
	kd_hdf_set(hdf, "Trace.id_number", an->tp.id_number);
	kd_hdf_set(hdf, "Trace.from", an->from);
	kd_hdf_set(hdf, "Trace.to", an->to);
	kd_hdf_set_int(hdf, "Trace.window", an->tp.window);
	kd_hdf_set_int(hdf, "Trace.depth", an->tp.depth);
}

static void stops_hdf(HDF *hdf, const struct answer *an)
{
	char db[32];
	size_t i;

	for (i = 0; i < an->t.nstops; i++) {
		const struct trace_stop *s = &an->t.stops[i];

		kd_ms_db_time(s->at, db, sizeof(db));
		kd_hdf_item(hdf, "Stops", i, "at", fs_when(an->r, db));
		kd_hdf_item_int(hdf, "Stops", i, "place_id", s->place_id);
		kd_hdf_item(hdf, "Stops", i, "place_name", s->place_name);
		kd_hdf_item(hdf, "Stops", i, "kind", s->kind);
		kd_hdf_item(hdf, "Stops", i, "direction", kd_label(kd_label_directions, s->direction));
	}
	if (an->t.stops_capped)
		kd_hdf_set(hdf, "Trace.stops_capped", "1");
}

static void contacts_hdf(HDF *hdf, const struct answer *an)
{
	char db[32];
	size_t i, k;

	for (i = an->first, k = 0; i < an->first + an->n; i++, k++) {
		const struct trace_contact *c = &an->t.contacts[i];

		kd_hdf_item(hdf, "Contacts", k, "id_number", c->id);
		kd_hdf_item(hdf, "Contacts", k, "full_name", c->full_name);
		kd_hdf_item(hdf, "Contacts", k, "phone", c->phone);
		kd_hdf_item_int(hdf, "Contacts", k, "place_id", c->place_id);
		kd_hdf_item(hdf, "Contacts", k, "place_name", c->place_name);
		kd_ms_db_time(c->at, db, sizeof(db));
		kd_hdf_item(hdf, "Contacts", k, "at", fs_when(an->r, db));
		kd_hdf_item_int(hdf, "Contacts", k, "depth", c->depth);
		kd_hdf_item(hdf, "Contacts", k, "of", c->of);
		kd_ms_db_time(c->via_at, db, sizeof(db));
		kd_hdf_item(hdf, "Contacts", k, "via_at", fs_when(an->r, db));
	}
}

/* The bound that applied, and a link to each crowded place's visitors. */
static void limits_hdf(HDF *hdf, struct answer *an)
{
	long long half = an->tp.window * 60000LL;
	char db[32], iso[40];
	size_t i;

	kd_hdf_set(hdf, "Limits.note", limits_note(an));
	for (i = 0; i < an->t.ncrowds; i++) {
		const struct trace_crowd *c = &an->t.crowds[i];

		kd_hdf_item_int(hdf, "Limits.crowds", i, "place_id", c->place_id);
		kd_hdf_item(hdf, "Limits.crowds", i, "place_name", c->place_name);
		kd_hdf_item_int(hdf, "Limits.crowds", i, "passages", c->passages);
		kd_ms_db_time(c->first - half, db, sizeof(db));
		kd_hdf_item(hdf, "Limits.crowds", i, "from_when", fs_when(an->r, db));
		snprintf(iso, sizeof(iso), "%.10sT%.5s", db, db + 11);
		kd_hdf_item(hdf, "Limits.crowds", i, "from", iso);
		kd_ms_db_time(c->last + half, db, sizeof(db));
		kd_hdf_item(hdf, "Limits.crowds", i, "to_when", fs_when(an->r, db));
		snprintf(iso, sizeof(iso), "%.10sT%.5s", db, db + 11);
		kd_hdf_item(hdf, "Limits.crowds", i, "to", iso);
	}
}

/* The trace page: the form, and with an answer its results.  status,
 * form errors in an->r->vals. */
static void answer_page(struct answer *an, int shown, int status)
{
	HDF *hdf = fs_hdf(an->r, "trace");

	if (hdf == NULL) {
		kd_reply_error(an->r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	form_hdf(hdf, an);
	kd_hdf_form(hdf, "Form", fs_trace_fields, T_COUNT, &an->r->vals);
	if (shown) {
		kd_hdf_set(hdf, "Trace.shown", "1");
		kd_hdf_set(hdf, "Trace.full_name", an->person.full_name);
		kd_hdf_set_int(hdf, "Trace.n1", (long long)an->t.by_depth[1]);
		kd_hdf_set_int(hdf, "Trace.n2", (long long)an->t.by_depth[2]);
		stops_hdf(hdf, an);
		contacts_hdf(hdf, an);
		limits_hdf(hdf, an);
		trace_svg_hdf(hdf, &an->t, &an->tp);
		fs_hdf_pager(hdf, an->page, TRACE_PAGE, (long long)an->t.ncontacts);
	}
	kd_reply_page(an->r, status, "f-trace.cs", hdf);
}

/* --- the request ---------------------------------------------------------------------- */

static void dates_text(struct answer *an)
{
	kd_today(an->tp.from, an->from);
	kd_today(an->tp.to, an->to);
}

/* Bad fields: JSON 400, or the form with its messages. */
static void refuse(struct answer *an)
{
	if (an->r->want_json) {
		kd_reply_error(an->r, KD_E_INVALID_FIELDS, fs_trace_fields, T_COUNT, &an->r->vals);
		return;
	}
	answer_page(an, 0, 400);
}

/* The audit row: whom, and every parameter (no personal data). */
static int audit(struct answer *an, int format)
{
	char detail[200];

	snprintf(detail, sizeof(detail), "from=%s to=%s window=%d depth=%d page=%ld"
	    " contacts=%zu crowded=%ld truncated=%d format=%s", an->from, an->to,
	    an->tp.window, an->tp.depth, an->page, an->t.ncontacts, an->t.crowded,
	    an->t.truncated, trace_formats[format]);
	return fs_audit_citizen(an->r, "trace", an->tp.id_number, detail);
}

void fs_trace(struct kd_req *r)
{
	struct answer an = { .r = r, .page = fs_page(r, T_PAGE) };
	int format = r->vals.v[T_FORMAT] != NULL ? (int)r->vals.n[T_FORMAT] : -1;
	int csv = format == FS_CSV || format == FORMAT_ITINERARY_CSV;

	if (format >= 0 && format <= FS_CSV)
		(void)fs_format(r, T_FORMAT);
	an.tp.id_number = r->vals.v[T_ID_NUMBER];
	an.tp.depth = r->vals.v[T_DEPTH] != NULL ? (int)r->vals.n[T_DEPTH] : 1;
	if (trace_params_read(&r->vals, T_FROM, T_TO, T_WINDOW, &an.tp) != 0 ||
	    (an.tp.id_number == NULL && (r->want_json || csv) &&
	    kd_field_fail(&r->vals, T_ID_NUMBER, kd_msg_required))) {
		dates_text(&an);
		refuse(&an);
		return;
	}
	dates_text(&an);
	if (an.tp.id_number == NULL) {
		answer_page(&an, 0, 200);         /* the empty form */
		return;
	}
	if (fs_person_check(r, an.tp.id_number, "id_number", &an.person) != 0)
		return;
	if (trace_run(&r->arena, &an.tp, &an.t) != 0) {
		kd_log("f-status: trace failed (%u)", kd_db_errno());
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	an.first = (size_t)(an.page - 1) * TRACE_PAGE;
	if (an.first > an.t.ncontacts)
		an.first = an.t.ncontacts;
	an.n = an.t.ncontacts - an.first < TRACE_PAGE ? an.t.ncontacts - an.first : TRACE_PAGE;
	if ((csv ? trace_names(&r->arena, &an.t, 0, an.t.ncontacts) :
	    trace_names(&r->arena, &an.t, an.first, an.n)) != 0 ||
	    (!csv && !r->want_json && trace_svg_names(&r->arena, &an.t) != 0)) {
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		return;
	}
	if (audit(&an, format < 0 ? (r->want_json ? FS_JSON : FS_HTML) : format) != 0)
		return;
	if (csv)
		answer_csv(&an, format == FORMAT_ITINERARY_CSV);
	else if (r->want_json)
		answer_json(&an);
	else
		answer_page(&an, 1, 200);
}
