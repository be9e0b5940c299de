/*
 * kd-vaccination-import - loads vaccination doses from a CSV file
 * (`make import-vaccinations CSV=FILE`; docs/REPORT.md "Vaccinations").
 *
 *   kd-vaccination-import FILE.csv
 *
 * The file: UTF-8 (a BOM is skipped), LF or CRLF line ends, one record per
 * line (RFC 4180 quoting within a line), header exactly
 * "id_number,dose,date,vaccine" or "id_number,dose,date,vaccine,place".
 * Each row goes through the same typed fields as the forms (lib/field.h,
 * kd_fields_row): an ID number (CCCD or CMND), a dose 1-4, a date
 * (YYYY-MM-DD or DD/MM/YYYY) neither before 2021 nor in the future, the
 * vaccine's name, and where it was given (optional).  A bad row is
 * reported on stderr as "line N: FIELD: message" (N = the file's line,
 * the header is line 1; the row's values are never printed) and skipped.
 * Good rows are sorted by citizen and dose a million at a time and sent
 * a thousand per bulk execution (lib/bulk.h), committed every 50,000; a
 * dose already loaded gets the file's date, vaccine and place, so
 * importing the same file twice leaves the same tables.  The triggers of
 * schema/009 keep each citizen's count (vaccination_people); at the end
 * the coverage per commune is recounted (lib/coverage.h).
 *
 * stdout gets one line: "imported N rows, rejected M rows".  Exit 0 all
 * rows loaded, 1 some rows rejected (the good ones are loaded), 2 fatal:
 * usage, unreadable file, wrong header, database error (what was
 * committed stays and is reported).  Configuration from KD_CONF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "bulk.h"
#include "conf.h"
#include "coverage.h"
#include "csv.h"
#include "db.h"
#include "field.h"
#include "json.h"
#include "log.h"

#define PROG "kd-vaccination-import"
#define HEADER "id_number,dose,date,vaccine"
#define HEADER_PLACE HEADER ",place"
#define LINE_MAX_BYTES 4096
#define SORT_ROWS 1000000        /* rows sorted together */
#define BATCH_ROWS 1000          /* rows per bulk execution */
#define COMMIT_ROWS 50000        /* rows per transaction */
#define PROGRESS_ROWS 1000000
#define FIRST_DAY "2021-01-01"   /* no dose was given in Vietnam before */

#define INSERT_SQL "INSERT INTO vaccinations (id_number, dose, given_on, vaccine, place)" \
	" VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE given_on = VALUES(given_on)," \
	" vaccine = VALUES(vaccine), place = VALUES(place)"

static const char *date_in_campaign(const struct kd_values *vals, size_t i,
    const struct kd_field *f)
{
	(void)f;
	if (strcmp(vals->v[i], FIRST_DAY) < 0)
		return "Ngày tiêm không thể trước năm 2021.";
	return vals->t[i] > time(NULL) ? "Ngày tiêm không thể ở tương lai." : NULL;
}

enum { F_ID_NUMBER, F_DOSE, F_DATE, F_VACCINE, F_PLACE, F_COUNT };
static const struct kd_field fields[F_COUNT] = {
	[F_ID_NUMBER] = { .name = "id_number", .type = KD_T_ID_NUMBER, .flags = KD_REQUIRED },
	[F_DOSE] = { .name = "dose", .type = KD_T_INT, .flags = KD_REQUIRED, .min = 1, .max = 4,
	    .message = "Mũi tiêm là số từ 1 đến 4." },
	[F_DATE] = { .name = "date", .type = KD_T_DATE, .flags = KD_REQUIRED,
	    .check = date_in_campaign },
	[F_VACCINE] = { .name = "vaccine", .type = KD_T_TEXT, .flags = KD_REQUIRED, .max = 40 },
	[F_PLACE] = { .name = "place", .type = KD_T_TEXT, .max = 200 },
};

/* The good rows of the current window: each row's five values one after
 * another (each with its NUL) in text, the row's start in start[]. */
struct window {
	char *text;
	size_t used, room;
	size_t *start;
	size_t n;
};

struct run {
	FILE *fp;
	int ncols;                       /* 4, or 5 with place */
	struct window w;
	MYSQL *db;
	struct kd_bulk *bulk;
	size_t in_tx;
	unsigned long long imported, rejected, committed, next_progress;
};

/* ------------------------------------------------------------ reading */

/* The header: 0 and the number of columns, or -1. */
static int read_header(struct run *run)
{
	char line[256];
	const char *h = line;

	if (kd_csv_read_line(run->fp, line, sizeof(line)) != 1)
		return -1;
	if (strncmp(h, "\xef\xbb\xbf", 3) == 0)
		h += 3;
	run->ncols = strcmp(h, HEADER) == 0 ? 4 : strcmp(h, HEADER_PLACE) == 0 ? 5 : 0;
	return run->ncols > 0 ? 0 : -1;
}

/* s with its NUL at the end of the window's text. */
static int window_put(struct window *w, const char *s)
{
	return kd_text_append(&w->text, &w->used, &w->room, s, strlen(s) + 1);
}

/* Keeps a checked row: its values as the fields normalised them. */
static int window_add(struct window *w, const struct kd_values *v)
{
	char dose[4];
	size_t start = w->used;

	snprintf(dose, sizeof(dose), "%lld", v->n[F_DOSE]);
	if (window_put(w, v->v[F_ID_NUMBER]) != 0 || window_put(w, dose) != 0 ||
	    window_put(w, v->v[F_DATE]) != 0 || window_put(w, v->v[F_VACCINE]) != 0 ||
	    window_put(w, v->v[F_PLACE] ? v->v[F_PLACE] : "") != 0)
		return -1;
	w->start[w->n++] = start;
	return 0;
}

static void report_bad(unsigned long long line, const struct kd_values *v)
{
	size_t f;

	for (f = 0; f < F_COUNT; f++)
		if (v->error[f] != NULL)
			fprintf(stderr, "line %llu: %s: %s\n", line, fields[f].name, v->error[f]);
}

/* Checks one line: 1 good (vals filled), 0 bad (reported). */
static int check_line(struct run *run, struct kd_arena *a, char *line,
    unsigned long long lineno, struct kd_values *vals)
{
	char *cells[F_COUNT + 1];
	int n = kd_csv_split(line, cells, F_COUNT + 1);

	if (n != run->ncols) {
		fprintf(stderr, "line %llu: record: %s\n", lineno, n < 0 ?
		    "dấu ngoặc kép không đúng chỗ" : run->ncols == 4 ?
		    "cần đúng 4 cột: " HEADER : "cần đúng 5 cột: " HEADER_PLACE);
		return 0;
	}
	if (kd_fields_row(a, cells, (size_t)n, fields, F_COUNT, vals) != 0) {
		report_bad(lineno, vals);
		return 0;
	}
	return 1;
}

/* ------------------------------------------------------------ loading */

static const struct window *sort_window;

/* By citizen, then dose; the same dose twice keeps file order, so the
 * file's last line for it is the one that stays. */
static int row_order(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const char *rx = sort_window->text + x, *ry = sort_window->text + y;
	int c = strcmp(rx, ry);

	if (c == 0)
		c = strcmp(rx + strlen(rx) + 1, ry + strlen(ry) + 1);
	return c != 0 ? c : (x < y ? -1 : x > y);
}

static int commit(struct run *run)
{
	if (mysql_commit(run->db) != 0) {
		fprintf(stderr, PROG ": commit failed: database error %u\n", mysql_errno(run->db));
		return -1;
	}
	run->committed += run->in_tx;
	run->in_tx = 0;
	while (run->committed >= run->next_progress) {
		fprintf(stderr, "\xe2\x80\xa6 %llu rows\n", run->next_progress);
		run->next_progress += PROGRESS_ROWS;
	}
	return 0;
}

/* Sorts the window and sends it, committing every COMMIT_ROWS. */
static int window_flush(struct run *run)
{
	struct window *w = &run->w;
	size_t i, k;

	sort_window = w;
	qsort(w->start, w->n, sizeof(*w->start), row_order);
	for (i = 0; i < w->n; i++) {
		const char *cell[F_COUNT], *p = w->text + w->start[i];

		for (k = 0; k < F_COUNT; k++, p += strlen(p) + 1)
			cell[k] = p;
		if (cell[F_PLACE][0] == '\0')
			cell[F_PLACE] = NULL;
		if (kd_bulk_add(run->bulk, cell) != 0)
			goto failed;
		if (++run->in_tx >= COMMIT_ROWS &&
		    (kd_bulk_flush(run->bulk) != 0 || commit(run) != 0))
			goto failed;
	}
	w->n = w->used = 0;
	if (kd_bulk_flush(run->bulk) != 0)
		goto failed;
	return run->in_tx > 0 ? commit(run) : 0;
failed:
	if (kd_bulk_errno(run->bulk) != 0)
		fprintf(stderr, PROG ": insert failed: database error %u\n",
		    kd_bulk_errno(run->bulk));
	return -1;
}

/* A good row into the window; a full window is sent.  0 ok, -1 fatal. */
static int keep_row(struct run *run, const struct kd_values *vals)
{
	if (window_add(&run->w, vals) != 0) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	run->imported++;
	return run->w.n == SORT_ROWS ? window_flush(run) : 0;
}

/* Reads, checks and loads every row.  0 done, -1 fatal. */
static int import_rows(struct run *run)
{
	static char line[LINE_MAX_BYTES];
	struct kd_arena a = { NULL };
	struct kd_values vals;
	unsigned long long lineno = 1;
	int rc = 0, got;

	while (rc == 0 && (got = kd_csv_read_line(run->fp, line, sizeof(line))) != 0) {
		lineno++;
		if (got < 0) {
			fprintf(stderr, "line %llu: record: dòng dài quá %d byte\n", lineno,
			    LINE_MAX_BYTES);
			run->rejected++;
			continue;
		}
		if (line[0] == '\0')
			continue;
		if (check_line(run, &a, line, lineno, &vals))
			rc = keep_row(run, &vals);
		else
			run->rejected++;
		kd_arena_reset(&a);
	}
	if (rc == 0 && ferror(run->fp)) {
		fprintf(stderr, PROG ": read error at line %llu\n", lineno);
		rc = -1;
	}
	return rc == 0 ? window_flush(run) : -1;
}

/* -------------------------------------------------------------- main */

static int open_run(struct run *run, const char *path)
{
	run->fp = fopen(path, "r");
	if (run->fp == NULL) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (read_header(run) != 0) {
		fprintf(stderr, PROG ": line 1: header must be \"" HEADER "\" or \""
		    HEADER_PLACE "\"\n");
		return -1;
	}
	run->w.start = malloc(SORT_ROWS * sizeof(*run->w.start));
	run->next_progress = PROGRESS_ROWS;
	kd_db_set_timeout(KD_COVERAGE_TIMEOUT_S);
	if (run->w.start == NULL || kd_conf_load(kd_conf_default_path()) != 0 ||
	    (run->db = kd_db_connect()) == NULL || mysql_autocommit(run->db, 0) != 0 ||
	    (run->bulk = kd_bulk_open(run->db, INSERT_SQL, F_COUNT, BATCH_ROWS)) == NULL) {
		fprintf(stderr, PROG ": cannot open the database\n");
		return -1;
	}
	return 0;
}

/* The coverage per commune, counted again with the new doses. */
static int recount(struct run *run, int rc)
{
	time_t t0 = time(NULL);

	if (kd_coverage_refresh(run->db) != 0) {
		fprintf(stderr, PROG ": coverage not recounted: run report --coverage\n");
		return 2;
	}
	fprintf(stderr, "\xe2\x80\xa6 coverage per commune recounted in %lld s\n",
	    (long long)(time(NULL) - t0));
	return rc;
}

int main(int argc, char **argv)
{
	static struct run run;
	const char *path = argc == 2 ? argv[1] : NULL;
	int rc = 2;

	kd_log_init(PROG);
	if (path == NULL || path[0] == '-') {
		fprintf(stderr, "usage: " PROG " FILE.csv\n");
		return 2;
	}
	if (open_run(&run, path) == 0) {
		if (import_rows(&run) != 0) {
			mysql_rollback(run.db);
			fprintf(stderr, PROG ": stopped: %llu rows committed, the rest of the "
			    "file not loaded\n", run.committed);
			run.imported = run.committed;
		} else {
			rc = run.rejected > 0 ? 1 : 0;
		}
		printf("imported %llu rows, rejected %llu rows\n", run.imported, run.rejected);
		if (rc != 2)
			rc = recount(&run, rc);
	}
	kd_bulk_close(run.bulk);
	if (run.db != NULL)
		mysql_close(run.db);
	mysql_library_end();
	free(run.w.text);
	free(run.w.start);
	if (run.fp != NULL)
		(void)fclose(run.fp);       /* read-only: nothing to lose */
	return rc;
}
