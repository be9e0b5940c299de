/*
 * rows.h - one list, two shapes: a list of records written once, through
 * one sequence of calls, comes out either as a JSON array of objects (for
 * "items", "contacts", "visitors") or as CSV (UTF-8, a header line of the
 * column names, RFC 4180 quoting), so that a route's CSV holds exactly
 * the rows and values of its JSON.
 *
 *   struct kd_rows w;
 *   kd_rows_begin(&w, &json_or_null, cols, ncols);   JSON: "[" in j; CSV: header
 *   for each record: kd_rows_str(&w, v) / kd_rows_int(&w, n) per column,
 *                    in the order of cols, then kd_rows_end_row(&w);
 *   kd_rows_end(&w);                                 JSON: "]"
 *   CSV: kd_rows_csv(&w) is the text; kd_rows_free(&w).
 *
 * In CSV a NULL string is an empty cell; a text cell that a spreadsheet
 * would take for a formula (first character = + - @, tab or carriage
 * return) gets a leading apostrophe, as OWASP advises: our values are
 * names, codes and times, so only a place name typed that way changes
 * (numbers are written as they are).
 */
#ifndef KD_ROWS_H
#define KD_ROWS_H

#include <stddef.h>

#include "json.h"

struct kd_rows {
	struct kd_json *j;          /* JSON target; NULL = CSV */
	const char *const *cols;
	size_t ncols, col;
	char *buf;                  /* CSV text */
	size_t len, cap;
	int failed;
};

/* j: the JSON writer to append the array to (after its key), or NULL
 * for CSV. */
void kd_rows_begin(struct kd_rows *w, struct kd_json *j,
    const char *const *cols, size_t ncols);
void kd_rows_str(struct kd_rows *w, const char *s);
void kd_rows_int(struct kd_rows *w, long long n);
void kd_rows_end_row(struct kd_rows *w);
void kd_rows_end(struct kd_rows *w);

/* 1 when a record had more or fewer values than columns, or memory ran
 * out: the caller answers 500 instead. */
int kd_rows_failed(const struct kd_rows *w);

/* The CSV text (NUL-terminated), or NULL when memory ran out. */
const char *kd_rows_csv(const struct kd_rows *w);
size_t kd_rows_csv_len(const struct kd_rows *w);
void kd_rows_free(struct kd_rows *w);

#endif
