/*
 * listw.h - a list written once as JSON objects or as CSV lines.
 *
 * For lists computed in C record by record (a trace's contacts, a
 * worklist): the same sequence of calls gives the JSON array of "items",
 * "contacts", "visitors" or the CSV (UTF-8, a header line of the column
 * names, lib/csv.h's quoting and formula guard), so a route's CSV holds
 * exactly the rows and values of its JSON.  (Lists read straight from one
 * statement use lib/rows.h instead.)
 *
 *   struct kd_listw w;
 *   kd_listw_begin(&w, &json_or_null, cols, ncols);   JSON: "[" in j; CSV: header
 *   for each record: kd_listw_str(&w, v) / kd_listw_int(&w, n) per column,
 *                    in the order of cols, then kd_listw_end_row(&w);
 *   kd_listw_end(&w);                                 JSON: "]"
 *   CSV: kd_listw_csv(&w) is the text; kd_listw_free(&w).
 */
#ifndef KD_LISTW_H
#define KD_LISTW_H

#include <stddef.h>

#include "csv.h"
#include "json.h"
#include "req.h"

struct kd_listw {
	struct kd_json *j;          /* JSON target; NULL = CSV */
	const char *const *cols;
	size_t ncols, col;
	struct kd_csv_out csv;
	int failed;
};

/* j: the JSON writer to append the array to (after its key), or NULL
 * for CSV. */
void kd_listw_begin(struct kd_listw *w, struct kd_json *j,
    const char *const *cols, size_t ncols);
void kd_listw_str(struct kd_listw *w, const char *s);
void kd_listw_int(struct kd_listw *w, long long n);
void kd_listw_bool(struct kd_listw *w, int b);     /* JSON true/false, CSV 1/0 */
void kd_listw_end_row(struct kd_listw *w);
void kd_listw_end(struct kd_listw *w);

/* 1 when a record had more or fewer values than columns, or memory ran
 * out: the caller answers 500 instead. */
int kd_listw_failed(const struct kd_listw *w);

/* The CSV of w as the answer (200, text/csv, UTF-8); 500 when the writer
 * failed.  w is freed. */
void kd_listw_reply_csv(struct kd_req *r, struct kd_listw *w);

/* A list route's format field: its choices, and what the request wants —
 * the field (index f) when given (format=json also makes errors JSON),
 * else the Accept header. */
extern const char *const kd_formats[];
enum kd_format { KD_FORMAT_HTML, KD_FORMAT_JSON, KD_FORMAT_CSV };
enum kd_format kd_format_of(struct kd_req *r, size_t f);

/* The CSV text (NUL-terminated), or NULL when memory ran out. */
const char *kd_listw_csv(const struct kd_listw *w);
size_t kd_listw_csv_len(const struct kd_listw *w);
void kd_listw_free(struct kd_listw *w);

#endif
