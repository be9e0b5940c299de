/*
 * rows.h - the rows of a list, read once from a statement and written as
 * the SPEC's lists want them: JSON "items", CSV (format=csv: UTF-8, a
 * header line, the same names) or HDF for a template.
 *
 * A list names its columns once, in the order of its SELECT:
 *
 *   static const struct kd_rows_col cols[] = {
 *       { "payment_id", KD_ROWS_INT }, { "name", KD_ROWS_STR }, ...
 *   };
 *   struct kd_rows rows;
 *   if (kd_rows_read(&r->arena, ST_LIST, p, n, cols, 2, PAGE_SIZE, &rows) != 0)
 *       ... 503 ...
 *   kd_rows_json(&j, "items", &rows);     or kd_rows_csv / kd_rows_hdf
 *
 * A cell may be replaced before it is written (kd_rows_set), e.g. by its
 * masked form on a public page.
 */
#ifndef KD_ROWS_H
#define KD_ROWS_H

#include <stddef.h>
#include <ClearSilver.h>

#include "arena.h"
#include "csv.h"
#include "db.h"
#include "json.h"

/* The longest cell read (bytes, with its NUL); longer values are cut. */
#define KD_ROWS_CELL_MAX 1024

/* How a cell is written in JSON: a string, or a number; either is null
 * when the column is NULL. */
enum kd_rows_kind { KD_ROWS_STR, KD_ROWS_INT };

struct kd_rows_col {
	const char *name;           /* JSON key, CSV header, HDF name */
	enum kd_rows_kind kind;
};

struct kd_rows {
	const struct kd_rows_col *cols;
	size_t ncols;
	char **cell;                /* nrows x ncols, row by row; NULL = NULL */
	size_t nrows;
};

/* Runs statement id with params and reads at most max rows into the
 * arena.  0 ok; -1 database error or out of memory. */
int kd_rows_read(struct kd_arena *a, size_t id, const struct kd_param *params,
    size_t nparams, const struct kd_rows_col *cols, size_t ncols, size_t max,
    struct kd_rows *out);

/* Cell (row, col): NULL for an SQL NULL. */
const char *kd_rows_get(const struct kd_rows *rows, size_t row, size_t col);
void kd_rows_set(struct kd_rows *rows, size_t row, size_t col, char *value);

/* "key": [{col: value, ...}, ...] inside an object the caller opened. */
void kd_rows_json(struct kd_json *j, const char *key, const struct kd_rows *rows);

/* The header line and every row. */
void kd_rows_csv(struct kd_csv_out *o, const struct kd_rows *rows);

/* Answers the rows as a CSV file (200, text/csv), or 500 when memory ran
 * out. */
struct kd_req;
void kd_rows_reply_csv(struct kd_req *r, const struct kd_rows *rows);

/* prefix.<row>.<col name> = value, for each cell that is not NULL. */
void kd_rows_hdf(HDF *hdf, const char *prefix, const struct kd_rows *rows);

#endif
