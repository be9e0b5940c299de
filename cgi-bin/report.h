/*
 * report.h - what the files of the report program share.
 *
 *   report.c              the routes, main() (the FastCGI program, or the
 *                         daily job with --daily), GET /report
 *   report-read.c         the figures of a unit over days, read from the
 *                         summary tables (GET /report)
 *   report-svg.c          the page's bars and line, as numbers for the
 *                         template (templates/report.cs draws the SVG)
 *   report-checkpoints.c  GET /report/checkpoints
 *   report-daily.c        report --daily [DATE]: one day into the summary
 *                         tables, in one transaction
 *   report-hours.c        the daily job's checkpoint hours: scans paired
 *                         with their confirmations, medians
 *   report-retention.c    the daily job's deletion of what is older than
 *                         retention_days
 *
 * One statement table: each file lists its statements in its part of enum
 * rp_stmt and fills them in its rp_<file>_sql(), which main() calls before
 * anything else.  The schema: schema/009_report.sql; the choices:
 * docs/REPORT.md.
 */
#ifndef KD_REPORT_H
#define KD_REPORT_H

#include <stddef.h>

#include "db.h"
#include "listw.h"
#include "req.h"
#include "resp.h"
#include "units.h"

enum rp_stmt {
	/* report-read.c */
	ST_DAYS_DONE, ST_UNIT_DAYS, ST_CHILD_DAYS, ST_PLACE_DAYS,
	/* report-checkpoints.c */
	ST_CP_PLACE, ST_CP_COUNT, ST_CP_PLACES,
	/* The pages (FastCGI) prepare the statements above only: the daily
	 * job's, below, delete audit rows, which only the retention account
	 * may (report --daily connects as it; docs/SECURITY.md). */
	ST_PAGES_COUNT,
	/* report-daily.c */
	ST_FORGET_UNITS = ST_PAGES_COUNT, ST_FORGET_PLACES, ST_FORGET_HOURS, ST_FORGET_DAY,
	ST_PLACES_ALL, ST_DAY_PASSAGES, ST_F_COUNTS, ST_WELFARE_REGISTERED,
	ST_WELFARE_PAID, ST_RESIDENTS, ST_VACCINATED, ST_DAY_DONE,
	/* report-hours.c */
	ST_DAY_SCANS, ST_DAY_PAPER,
	/* report-retention.c */
	ST_READ_COMMITTED, ST_RETAIN_PASSAGES, ST_RETAIN_VISITS,
	ST_RETAIN_DECLARATIONS, ST_RETAIN_LOOKUPS,
	ST_COUNT
};

void rp_read_sql(const char **sql);
void rp_checkpoints_sql(const char **sql);
void rp_daily_sql(const char **sql);
void rp_hours_sql(const char **sql);
void rp_retention_sql(const char **sql);

/* --- the figures of a unit --------------------------------------------------- */

/* Every figure the summary tables keep for a unit and a day, in the
 * order of report_units' columns (RP_FIGURE_COLUMNS). */
enum rp_figure {
	RF_IN, RF_OUT, RF_VISIT,
	RF_F0, RF_F1, RF_F2, RF_F3, RF_RECOVERED, RF_DECEASED,
	RF_W_REGISTERED, RF_W_PAID, RF_W_AMOUNT,
	RF_RESIDENTS, RF_DOSE1, RF_DOSE2,
	RF_COUNT
};
#define RP_FIGURE_COLUMNS "n_in, n_out, n_visit, f0, f1, f2, f3, recovered," \
	" deceased, welfare_registered, welfare_paid, welfare_amount, residents," \
	" dose1, dose2"

/* How a figure is named and summed.  Passages are the day's: a range
 * adds them up.  The others are the stock at the end of a day: a range
 * takes them from its last computed day. */
struct rp_figure_def {
	const char *group;       /* the JSON object it is in (SPEC /report) */
	const char *key;         /* its name there */
	const char *csv;         /* its name in flat lists (CSV, children) */
	int stock;
};
extern const struct rp_figure_def rp_figures[RF_COUNT];

struct rp_figures {
	long long v[RF_COUNT];
};

/* --- the daily job (report-daily.c, report-hours.c, report-retention.c) ---- */

/* report --daily [DATE] or report --coverage, with the program's
 * statements: 0 done, 1 failed, 2 usage (told on stderr). */
int rp_daily_main(int argc, char **argv, const char *const *sql);

/* A place the daily job counts, with its day's figures. */
struct rp_place {
	long long id;
	char commune[6];
	long long in, out, visit, scans, paper;
	long long slowest_ms;        /* -1: no scan confirmed */
};

/* A passage of the day, kept for pairing with its scan. */
struct rp_passage {
	size_t place;                /* index into the places */
	unsigned long long decl;
	long long ms;                /* since the epoch */
};

struct rp_day {
	char day[11];                /* YYYY-MM-DD */
	char from[24], to[24];       /* its first instant and the next day's */
	long long from_ms;
	struct rp_place *places;
	size_t nplaces;
	struct rp_passage *passages;
	size_t npassages;
	long long scans, paired;     /* for the progress lines */
	long long started_ms;
};

/* Ends a bulk insert opened with rc = 0 for success (b NULL: the open
 * failed): what waits is sent when rc is 0, b is closed, a failure
 * logged as what.  0 written, -1 not. */
struct kd_bulk;
int rp_bulk_end(struct kd_bulk *b, int rc, const char *what);

/* The index of place id, or -1 when the places table has no such id. */
long rp_place_find(const struct rp_day *d, long long id);

/* Milliseconds of the monotonic clock, for the progress lines. */
long long rp_clock_ms(void);

/* One step done: "  what ......... 1.23 s" (the time since *since_ms)
 * on stdout; *since_ms becomes now, the next step's start. */
void rp_step(long long *since_ms, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The day's hours: scans, passages, paper entries, medians, written to
 * report_hours through db; each place's scans, paper and slowest hour
 * filled in.  0 ok, -1 database error. */
int rp_hours_compute(struct rp_day *d, MYSQL *db);

/* The first day retention keeps (YYYY-MM-DD) into day, and
 * retention_days; -1 when that is not a number of days (told). */
long rp_retention_cutoff(char day[11]);

/* Deletes what is older than retention_days, in batches; prints what it
 * removed.  0 ok, -1 database error or no retention_days. */
int rp_retention_run(void);

/* --- GET /report: a unit's figures over days (report-read.c) ---------------- */

#define RP_MAX_DAYS 366          /* the longest range a page sums */
#define RP_LINE_DAYS 14          /* the line of a single day: the days before */

struct rp_child {
	const struct kd_unit *u;
	struct rp_figures f;
};

struct rp_place_sum {
	long long id;
	const char *name, *kind;
	long long in, out, visit;
};

/* What GET /report shows: the unit, the range, its figures (passages
 * summed over the range, the rest as of its last computed day), its
 * children's, its places' (a unit without children), and the passages of
 * each day of the line (the range, or the RP_LINE_DAYS up to a single
 * date). */
struct rp_view {
	const char *unit;            /* "" = the country */
	const struct kd_unit *u;     /* NULL for the country */
	char date[11], to[11];
	char as_of[11];              /* the last computed day of the range; "" none */
	long first, last;            /* date and to, as days since 1970-01-01 */
	int computed;                /* computed days in the range */
	struct rp_figures total;
	struct rp_child *children;
	size_t nchildren;
	struct rp_place_sum *places;
	size_t nplaces;
	long line_first;             /* the line's first day */
	size_t nline;
	struct rp_figures *line;     /* per day of the line (passages only) */
	unsigned char *line_done;    /* per day: computed */
};

/* Reads v's figures (v->unit, dates set).  0 ok; -1 database error. */
int rp_view_read(struct kd_req *r, struct rp_view *v);

/* "YYYY-MM-DD" of a day counted since 1970-01-01. */
void rp_day_text(long day, char out[11]);

/* The level of a unit as a word of the answers (country, province,
 * district, commune) and as people read it. */
const char *rp_level(const struct kd_unit *u);
const char *rp_level_label(const struct kd_unit *u);

/* The page's HDF (report-page.c) and its drawings (report-svg.c). */
void rp_page_hdf(struct kd_req *r, HDF *hdf, const struct rp_view *v);
void rp_svg_hdf(HDF *hdf, const struct rp_view *v);

/* Coverage as people read it: "63,2%" of part over whole ("" no whole). */
void rp_percent(long long part, long long whole, char out[16]);

/* --- answers ------------------------------------------------------------------ */

/* Yesterday in +07:00 (YYYY-MM-DD): what the daily job computes by
 * default and what the pages show by default. */
void rp_yesterday(char out[11]);

/* GET /report/checkpoints (report-checkpoints.c). */
enum { C_DATE, C_UNIT, C_PLACE_ID, C_PAGE, C_FORMAT, C_COUNT };
extern const struct kd_field rp_checkpoint_fields[C_COUNT];
void rp_checkpoints(struct kd_req *r);

/* The unit asked (or the officer's own) when it lies in the officer's
 * subtree; else 403 outside_area answered and NULL. */
const char *rp_unit_scope(struct kd_req *r, const char *asked);

#endif
