/*
 * quota.c - look-ups counted per account and hour (see quota.h).
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "quota.h"
#include "sql.h"

#define HOUR "DATE_FORMAT(NOW(), '%Y-%m-%d %H:00:00')"

enum {
	SQL_COUNT = KD_SQL_BASE(KD_MOD_QUOTA), SQL_READ, SQL_FLAG, SQL_PURGE
};
#define S(id) [(id) - KD_SQL_BASE(KD_MOD_QUOTA)]
static const char *const quota_sql[] = {
	S(SQL_COUNT) = "INSERT INTO lookup_quota (uid, kind, hour, count) VALUES"
	    " (?, ?, " HOUR ", 1) ON DUPLICATE KEY UPDATE count = count + 1",
	S(SQL_READ) = "SELECT count FROM lookup_quota WHERE uid = ? AND kind = ?"
	    " AND hour = " HOUR,
	S(SQL_FLAG) = "INSERT INTO lookup_flags (uid, role, unit, kind, hour, count,"
	    " flagged_at) VALUES (?, ?, ?, ?, " HOUR ", ?, NOW())"
	    " ON DUPLICATE KEY UPDATE count = GREATEST(count, VALUES(count))",
	S(SQL_PURGE) = "DELETE FROM lookup_quota WHERE hour < NOW() - INTERVAL 1 DAY"
	    " LIMIT 1000",
};
#undef S
const struct kd_sql_table kd_quota_sql = KD_SQL_TABLE(quota_sql);

static const char *const names[KD_QUOTA_COUNT] = {
	[KD_QUOTA_LOOKUP] = "lookup", [KD_QUOTA_REGISTRY] = "registry",
};

const char *kd_quota_name(enum kd_quota_kind kind)
{
	return kind < KD_QUOTA_COUNT ? names[kind] : "lookup";
}

/* The account's count this hour after this look-up; -1 error. */
static long long count_one(const struct kd_req *r, const char *kind)
{
	char n[24] = "";
	struct kd_col c[1] = { KD_COL(n) };
	struct kd_param p[2] = { KD_STR(r->session.uid), KD_STR(kind) };
	int rc;

	if (kd_db_exec(SQL_COUNT, p, 2) < 0)
		return -1;
	rc = kd_db_row(SQL_READ, p, 2, c, 1);
	if (rc < 0)
		return -1;
	/* The hour turned between the two statements: a new hour's first. */
	return rc == 1 ? strtoll(n, NULL, 10) : 1;
}

int kd_quota_take(const struct kd_req *r, enum kd_quota_kind kind)
{
	long limit = kd_conf_long("lookup_limit_per_hour", 120);
	long flag = kd_conf_long("lookup_flag_per_hour", 60);
	const char *name = kd_quota_name(kind);
	const struct kd_session *s = &r->session;
	long long n;

	if (!s->valid)
		return -1;
	n = count_one(r, name);
	if (n < 0)
		return -1;
	if (n == 1 && kd_db_exec(SQL_PURGE, NULL, 0) < 0)
		kd_log("quota: purge of old counts failed");
	if (n >= flag) {
		struct kd_param p[5] = { KD_STR(s->uid), KD_STR(s->role), KD_STR(s->unit),
		    KD_STR(name), KD_INT(n) };

		if (kd_db_exec(SQL_FLAG, p, 5) < 0)
			return -1;
	}
	return n > limit ? 1 : 0;
}
