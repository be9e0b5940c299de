/*
 * report-hours.c - the daily job's checkpoint hours, which GET
 * /report/checkpoints shows.  Per place and hour of the day (+07:00):
 *
 *   scans      kiosk look-ups (GET /verify), from their audit records
 *              (action "verify", target the declaration id, the place, at);
 *   passages   the passages and visits confirmed (passages.at);
 *   paper      paper entries (audit action "paper_entry" at the place);
 *   median     of the time from a scan to its confirmation, over the
 *              passages confirmed in that hour that were paired with a scan.
 *
 * Pairing (docs/REPORT.md "Pairing a scan with its confirmation"): the
 * scans and passages of one declaration at one place, each in time order;
 * a passage's scan is the earliest scan after the previous passage of
 * that declaration there and at most PAIR_WINDOW_MS before it.  So a scan
 * repeated while the person waits does not shorten the wait, and a scan
 * serves one passage at most.  A paper entry, an offline upload or a
 * look-up by ID number has no scan: it is counted, not timed.  Scans from
 * PAIR_WINDOW_MS before the day are read as well, for passages just after
 * midnight; they count in the day before's hours, not in this day's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "log.h"
#include "report.h"
#include "vntime.h"

#define PAIR_WINDOW_MS (10 * 60 * 1000LL)
#define BULK_ROWS 1000

void rp_hours_sql(const char **sql)
{
	sql[ST_DAY_SCANS] = "SELECT place_id, target, at FROM audit_log"
	    " WHERE action = 'verify' AND at >= ? AND at < ? AND place_id IS NOT NULL";
	sql[ST_DAY_PAPER] = "SELECT place_id, at FROM audit_log"
	    " WHERE action = 'paper_entry' AND at >= ? AND at < ? AND place_id IS NOT NULL";
}

#define HOURS_INSERT "INSERT INTO report_hours (place_id, day, hour, scans, passages," \
	" paper, paired, median_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

/* A place's hour. */
struct cell {
	long long scans, passages, paper, paired;
	long long median_ms;         /* -1: nothing paired */
};

struct scan {
	size_t place;
	unsigned long long decl;
	long long ms;
};

/* A passage's wait from its scan. */
struct wait {
	size_t place;
	int hour;
	long long ms;
};

struct hours {
	struct rp_day *d;
	struct cell *cells;          /* nplaces x 24 */
	struct scan *scans;
	size_t nscans, cap_scans;
	struct wait *waits;
	size_t nwaits;
};

static int hour_of(long long ms)
{
	return (int)(((ms / 1000 + KD_VN_OFFSET) % 86400) / 3600);
}

static struct cell *cell_at(struct hours *h, size_t place, long long ms)
{
	return &h->cells[place * 24 + (size_t)hour_of(ms)];
}

/* --- reading ------------------------------------------------------------------------- */

static int scan_take(struct hours *h, long place, const char *target, long long ms)
{
	struct scan *s;

	if (h->nscans == h->cap_scans) {
		size_t cap = h->cap_scans ? h->cap_scans * 2 : 4096;

		if ((s = realloc(h->scans, cap * sizeof(*s))) == NULL)
			return -1;
		h->scans = s;
		h->cap_scans = cap;
	}
	s = &h->scans[h->nscans++];
	s->place = (size_t)place;
	s->decl = strtoull(target, NULL, 10);
	s->ms = ms;
	if (ms >= h->d->from_ms) {
		cell_at(h, s->place, ms)->scans++;
		h->d->places[place].scans++;
		h->d->scans++;
	}
	return 0;
}

static int scans_load(struct hours *h)
{
	char place[24] = "", target[72] = "", at[32] = "", from[24];
	struct kd_col c[3] = { KD_COL(place), KD_COL(target), KD_COL(at) };
	struct kd_param p[2] = { KD_STR(from), KD_STR(h->d->to) };
	long idx;
	int rc;

	kd_ms_db_time(h->d->from_ms - PAIR_WINDOW_MS, from, sizeof(from));
	if (kd_db_exec(ST_DAY_SCANS, p, 2) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_DAY_SCANS, c, 3)) == 1) {
		idx = rp_place_find(h->d, strtoll(place, NULL, 10));
		if (idx >= 0 && scan_take(h, idx, target, kd_db_time_ms(at)) != 0) {
			rc = -1;
			break;
		}
	}
	kd_db_done(ST_DAY_SCANS);
	return rc < 0 ? -1 : 0;
}

static int paper_load(struct hours *h)
{
	char place[24] = "", at[32] = "";
	struct kd_col c[2] = { KD_COL(place), KD_COL(at) };
	struct kd_param p[2] = { KD_STR(h->d->from), KD_STR(h->d->to) };
	long idx;
	int rc;

	if (kd_db_exec(ST_DAY_PAPER, p, 2) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_DAY_PAPER, c, 2)) == 1) {
		if ((idx = rp_place_find(h->d, strtoll(place, NULL, 10))) < 0)
			continue;
		cell_at(h, (size_t)idx, kd_db_time_ms(at))->paper++;
		h->d->places[idx].paper++;
	}
	kd_db_done(ST_DAY_PAPER);
	return rc < 0 ? -1 : 0;
}

/* --- pairing ---------------------------------------------------------------------------- */

/* Passages and scans sort alike: place, declaration, time. */
#define BY_PLACE_DECL_TIME(T) \
	static int order_##T(const void *a, const void *b) \
	{ \
		const struct T *x = a, *y = b; \
		if (x->place != y->place) \
			return x->place < y->place ? -1 : 1; \
		if (x->decl != y->decl) \
			return x->decl < y->decl ? -1 : 1; \
		return (x->ms > y->ms) - (x->ms < y->ms); \
	}
BY_PLACE_DECL_TIME(rp_passage)
BY_PLACE_DECL_TIME(scan)

/* -1, 0, 1 as scan s's (place, declaration) is before, the same as or
 * after passage p's. */
static int group_cmp(const struct scan *s, const struct rp_passage *p)
{
	if (s->place != p->place)
		return s->place < p->place ? -1 : 1;
	if (s->decl != p->decl)
		return s->decl < p->decl ? -1 : 1;
	return 0;
}

/* Walks the sorted passages and scans together; each passage with a
 * scan in its window gives a wait.  Passages are counted per hour. */
static void pair(struct hours *h)
{
	const struct rp_passage *ps = h->d->passages;
	size_t i, j = 0, n = h->d->npassages;
	long long after = -1;        /* the previous passage of the group */

	for (i = 0; i < n; i++) {
		struct cell *cl = cell_at(h, ps[i].place, ps[i].ms);

		cl->passages++;
		if (i == 0 || ps[i].place != ps[i - 1].place || ps[i].decl != ps[i - 1].decl)
			after = -1;
		while (j < h->nscans && (group_cmp(&h->scans[j], &ps[i]) < 0 ||
		    (group_cmp(&h->scans[j], &ps[i]) == 0 && (h->scans[j].ms <= after ||
		    h->scans[j].ms < ps[i].ms - PAIR_WINDOW_MS))))
			j++;
		if (j < h->nscans && group_cmp(&h->scans[j], &ps[i]) == 0 &&
		    h->scans[j].ms <= ps[i].ms) {
			h->waits[h->nwaits++] = (struct wait){ ps[i].place, hour_of(ps[i].ms),
			    ps[i].ms - h->scans[j].ms };
			cl->paired++;
			j++;
		}
		after = ps[i].ms;
	}
	h->d->paired = (long long)h->nwaits;
}

static int order_wait(const void *a, const void *b)
{
	const struct wait *x = a, *y = b;

	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	if (x->hour != y->hour)
		return x->hour - y->hour;
	return (x->ms > y->ms) - (x->ms < y->ms);
}

/* Each hour's median wait, and each place's slowest hour. */
static void medians(struct hours *h)
{
	size_t i = 0, k;

	if (h->nwaits > 0)
		qsort(h->waits, h->nwaits, sizeof(*h->waits), order_wait);
	while (i < h->nwaits) {
		struct rp_place *pl = &h->d->places[h->waits[i].place];
		struct cell *cl;

		for (k = i; k < h->nwaits && h->waits[k].place == h->waits[i].place &&
		    h->waits[k].hour == h->waits[i].hour; k++)
			;
		cl = &h->cells[h->waits[i].place * 24 + (size_t)h->waits[i].hour];
		cl->median_ms = (h->waits[i + (k - i - 1) / 2].ms + h->waits[i + (k - i) / 2].ms) / 2;
		if (cl->median_ms > pl->slowest_ms)
			pl->slowest_ms = cl->median_ms;
		i = k;
	}
}

/* --- writing ------------------------------------------------------------------------------- */

static int hours_write(struct hours *h, MYSQL *db, size_t *written)
{
	struct kd_bulk *b = kd_bulk_open(db, HOURS_INSERT, 8, BULK_ROWS);
	char num[7][24];
	size_t p, hr;
	int rc = b == NULL ? -1 : 0;

	for (p = 0; rc == 0 && p < h->d->nplaces; p++) {
		for (hr = 0; rc == 0 && hr < 24; hr++) {
			const struct cell *c = &h->cells[p * 24 + hr];
			long long v[7] = { h->d->places[p].id, (long long)hr, c->scans,
			    c->passages, c->paper, c->paired, c->median_ms };
			const char *cell[8] = { num[0], h->d->day, num[1], num[2], num[3], num[4],
			    num[5], c->median_ms >= 0 ? num[6] : NULL };
			size_t k;

			if (c->scans + c->passages + c->paper == 0)
				continue;
			for (k = 0; k < 7; k++)
				snprintf(num[k], sizeof(num[k]), "%lld", v[k]);
			rc = kd_bulk_add(b, cell);
			(*written)++;
		}
	}
	return rp_bulk_end(b, rc, "hours");
}

int rp_hours_compute(struct rp_day *d, MYSQL *db)
{
	struct hours h = { .d = d };
	size_t i, written = 0;
	long long t0 = rp_clock_ms();
	int rc = -1;

	h.cells = calloc(d->nplaces * 24 + 1, sizeof(*h.cells));
	h.waits = calloc(d->npassages + 1, sizeof(*h.waits));
	if (h.cells == NULL || h.waits == NULL)
		goto out;
	for (i = 0; i < d->nplaces * 24; i++)
		h.cells[i].median_ms = -1;
	if (scans_load(&h) != 0 || paper_load(&h) != 0)
		goto out;
	rp_step(&t0, "kiosk look-ups: %lld of the day read, paper entries", d->scans);
	if (d->npassages > 0)
		qsort(d->passages, d->npassages, sizeof(*d->passages), order_rp_passage);
	if (h.nscans > 0)
		qsort(h.scans, h.nscans, sizeof(*h.scans), order_scan);
	pair(&h);
	medians(&h);
	rp_step(&t0, "paired: %lld passages with their scan, medians", d->paired);
	if ((rc = hours_write(&h, db, &written)) == 0)
		rp_step(&t0, "hours: %zu rows (a place's active hours)", written);
out:
	free(h.cells);
	free(h.waits);
	free(h.scans);
	return rc;
}
