/*
 * listw.c - a list as JSON objects or CSV lines (see listw.h).
 */
#include <stdio.h>
#include <string.h>

#include "listw.h"
#include "log.h"
#include "resp.h"

const char *const kd_formats[] = { "html", "json", "csv", NULL };

enum kd_format kd_format_of(struct kd_req *r, size_t f)
{
	if (r->vals.v[f] == NULL)
		return r->want_json ? KD_FORMAT_JSON : KD_FORMAT_HTML;
	if (r->vals.n[f] == KD_FORMAT_JSON)
		r->want_json = 1;
	return (enum kd_format)r->vals.n[f];
}

void kd_listw_reply_csv(struct kd_req *r, struct kd_listw *w)
{
	const char *text = kd_listw_csv(w);

	if (text == NULL || kd_listw_failed(w)) {
		kd_log("listw: CSV writer failed");
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
	} else {
		kd_reply_bytes(r, 200, "text/csv; charset=utf-8", NULL, text,
		    kd_listw_csv_len(w));
	}
	kd_listw_free(w);
}

void kd_listw_begin(struct kd_listw *w, struct kd_json *j,
    const char *const *cols, size_t ncols)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	kd_csv_out_init(&w->csv);
	w->j = j;
	w->cols = cols;
	w->ncols = ncols;
	if (j != NULL) {
		kd_json_arr(j);
		return;
	}
	for (i = 0; i < ncols; i++)
		kd_csv_cell(&w->csv, cols[i], 1);
	kd_csv_end_row(&w->csv);
}

/* The next column's key (JSON); -1 past the last column (a bug). */
static int next_col(struct kd_listw *w)
{
	if (w->col >= w->ncols) {
		w->failed = 1;
		return -1;
	}
	if (w->j != NULL) {
		if (w->col == 0)
			kd_json_obj(w->j);
		kd_json_key(w->j, w->cols[w->col]);
	}
	w->col++;
	return 0;
}

void kd_listw_str(struct kd_listw *w, const char *s)
{
	if (next_col(w) != 0)
		return;
	if (w->j != NULL)
		kd_json_str(w->j, s);
	else
		kd_csv_cell(&w->csv, s, 1);
}

void kd_listw_int(struct kd_listw *w, long long n)
{
	char num[24];

	if (next_col(w) != 0)
		return;
	if (w->j != NULL) {
		kd_json_int(w->j, n);
		return;
	}
	snprintf(num, sizeof(num), "%lld", n);
	kd_csv_cell(&w->csv, num, 0);
}

void kd_listw_bool(struct kd_listw *w, int b)
{
	if (next_col(w) != 0)
		return;
	if (w->j != NULL)
		kd_json_bool(w->j, b);
	else
		kd_csv_cell(&w->csv, b ? "1" : "0", 0);
}

void kd_listw_end_row(struct kd_listw *w)
{
	if (w->col != w->ncols)
		w->failed = 1;
	if (w->j != NULL)
		kd_json_obj_end(w->j);
	else
		kd_csv_end_row(&w->csv);
	w->col = 0;
}

void kd_listw_end(struct kd_listw *w)
{
	if (w->j != NULL)
		kd_json_arr_end(w->j);
}

int kd_listw_failed(const struct kd_listw *w)
{
	return w->failed || w->csv.failed || (w->j != NULL && w->j->failed);
}

const char *kd_listw_csv(const struct kd_listw *w)
{
	return kd_listw_failed(w) || w->csv.buf == NULL ? NULL : w->csv.buf;
}

size_t kd_listw_csv_len(const struct kd_listw *w)
{
	return kd_listw_failed(w) ? 0 : w->csv.len;
}

void kd_listw_free(struct kd_listw *w)
{
	kd_csv_out_free(&w->csv);
}
