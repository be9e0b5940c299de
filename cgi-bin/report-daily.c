/*
 * report-daily.c - `report --daily [DATE]` (cron; `make report DATE=`):
 * one day from the raw tables into the summary tables, then retention.
 *
 * The story of a day, in one transaction, so that running a day again
 * replaces its figures whole and a page never sees half of them:
 *   1. forget the day's summary rows;
 *   2. the places, and the day's passages counted per place;
 *   3. the checkpoint hours (report-hours.c): scans, paper entries, the
 *      median from a scan to its confirmation; report_hours rows;
 *   4. report_places rows;
 *   5. per commune: its places' passages, its residents' F status as of
 *      the end of the day, welfare registered and paid by then, residents
 *      and those vaccinated by then (counted after each import, lib/
 *      coverage.h); each figure also added to the commune's district,
 *      province and the country;
 *   6. report_units rows, and the day in report_days.
 * Then retention (report-retention.c), in small transactions of its own.
 * A day before the retention cutoff is not computed again: its raw rows
 * may be gone, and the figures computed while they were there are kept.
 *
 * `report --coverage` recounts the coverage (lib/coverage.h) by hand.
 *
 * DATE is YYYY-MM-DD, yesterday by default, not in the future.  Progress
 * and timings go to stdout; the exit status is 0 when everything was
 * done, 1 otherwise (why: stderr).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bulk.h"
#include "conf.h"
#include "coverage.h"
#include "log.h"
#include "report.h"
#include "units.h"
#include "valid.h"
#include "vntime.h"

/* A statement of the daily job may read a whole country. */
#define DAILY_TIMEOUT_S 3600
#define BULK_ROWS 1000

void rp_daily_sql(const char **sql)
{
	sql[ST_FORGET_UNITS] = "DELETE FROM report_units WHERE day = ?";
	sql[ST_FORGET_PLACES] = "DELETE FROM report_places WHERE day = ?";
	sql[ST_FORGET_HOURS] = "DELETE FROM report_hours WHERE day = ?";
	sql[ST_FORGET_DAY] = "DELETE FROM report_days WHERE day = ?";
	sql[ST_PLACES_ALL] = "SELECT place_id, commune FROM places ORDER BY place_id";
	sql[ST_DAY_PASSAGES] = "SELECT place_id, declaration_id, direction, at"
	    " FROM passages WHERE at >= ? AND at < ? AND cancelled_at IS NULL";
	/* Each citizen's newest status set before the end of the day. */
	sql[ST_F_COUNTS] = "SELECT z.perm_commune, SUM(s.status = 'F0'), SUM(s.status = 'F1'),"
	    " SUM(s.status = 'F2'), SUM(s.status = 'F3'), SUM(s.status = 'recovered'),"
	    " SUM(s.status = 'deceased')"
	    " FROM f_status s JOIN citizens z ON z.id_number = s.id_number"
	    " WHERE s.set_at < ? AND NOT EXISTS (SELECT 1 FROM f_status t"
	    "   WHERE t.id_number = s.id_number AND t.set_at < ? AND (t.set_at > s.set_at"
	    "   OR (t.set_at = s.set_at AND t.f_status_id > s.f_status_id)))"
	    " GROUP BY z.perm_commune";
	sql[ST_WELFARE_REGISTERED] = "SELECT commune, COUNT(*) FROM welfare_beneficiaries"
	    " WHERE registered_at < ? GROUP BY commune";
	/* Paid by the end of the day and not reversed by then. */
	sql[ST_WELFARE_PAID] = "SELECT commune, COUNT(*), SUM(amount) FROM welfare_payments"
	    " WHERE paid_on < ? AND (reversed_at IS NULL OR reversed_at >= ?) GROUP BY commune";
	/* The coverage as last counted (lib/coverage.h): residents, and the
	 * residents whose first and second doses came by the day's end. */
	sql[ST_RESIDENTS] = "SELECT commune, residents FROM coverage_residents";
	sql[ST_VACCINATED] = "SELECT commune, SUM(first), SUM(second) FROM coverage_doses"
	    " WHERE day < ? GROUP BY commune";
	sql[ST_DAY_DONE] = "INSERT INTO report_days (day, computed_at, took_ms, passages, scans)"
	    " VALUES (?, NOW(), ?, ?, ?)";
}

#define UNITS_INSERT "INSERT INTO report_units (unit, day, parent, " RP_FIGURE_COLUMNS \
	") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define PLACES_INSERT "INSERT INTO report_places (place_id, day, commune, n_in, n_out," \
	" n_visit, scans, paper, slowest_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* --- small helpers ------------------------------------------------------------ */

long long rp_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void rp_step(long long *since_ms, const char *fmt, ...)
{
	char what[400];
	long long now = rp_clock_ms();
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	printf("  %-60s %7.2f s\n", what, (double)(now - *since_ms) / 1000.0);
	/* Seen as it happens from cron's log; a lost line stops nothing. */
	(void)fflush(stdout);
	*since_ms = now;
}

long rp_place_find(const struct rp_day *d, long long id)
{
	size_t lo = 0, hi = d->nplaces;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->places[mid].id == id)
			return (long)mid;
		if (d->places[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int rp_bulk_end(struct kd_bulk *b, int rc, const char *what)
{
	if (rc == 0)
		rc = kd_bulk_flush(b);
	if (rc != 0)
		kd_log("report: %s not written (%u)", what, b != NULL ? kd_bulk_errno(b) : 0);
	kd_bulk_close(b);
	return rc;
}

/* A grown array: room for one more element of size at *n. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t room;

	if (n < *cap)
		return 0;
	room = *cap ? *cap * 2 : 4096;
	if ((p = realloc(*arr, room * size)) == NULL)
		return -1;
	*arr = p;
	*cap = room;
	return 0;
}

static void day_free(struct rp_day *d)
{
	free(d->places);
	free(d->passages);
	d->places = NULL;
	d->passages = NULL;
	d->nplaces = d->npassages = 0;
	d->scans = d->paired = 0;
}

/* --- 1, 2: forget, places, passages -------------------------------------------------- */

/* The day's summary rows of an earlier run: how many, or -1. */
static long long forget_day(const struct rp_day *d)
{
	static const size_t forget[] = { ST_FORGET_UNITS, ST_FORGET_PLACES, ST_FORGET_HOURS,
	    ST_FORGET_DAY };
	struct kd_param p[1] = { KD_STR(d->day) };
	long long n, total = 0;
	size_t i;

	for (i = 0; i < sizeof(forget) / sizeof(forget[0]); i++) {
		if ((n = kd_db_exec(forget[i], p, 1)) < 0)
			return -1;
		total += n;
	}
	return total;
}

static int places_load(struct rp_day *d)
{
	char id[24] = "", commune[8] = "";
	struct kd_col c[2] = { KD_COL(id), KD_COL(commune) };
	size_t cap = 0;
	int rc;

	if (kd_db_exec(ST_PLACES_ALL, NULL, 0) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_PLACES_ALL, c, 2)) == 1) {
		struct rp_place *pl;

		if (grow((void **)&d->places, &cap, d->nplaces, sizeof(*d->places)) != 0) {
			rc = -1;
			break;
		}
		pl = &d->places[d->nplaces++];
		memset(pl, 0, sizeof(*pl));
		pl->id = strtoll(id, NULL, 10);
		pl->slowest_ms = -1;
		snprintf(pl->commune, sizeof(pl->commune), "%.5s", commune);
	}
	kd_db_done(ST_PLACES_ALL);
	return rc < 0 ? -1 : 0;
}

/* One passage: counted at its place by direction, kept for pairing. */
static int passage_take(struct rp_day *d, size_t *cap, long place,
    const char *decl, const char *dir, const char *at)
{
	struct rp_place *pl = &d->places[place];
	struct rp_passage *ps;

	if (grow((void **)&d->passages, cap, d->npassages, sizeof(*d->passages)) != 0)
		return -1;
	*(dir[0] == 'i' ? &pl->in : dir[0] == 'o' ? &pl->out : &pl->visit) += 1;
	ps = &d->passages[d->npassages++];
	ps->place = (size_t)place;
	ps->decl = strtoull(decl, NULL, 10);
	ps->ms = kd_db_time_ms(at);
	return 0;
}

static int passages_load(struct rp_day *d, long long *unknown)
{
	char place[24] = "", decl[24] = "", dir[8] = "", at[32] = "";
	struct kd_col c[4] = { KD_COL(place), KD_COL(decl), KD_COL(dir), KD_COL(at) };
	struct kd_param p[2] = { KD_STR(d->from), KD_STR(d->to) };
	size_t cap = 0;
	long idx;
	int rc;

	if (kd_db_exec(ST_DAY_PASSAGES, p, 2) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_DAY_PASSAGES, c, 4)) == 1) {
		if ((idx = rp_place_find(d, strtoll(place, NULL, 10))) < 0)
			(*unknown)++;
		else if (passage_take(d, &cap, idx, decl, dir, at) != 0)
			rc = -1;
		if (rc < 0)
			break;
	}
	kd_db_done(ST_DAY_PASSAGES);
	return rc < 0 ? -1 : 0;
}

/* --- 4: places ---------------------------------------------------------------------- */

static void cell_num(char *buf, long long n)
{
	snprintf(buf, 24, "%lld", n);
}

static int places_write(const struct rp_day *d, MYSQL *db, size_t *written)
{
	struct kd_bulk *b = kd_bulk_open(db, PLACES_INSERT, 9, BULK_ROWS);
	char num[7][24];
	size_t i;
	int rc = b == NULL ? -1 : 0;

	*written = 0;
	for (i = 0; rc == 0 && i < d->nplaces; i++) {
		const struct rp_place *pl = &d->places[i];
		const char *cell[9] = { num[0], d->day, pl->commune, num[1], num[2], num[3],
		    num[4], num[5], pl->slowest_ms >= 0 ? num[6] : NULL };

		if (pl->in + pl->out + pl->visit + pl->scans + pl->paper == 0)
			continue;
		cell_num(num[0], pl->id);
		cell_num(num[1], pl->in);
		cell_num(num[2], pl->out);
		cell_num(num[3], pl->visit);
		cell_num(num[4], pl->scans);
		cell_num(num[5], pl->paper);
		cell_num(num[6], pl->slowest_ms);
		rc = kd_bulk_add(b, cell);
		(*written)++;
	}
	return rp_bulk_end(b, rc, "places");
}

/* --- 5: figures per commune, rolled up ------------------------------------------------ */

/* One statement's figures per commune: a row is the commune's code and
 * nfig numbers, for figures first .. first + nfig - 1; nparams
 * parameters, each the start of the next day. */
struct source {
	size_t stmt;
	const char *what;
	enum rp_figure first;
	size_t nfig, nparams;
};

static const struct source sources[] = {
	{ ST_F_COUNTS, "F0-F3, recovered, deceased as of the day's end", RF_F0, 6, 2 },
	{ ST_WELFARE_REGISTERED, "welfare registered by then", RF_W_REGISTERED, 1, 1 },
	{ ST_WELFARE_PAID, "welfare paid by then (not reversed)", RF_W_PAID, 2, 2 },
	{ ST_RESIDENTS, "residents (as last counted, lib/coverage.h)", RF_RESIDENTS, 1, 0 },
	{ ST_VACCINATED, "residents with 1 and 2 doses by then", RF_DOSE1, 2, 1 },
};

/* The figures of the country (slot kd_units_count()) and of every unit. */
struct tree {
	struct rp_figures *fig;
	unsigned nunits;
	long long unknown;           /* rows of a code that is no unit */
};

/* Adds values to the unit of code and every unit above it. */
static void tree_add(struct tree *t, const char *code, enum rp_figure first,
    const long long *values, size_t n)
{
	const struct kd_unit *u = kd_unit_find(code);
	size_t k;

	if (u == NULL) {
		t->unknown++;
		return;
	}
	for (; u != NULL; u = kd_unit_find(u->parent))
		for (k = 0; k < n; k++)
			t->fig[kd_unit_index(u)].v[first + k] += values[k];
	for (k = 0; k < n; k++)
		t->fig[t->nunits].v[first + k] += values[k];
}

static void tree_places(struct tree *t, const struct rp_day *d)
{
	size_t i;

	for (i = 0; i < d->nplaces; i++) {
		const struct rp_place *pl = &d->places[i];
		long long v[3] = { pl->in, pl->out, pl->visit };

		if (v[0] + v[1] + v[2] > 0)
			tree_add(t, pl->commune, RF_IN, v, 3);
	}
}

static int tree_source(struct tree *t, const struct rp_day *d, const struct source *s)
{
	char code[8] = "", num[6][24] = { "" };
	struct kd_col c[7] = { KD_COL(code) };
	struct kd_param p[2] = { KD_STR(d->to), KD_STR(d->to) };
	long long v[6];
	size_t k;
	int rc;

	for (k = 0; k < s->nfig; k++)
		c[1 + k] = KD_COL(num[k]);
	if (kd_db_exec(s->stmt, p, s->nparams) < 0)
		return -1;
	while ((rc = kd_db_fetch(s->stmt, c, 1 + s->nfig)) == 1) {
		for (k = 0; k < s->nfig; k++)
			v[k] = c[1 + k].is_null ? 0 : strtoll(num[k], NULL, 10);
		tree_add(t, code, s->first, v, s->nfig);
	}
	kd_db_done(s->stmt);
	return rc < 0 ? -1 : 0;
}

/* --- 6: units ---------------------------------------------------------------------- */

static int figures_zero(const struct rp_figures *f)
{
	size_t k;

	for (k = 0; k < RF_COUNT; k++)
		if (f->v[k] != 0)
			return 0;
	return 1;
}

/* A unit's row: code, day, parent (NULL: the country), its figures. */
static int unit_row(struct kd_bulk *b, const struct rp_day *d, const char *code,
    const char *parent, const struct rp_figures *f)
{
	char num[RF_COUNT][24];
	const char *cell[3 + RF_COUNT] = { code, d->day, parent };
	size_t k;

	for (k = 0; k < RF_COUNT; k++) {
		cell_num(num[k], f->v[k]);
		cell[3 + k] = num[k];
	}
	return kd_bulk_add(b, cell);
}

static int units_write(const struct tree *t, const struct rp_day *d, MYSQL *db,
    size_t *written)
{
	struct kd_bulk *b = kd_bulk_open(db, UNITS_INSERT, 3 + RF_COUNT, BULK_ROWS);
	unsigned i;
	int rc = b == NULL ? -1 : 0;

	*written = 0;
	for (i = 0; rc == 0 && i < t->nunits; i++) {
		const struct kd_unit *u = kd_unit_at(i);

		if (figures_zero(&t->fig[i]))
			continue;
		rc = unit_row(b, d, u->code, u->parent, &t->fig[i]);
		(*written)++;
	}
	if (rc == 0) {
		rc = unit_row(b, d, "", NULL, &t->fig[t->nunits]);
		(*written)++;
	}
	return rp_bulk_end(b, rc, "units");
}

/* 5 and 6: every commune's figures, rolled up and written. */
static int units_compute(struct rp_day *d, MYSQL *db)
{
	struct tree t = { .nunits = kd_units_count() };
	size_t i, written = 0;
	long long t0 = rp_clock_ms();
	int rc = 0;

	t.fig = calloc(t.nunits + 1, sizeof(*t.fig));
	if (t.fig == NULL)
		return -1;
	tree_places(&t, d);
	for (i = 0; rc == 0 && i < sizeof(sources) / sizeof(sources[0]); i++) {
		rc = tree_source(&t, d, &sources[i]);
		rp_step(&t0, "%s", sources[i].what);
	}
	if (rc == 0 && (rc = units_write(&t, d, db, &written)) == 0)
		rp_step(&t0, "units: %zu rows (every level and the country)%s", written,
		    t.unknown > 0 ? "; some codes are no unit" : "");
	free(t.fig);
	return rc;
}

/* --- the transaction --------------------------------------------------------------- */

static int day_mark(const struct rp_day *d)
{
	struct kd_param p[4] = { KD_STR(d->day), KD_INT(rp_clock_ms() - d->started_ms),
	    KD_INT((long long)d->npassages), KD_INT(d->scans) };

	return kd_db_exec(ST_DAY_DONE, p, 4) == 1 ? 0 : -1;
}

static int day_txn(void *arg)
{
	struct rp_day *d = arg;
	MYSQL *db = kd_db_handle();
	long long t0 = rp_clock_ms(), unknown = 0, forgot;
	size_t written = 0;

	day_free(d);                 /* a retried transaction starts again */
	if ((forgot = forget_day(d)) < 0)
		return -1;
	rp_step(&t0, "the day's earlier figures: %lld rows replaced", forgot);
	if (places_load(d) != 0 || passages_load(d, &unknown) != 0)
		return -1;
	rp_step(&t0, "passages: %zu read at %zu places%s", d->npassages, d->nplaces,
	    unknown > 0 ? " (some at unknown places, not counted)" : "");
	if (rp_hours_compute(d, db) != 0)
		return -1;
	t0 = rp_clock_ms();
	if (places_write(d, db, &written) != 0)
		return -1;
	rp_step(&t0, "places: %zu rows", written);
	if (units_compute(d, db) != 0 || day_mark(d) != 0)
		return -1;
	return KD_TXN_OK;
}

/* --- main ---------------------------------------------------------------------------- */

/* The day's bounds as the database's wall clock. */
static int day_bounds(struct rp_day *d, const char *day)
{
	char midnight[24];
	int y, m, dd;

	if (!kd_parse_date(day, &y, &m, &dd) || kd_days_from_civil(y, m, dd) > kd_today_days())
		return -1;
	snprintf(d->day, sizeof(d->day), "%s", day);
	snprintf(midnight, sizeof(midnight), "%s 00:00:00", day);
	d->from_ms = kd_db_time_ms(midnight);
	kd_ms_db_time(d->from_ms, d->from, sizeof(d->from));
	kd_ms_db_time(d->from_ms + 86400000LL, d->to, sizeof(d->to));
	return 0;
}

static int daily_open(const char *const *sql)
{
	kd_log_init("report-daily");
	if (kd_conf_load(kd_conf_default_path()) != 0)
		return -1;
	/* Retention deletes the kiosk's old look-up records from audit_log,
	 * which the programs' own account may not (docs/SECURITY.md). */
	if (kd_db_account("retention") != 0) {
		fprintf(stderr, "report: no db_retention_user in the configuration\n");
		return -1;
	}
	kd_db_set_timeout(DAILY_TIMEOUT_S);
	if (kd_db_open(sql, ST_COUNT) != 0 || kd_units_load() != 0) {
		fprintf(stderr, "report: cannot open the database\n");
		return -1;
	}
	return 0;
}

/* The day, unless it lies before the retention cutoff.  0 ok, -1 failed. */
static int daily_day(struct rp_day *d)
{
	char cutoff[11];
	long long t0 = rp_clock_ms();

	if (rp_retention_cutoff(cutoff) > 0 && strcmp(d->day, cutoff) < 0) {
		printf("report %s: before the retention cutoff %s: its raw rows may be gone, "
		    "its figures are kept as computed\n", d->day, cutoff);
		return 0;
	}
	printf("report %s: the day's figures into the summary tables\n", d->day);
	d->started_ms = t0;
	if (kd_db_txn(day_txn, d, KD_TXN_TRIES) != KD_TXN_OK) {
		fprintf(stderr, "report %s: failed (database error %u), nothing changed\n",
		    d->day, kd_db_errno());
		return -1;
	}
	rp_step(&t0, "committed: the day's figures");
	return 0;
}

/* report --coverage: the coverage counts again (lib/coverage.h). */
static int coverage_main(int argc, const char *const *sql)
{
	long long t0 = rp_clock_ms();

	if (argc != 2) {
		fprintf(stderr, "usage: report --coverage\n");
		return 2;
	}
	if (daily_open(sql) != 0)
		return 1;
	if (kd_coverage_refresh(kd_db_handle()) != 0) {
		fprintf(stderr, "report: coverage not recounted (database error %u)\n",
		    mysql_errno(kd_db_handle()));
		return 1;
	}
	rp_step(&t0, "coverage recounted: residents and doses per commune");
	kd_db_close();
	return 0;
}

int rp_daily_main(int argc, char **argv, const char *const *sql)
{
	static struct rp_day d;
	char day[11];
	long long t0 = rp_clock_ms();
	int rc;

	if (strcmp(argv[1], "--coverage") == 0)
		return coverage_main(argc, sql);
	if (argc > 3 || (argc == 3 && day_bounds(&d, argv[2]) != 0)) {
		fprintf(stderr, "usage: report --daily [YYYY-MM-DD, not in the future]\n");
		return 2;
	}
	if (argc == 2) {
		rp_yesterday(day);
		if (day_bounds(&d, day) != 0)
			return 2;
	}
	if (daily_open(sql) != 0)
		return 1;
	rc = daily_day(&d);
	day_free(&d);
	if (rp_retention_run() != 0)
		rc = -1;
	printf("report %s: %s in %.2f s\n", d.day, rc == 0 ? "done" : "FAILED",
	    (double)(rp_clock_ms() - t0) / 1000.0);
	kd_db_close();
	return rc == 0 ? 0 : 1;
}
