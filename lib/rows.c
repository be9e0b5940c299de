/*
 * rows.c - a list as JSON objects or CSV lines (see rows.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"

static void put(struct kd_rows *w, const char *s, size_t n)
{
	if (!w->failed && kd_text_append(&w->buf, &w->len, &w->cap, s, n) != 0)
		w->failed = 1;
}

/* One CSV cell, quoted when it holds a comma, a quote or a line break;
 * text (guard) that a spreadsheet would run as a formula gets a leading
 * apostrophe. */
static void cell(struct kd_rows *w, const char *s, int guard)
{
	const char *p;

	if (w->col > 0)
		put(w, ",", 1);
	w->col++;
	if (s == NULL)
		return;
	if (guard && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		put(w, "'", 1);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		put(w, s, strlen(s));
		return;
	}
	put(w, "\"", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			put(w, "\"", 1);      /* a quote inside is doubled */
		put(w, p, 1);
	}
	put(w, "\"", 1);
}

void kd_rows_begin(struct kd_rows *w, struct kd_json *j,
    const char *const *cols, size_t ncols)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	w->j = j;
	w->cols = cols;
	w->ncols = ncols;
	if (j != NULL) {
		kd_json_arr(j);
		return;
	}
	for (i = 0; i < ncols; i++)
		cell(w, cols[i], 1);
	put(w, "\r\n", 2);
	w->col = 0;
}

/* The next column's key (JSON) or separator (CSV). */
static int next_col(struct kd_rows *w)
{
	if (w->col >= w->ncols) {
		w->failed = 1;      /* more values than columns: a bug */
		return -1;
	}
	if (w->j != NULL) {
		if (w->col == 0)
			kd_json_obj(w->j);
		kd_json_key(w->j, w->cols[w->col++]);
	}
	return 0;
}

void kd_rows_str(struct kd_rows *w, const char *s)
{
	if (next_col(w) != 0)
		return;
	if (w->j != NULL)
		kd_json_str(w->j, s);
	else
		cell(w, s, 1);
}

void kd_rows_int(struct kd_rows *w, long long n)
{
	char num[24];

	if (next_col(w) != 0)
		return;
	if (w->j != NULL) {
		kd_json_int(w->j, n);
		return;
	}
	snprintf(num, sizeof(num), "%lld", n);
	cell(w, num, 0);
}

void kd_rows_end_row(struct kd_rows *w)
{
	if (w->col != w->ncols)
		w->failed = 1;
	if (w->j != NULL)
		kd_json_obj_end(w->j);
	else
		put(w, "\r\n", 2);
	w->col = 0;
}

void kd_rows_end(struct kd_rows *w)
{
	if (w->j != NULL)
		kd_json_arr_end(w->j);
}

int kd_rows_failed(const struct kd_rows *w)
{
	return w->failed || (w->j != NULL && w->j->failed);
}

const char *kd_rows_csv(const struct kd_rows *w)
{
	return w->failed || w->buf == NULL ? NULL : w->buf;
}

size_t kd_rows_csv_len(const struct kd_rows *w)
{
	return w->failed ? 0 : w->len;
}

void kd_rows_free(struct kd_rows *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}
