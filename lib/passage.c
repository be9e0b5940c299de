#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "passage.h"
#include "token.h"

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
	rc = kd_db_row(KD_PS_LOCK, p, 1, lock_cols, 2);
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
	rc = kd_db_row(KD_PS_RECENT, p, 4, recent_cols, 2);
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
	if (kd_db_exec(KD_PS_INSERT, p, 6) != 1)
		return -1;
	ps->passage_id = kd_db_insert_id(KD_PS_INSERT);
	kd_db_time_iso(now, ps->at, sizeof(ps->at));
	ps->created = 1;
	return 0;
}

static int retryable(unsigned int e)
{
	/* deadlock, lock wait timeout, server gone / lost */
	return e == 1213 || e == 1205 || e == 2006 || e == 2013;
}

int kd_passage_confirm(const struct kd_req *r, const char *code,
    const char *direction, struct kd_passage *ps, enum kd_err *err)
{
	unsigned long long id = 0;
	time_t expires = 0;
	int attempt;

	switch (kd_token_verify(code, time(NULL), &id, &expires)) {
	case KD_TOKEN_OK:
		break;
	case KD_TOKEN_EXPIRED:
		*err = KD_E_TOKEN_EXPIRED;
		return -1;
	default:
		*err = KD_E_TOKEN_BAD;
		return -1;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		if (kd_db_begin() != 0) {
			*err = KD_E_UNAVAILABLE;
			return -1;
		}
		if (kd_passage_record(r, id, direction, ps, err) == 0) {
			if (kd_db_commit() == 0)
				return 0;
			*err = KD_E_UNAVAILABLE;
		}
		kd_db_rollback();
		if (*err != KD_E_UNAVAILABLE || !retryable(kd_db_errno()))
			return -1;
		kd_log("passage: retrying after db error %u", kd_db_errno());
	}
	return -1;
}

void kd_passage_json(struct kd_json *j, const struct kd_passage *ps)
{
	kd_json_obj(j);
	kd_json_kint(j, "passage_id", (long long)ps->passage_id);
	kd_json_kint(j, "place_id", ps->place_id);
	kd_json_kstr(j, "at", ps->at);
	kd_json_kstr(j, "direction", ps->direction);
	kd_json_kint(j, "declaration_id", (long long)ps->declaration_id);
	kd_json_obj_end(j);
}
