#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "passage.h"
#include "sql.h"
#include "token.h"

enum { SQL_LOCK = KD_SQL_BASE(KD_MOD_PASSAGE), SQL_RECENT, SQL_INSERT };
#define S(id) [(id) - KD_SQL_BASE(KD_MOD_PASSAGE)]
static const char *const passage_sql[] = {
	S(SQL_LOCK) = "SELECT id_number, revoked_at IS NOT NULL FROM declarations"
	    " WHERE declaration_id = ? FOR UPDATE",
	S(SQL_RECENT) = "SELECT passage_id, at FROM passages"
	    " WHERE declaration_id = ? AND place_id = ? AND direction = ?"
	    " AND at > ? - INTERVAL 5 MINUTE ORDER BY at LIMIT 1",
	S(SQL_INSERT) = "INSERT INTO passages (declaration_id, id_number, place_id,"
	    " direction, officer, at) VALUES (?, ?, ?, ?, ?, ?)",
};
#undef S
const struct kd_sql_table kd_passage_sql = KD_SQL_TABLE(passage_sql);

int kd_passage_record(const struct kd_req *r, unsigned long long id,
    const char *direction, struct kd_passage *ps, enum kd_err *err)
{
	char id_number[16], revoked[4], pid[24], at[40], now[32];
	struct kd_col lock_cols[2] = { KD_COL(id_number), KD_COL(revoked) };
	struct kd_col recent_cols[2] = { KD_COL(pid), KD_COL(at) };
	struct kd_param p[6];
	int rc;

	memset(ps, 0, sizeof(*ps));
	ps->declaration_id = id;
	ps->place_id = r->session.place_id;
	snprintf(ps->direction, sizeof(ps->direction), "%s", direction);
	*err = KD_E_UNAVAILABLE;

	/* 1. Lock the declaration: identical confirmations queue here. */
	p[0] = KD_INT((long long)id);
	rc = kd_db_row(SQL_LOCK, p, 1, lock_cols, 2);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		*err = KD_E_TOKEN_UNKNOWN;
		return -1;
	}
	if (strcmp(revoked, "1") == 0) {
		*err = KD_E_TOKEN_REVOKED;
		return -1;
	}
	/* 2. The first passage of the last 5 minutes, if any.  A plain read:
	 * its snapshot is taken now, after the lock, so it sees the row of
	 * whoever held the lock before us. */
	kd_now_db(now, sizeof(now));
	p[1] = KD_INT(ps->place_id);
	p[2] = KD_STR(direction);
	p[3] = KD_STR(now);
	rc = kd_db_row(SQL_RECENT, p, 4, recent_cols, 2);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		ps->passage_id = strtoull(pid, NULL, 10);
		kd_db_time_iso(at, ps->at, sizeof(ps->at));
		ps->created = 0;
		return 0;
	}
	/* 3. A new passage. */
	p[0] = KD_INT((long long)id);
	p[1] = KD_STR(id_number);
	p[2] = KD_INT(ps->place_id);
	p[3] = KD_STR(direction);
	p[4] = KD_STR(r->session.uid);
	p[5] = KD_STR(now);
	if (kd_db_exec(SQL_INSERT, p, 6) != 1)
		return -1;
	ps->passage_id = kd_db_insert_id(SQL_INSERT);
	kd_db_time_iso(now, ps->at, sizeof(ps->at));
	ps->created = 1;
	return 0;
}

/* The transaction of kd_passage_confirm. */
struct confirm {
	const struct kd_req *r;
	unsigned long long id;
	const char *direction;
	struct kd_passage *ps;
	enum kd_err err;
};

static int confirm_txn(void *arg)
{
	struct confirm *c = arg;

	if (kd_passage_record(c->r, c->id, c->direction, c->ps, &c->err) == 0)
		return 0;
	return c->err == KD_E_UNAVAILABLE ? -1 : KD_TXN_REFUSED;
}

int kd_passage_confirm(const struct kd_req *r, const char *code,
    const char *direction, struct kd_passage *ps, enum kd_err *err)
{
	struct confirm c = { r, 0, direction, ps, KD_E_UNAVAILABLE };
	time_t expires = 0;

	switch (kd_token_verify(code, time(NULL), &c.id, &expires)) {
	case KD_TOKEN_OK:
		break;
	case KD_TOKEN_EXPIRED:
		*err = KD_E_TOKEN_EXPIRED;
		return -1;
	default:
		*err = KD_E_TOKEN_BAD;
		return -1;
	}
	switch (kd_db_txn(confirm_txn, &c, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		return 0;
	case KD_TXN_REFUSED:
		*err = c.err;
		return -1;
	default:
		*err = KD_E_UNAVAILABLE;
		return -1;
	}
}

void kd_passage_json(struct kd_json *j, const struct kd_passage *ps)
{
	kd_json_kint(j, "passage_id", (long long)ps->passage_id);
	kd_json_kint(j, "place_id", ps->place_id);
	kd_json_kstr(j, "at", ps->at);
	kd_json_kstr(j, "direction", ps->direction);
	kd_json_kint(j, "declaration_id", (long long)ps->declaration_id);
}
