/*
 * rows.c - a list's rows, read once, written as JSON, CSV or HDF (see
 * rows.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"
#include "rows.h"

#define ROWS_MAX_COLS 24

int kd_rows_read(struct kd_arena *a, size_t id, const struct kd_param *params,
    size_t nparams, const struct kd_rows_col *cols, size_t ncols, size_t max,
    struct kd_rows *out)
{
	static _Thread_local char buf[ROWS_MAX_COLS][KD_ROWS_CELL_MAX];
	struct kd_col c[ROWS_MAX_COLS];
	size_t cap = 0, i;
	char **grown, **cell;
	int rc = 0, failed = 0;

	memset(out, 0, sizeof(*out));
	out->cols = cols;
	out->ncols = ncols;
	if (ncols > ROWS_MAX_COLS || kd_db_exec(id, params, nparams) < 0)
		return -1;
	for (i = 0; i < ncols; i++)
		c[i] = KD_COL(buf[i]);
	while (!failed && out->nrows < max && (rc = kd_db_fetch(id, c, ncols)) == 1) {
		if (out->nrows == cap) {
			/* The arena does not grow in place: double, copy. */
			cap = cap ? cap * 2 : 64;
			grown = kd_alloc(a, cap * ncols * sizeof(*grown));
			if (grown == NULL) {
				failed = 1;
				break;
			}
			if (out->nrows > 0)
				memcpy(grown, out->cell, out->nrows * ncols * sizeof(*grown));
			out->cell = grown;
		}
		cell = &out->cell[out->nrows++ * ncols];
		for (i = 0; i < ncols; i++) {
			cell[i] = c[i].is_null ? NULL : kd_strdup(a, buf[i]);
			failed |= !c[i].is_null && cell[i] == NULL;
		}
	}
	kd_db_done(id);
	return rc < 0 || failed ? -1 : 0;
}

const char *kd_rows_get(const struct kd_rows *rows, size_t row, size_t col)
{
	return rows->cell[row * rows->ncols + col];
}

void kd_rows_set(struct kd_rows *rows, size_t row, size_t col, char *value)
{
	rows->cell[row * rows->ncols + col] = value;
}

void kd_rows_json(struct kd_json *j, const char *key, const struct kd_rows *rows)
{
	size_t r, c;
	const char *v;

	kd_json_key(j, key);
	kd_json_arr(j);
	for (r = 0; r < rows->nrows; r++) {
		kd_json_obj(j);
		for (c = 0; c < rows->ncols; c++) {
			v = kd_rows_get(rows, r, c);
			if (v != NULL && rows->cols[c].kind == KD_ROWS_INT)
				kd_json_kint(j, rows->cols[c].name, strtoll(v, NULL, 10));
			else
				kd_json_kstr(j, rows->cols[c].name, v);
		}
		kd_json_obj_end(j);
	}
	kd_json_arr_end(j);
}

void kd_rows_csv(struct kd_csv_out *o, const struct kd_rows *rows)
{
	const char *line[ROWS_MAX_COLS];
	size_t r, c, n = rows->ncols < ROWS_MAX_COLS ? rows->ncols : ROWS_MAX_COLS;

	for (c = 0; c < n; c++)
		line[c] = rows->cols[c].name;
	kd_csv_row(o, line, n);
	for (r = 0; r < rows->nrows; r++) {
		for (c = 0; c < n; c++)
			line[c] = kd_rows_get(rows, r, c);
		kd_csv_row(o, line, n);
	}
}

void kd_rows_hdf(HDF *hdf, const char *prefix, const struct kd_rows *rows)
{
	char name[128];
	size_t r, c;

	for (r = 0; r < rows->nrows; r++) {
		for (c = 0; c < rows->ncols; c++) {
			if (kd_rows_get(rows, r, c) == NULL)
				continue;
			snprintf(name, sizeof(name), "%s.%zu.%s", prefix, r, rows->cols[c].name);
			kd_hdf_set(hdf, name, kd_rows_get(rows, r, c));
		}
	}
}

void kd_rows_reply_csv(struct kd_req *r, const struct kd_rows *rows)
{
	struct kd_csv_out o;

	kd_csv_out_init(&o);
	kd_rows_csv(&o, rows);
	if (o.failed)
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
	else
		kd_reply_bytes(r, 200, "text/csv; charset=utf-8", NULL, o.buf, o.len);
	kd_csv_out_free(&o);
}
