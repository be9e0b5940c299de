/*
 * report-retention.c - the daily job deletes what is older than
 * retention_days (var/kiemdich.conf, default 30): passages and visits
 * before the cutoff (00:00 of the day retention_days ago), declarations
 * whose validity ended before it (so every passage of theirs is older
 * too), and the kiosk's look-up records in audit_log (action "verify",
 * loaded from its audit journals).  What belongs to an open case is kept:
 * the rows of a citizen whose current status (f_current) is F0, F1 or F2,
 * and the look-ups of their declarations.
 *
 * Each statement deletes at most RETAIN_BATCH rows in its own short
 * transaction (autocommit) and runs again until it deletes fewer; under
 * READ COMMITTED a row the statement reads but keeps is not left locked,
 * so the kiosk's inserts and confirmations never wait behind a whole day's
 * deletion.  The counts removed are printed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "log.h"
#include "report.h"
#include "vntime.h"

#define RETAIN_BATCH 2000

#define OPEN_CASE(id) "EXISTS (SELECT 1 FROM f_current c WHERE c.id_number = " id \
	" AND c.status IN ('F0', 'F1', 'F2'))"

void rp_retention_sql(const char **sql)
{
	sql[ST_READ_COMMITTED] = "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";
	sql[ST_RETAIN_PASSAGES] = "DELETE FROM passages WHERE at < ? AND direction <> 'visit'"
	    " AND NOT " OPEN_CASE("passages.id_number") " LIMIT ?";
	sql[ST_RETAIN_VISITS] = "DELETE FROM passages WHERE at < ? AND direction = 'visit'"
	    " AND NOT " OPEN_CASE("passages.id_number") " LIMIT ?";
	sql[ST_RETAIN_DECLARATIONS] = "DELETE FROM declarations WHERE expires_at < ?"
	    " AND NOT " OPEN_CASE("declarations.id_number") " LIMIT ?";
	sql[ST_RETAIN_LOOKUPS] = "DELETE FROM audit_log WHERE action = 'verify' AND at < ?"
	    " AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.declaration_id ="
	    "   CAST(audit_log.target AS UNSIGNED) AND " OPEN_CASE("d.id_number") ")"
	    " LIMIT ?";
}

/* What retention deletes, in this order: the look-ups first, while the
 * declarations that say whose case they belong to are still there. */
static const struct {
	size_t stmt;
	const char *what;
} kinds[] = {
	{ ST_RETAIN_LOOKUPS, "kiosk look-ups (audit)" },
	{ ST_RETAIN_PASSAGES, "passages" },
	{ ST_RETAIN_VISITS, "visits" },
	{ ST_RETAIN_DECLARATIONS, "declarations" },
};

/* Runs stmt in batches until it finds no more; the rows removed, or -1. */
static long long retain(size_t stmt, const char *cutoff)
{
	struct kd_param p[2] = { KD_STR(cutoff), KD_INT(RETAIN_BATCH) };
	long long total = 0, n;

	do {
		if ((n = kd_db_exec(stmt, p, 2)) < 0)
			return -1;
		total += n;
	} while (n == RETAIN_BATCH);
	return total;
}

long rp_retention_cutoff(char day[11])
{
	long days = kd_conf_long("retention_days", 30);

	if (days < 1) {
		/* 0 would delete everything before today: surely a mistake. */
		fprintf(stderr, "report: retention_days is %ld, not a number of days\n", days);
		return -1;
	}
	kd_today(time(NULL) - 86400L * days, day);
	return days;
}

int rp_retention_run(void)
{
	char cutoff_day[11], cutoff[24], line[400];
	long long t0 = rp_clock_ms(), n;
	long days = rp_retention_cutoff(cutoff_day);
	size_t i, used;
	int w;

	if (days < 0)
		return -1;
	snprintf(cutoff, sizeof(cutoff), "%s 00:00:00", cutoff_day);
	if (kd_db_exec(ST_READ_COMMITTED, NULL, 0) < 0)
		return -1;
	used = (size_t)snprintf(line, sizeof(line), "retention (%ld days, before %s): removed",
	    days, cutoff_day);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if ((n = retain(kinds[i].stmt, cutoff)) < 0) {
			fprintf(stderr, "report: retention of %s failed (database error %u)\n",
			    kinds[i].what, kd_db_errno());
			return -1;
		}
		w = snprintf(line + used, sizeof(line) - used, "%s %lld %s", i ? "," : "", n,
		    kinds[i].what);
		if (w > 0 && (size_t)w < sizeof(line) - used)
			used += (size_t)w;
	}
	rp_step(&t0, "%s", line);
	return 0;
}
