/*
 * passage.c - passages recorded once, undone by their officer (see
 * passage.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "log.h"
#include "passage.h"
#include "sql.h"
#include "token.h"

enum {
	SQL_LOCK = KD_SQL_BASE(KD_MOD_PASSAGE), SQL_RECENT, SQL_INSERT,
	SQL_BY_REF, SQL_F_STATUS, SQL_UNDO_LOCK, SQL_UNDO, SQL_FOLLOWUP_TASK, SQL_LOOKED_UP,
	SQL_CLAIM
};
#define S(id) [(id) - KD_SQL_BASE(KD_MOD_PASSAGE)]
static const char *const passage_sql[] = {
	/* The facts of the verdict come with the lock: an offline
	 * confirmation is judged when it arrives. */
	S(SQL_LOCK) = "SELECT id_number, COALESCE(revoked_at <= ?, 0), registry,"
	    " fever + cough + breath + sore_throat + taste_smell > 0,"
	    " contact_f0 + from_epidemic_zone > 0, expires_at <= ?"
	    " FROM declarations WHERE declaration_id = ? FOR UPDATE",
	S(SQL_RECENT) = "SELECT passage_id, at FROM passages"
	    " WHERE declaration_id = ? AND place_id = ? AND direction = ?"
	    " AND cancelled_at IS NULL"
	    " AND at BETWEEN ? - INTERVAL 5 MINUTE AND ? + INTERVAL 5 MINUTE"
	    " ORDER BY at LIMIT 1",
	S(SQL_INSERT) = "INSERT INTO passages (declaration_id, id_number, place_id,"
	    " direction, officer, at, recorded_at, device_ref, offline_reasons,"
	    " followup) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	S(SQL_BY_REF) = "SELECT passage_id, declaration_id, place_id, direction, at,"
	    " cancelled_at FROM passages WHERE device_ref = ?",
	S(SQL_F_STATUS) = "SELECT status FROM f_current WHERE id_number = ?",
	S(SQL_UNDO_LOCK) = "SELECT declaration_id, place_id, direction, at, cancelled_at,"
	    " officer = ?, recorded_at > ? - INTERVAL 2 MINUTE"
	    " FROM passages WHERE passage_id = ? FOR UPDATE",
	S(SQL_UNDO) = "UPDATE passages SET cancelled_at = ? WHERE passage_id = ?",
	/* A follow-up passage's task, for the police of the checkpoint's
	 * commune (schema/010): one per passage (u_open). */
	S(SQL_FOLLOWUP_TASK) = "INSERT INTO f_tasks (id_number, full_name, status, unit,"
	    " from_unit, source_ref, note, created_by, created_at, due_at, passage_id)"
	    " SELECT d.id_number, d.full_name, ?, l.commune, l.commune, ?,"
	    " LEFT(CONCAT('Qua ', l.name, ' lúc ', DATE_FORMAT(?, '%H:%i %d/%m/%Y'),"
	    " ', xác nhận khi mất mạng: ', ?), 500), ?, ?, ? + INTERVAL 1 DAY, ?"
	    " FROM declarations d JOIN places l ON l.place_id = ?"
	    " WHERE d.declaration_id = ?",
	/* This account looked the declaration up by ID number lately
	 * (cgi-bin/verify.c's audit row; index k_actor). */
	S(SQL_LOOKED_UP) = "SELECT 1 FROM audit_log WHERE actor = ? AND at > NOW(3)"
	    " - INTERVAL 10 MINUTE AND action = 'lookup' AND detail = ? LIMIT 1",
	/* The row lock above holds on one Galera node only; writing the
	 * declaration row makes two nodes' confirmations of one code
	 * conflict at certification (schema/020_cluster.sql).  Written only
	 * on a replicated server (kd_db_replicated). */
	S(SQL_CLAIM) = "UPDATE declarations SET passage_claims = passage_claims + 1"
	    " WHERE declaration_id = ?",
};
#undef S
const struct kd_sql_table kd_passage_sql = KD_SQL_TABLE(passage_sql);

_Static_assert(KD_PASSAGE_UNDO_WINDOW == 120, "SQL_UNDO_LOCK says 2 minutes");
_Static_assert(KD_PASSAGE_WINDOW == 300, "SQL_RECENT says 5 minutes");

/* The reasons found on arrival that put an offline passage on the
 * f-status worklist (schema/012 followup). */
static const char *const followup_reasons[] = {
	"F0", "F1", "deceased", "mismatch", "not_found", NULL
};

const char *kd_passage_when(time_t scanned_at, time_t now)
{
	if (scanned_at > now + KD_PASSAGE_CLOCK_SKEW)
		return "Thời điểm quét ở tương lai: kiểm tra đồng hồ của máy.";
	if (scanned_at < now - KD_PASSAGE_OFFLINE_MAX)
		return "Lượt quét quá 72 giờ, không ghi nhận được nữa.";
	return NULL;
}

/* The declaration's facts read under the lock. */
struct locked {
	char id_number[16], revoked[4], registry[12], symptoms[4], exposure[4];
	char expired[4];
	char f_status[16];
};

/* 1. Locks the declaration; 1 found, 0 none, -1 error. */
static int lock_declaration(unsigned long long id, const char *when,
    struct locked *l)
{
	struct kd_col c[6] = { KD_COL(l->id_number), KD_COL(l->revoked),
	    KD_COL(l->registry), KD_COL(l->symptoms), KD_COL(l->exposure),
	    KD_COL(l->expired) };
	struct kd_param p[3] = { KD_STR(when), KD_STR(when), KD_INT((long long)id) };

	return kd_db_row(SQL_LOCK, p, 3, c, 6);
}

/* 2. The passage of device_ref: 1 it is ps (or *err says why not), 0
 * none, -1 error. */
static int by_device_ref(const char *device_ref, struct kd_passage *ps,
    enum kd_err *err)
{
	char pid[24] = "", decl[24] = "", place[24] = "", dir[8] = "", at[40] = "",
	    cancelled[40] = "";
	struct kd_col c[6] = { KD_COL(pid), KD_COL(decl), KD_COL(place), KD_COL(dir),
	    KD_COL(at), KD_COL(cancelled) };
	struct kd_param p[1] = { KD_STR(device_ref) };
	int rc = kd_db_row(SQL_BY_REF, p, 1, c, 6);

	if (rc != 1)
		return rc;
	if (strtoull(decl, NULL, 10) != ps->declaration_id) {
		*err = KD_E_CONFLICT;
		return 1;
	}
	ps->passage_id = strtoull(pid, NULL, 10);
	ps->place_id = strtoll(place, NULL, 10);
	snprintf(ps->direction, sizeof(ps->direction), "%s", dir);
	kd_db_time_iso(at, ps->at, sizeof(ps->at));
	if (!c[5].is_null)
		kd_db_time_iso(cancelled, ps->cancelled_at, sizeof(ps->cancelled_at));
	return 1;
}

/* 3. The first passage within the window of when; 1 found, 0, -1. */
static int recent(const char *when, struct kd_passage *ps)
{
	char pid[24] = "", at[40] = "";
	struct kd_col c[2] = { KD_COL(pid), KD_COL(at) };
	struct kd_param p[5] = { KD_INT((long long)ps->declaration_id),
	    KD_INT(ps->place_id), KD_STR(ps->direction), KD_STR(when), KD_STR(when) };
	int rc = kd_db_row(SQL_RECENT, p, 5, c, 2);

	if (rc == 1) {
		ps->passage_id = strtoull(pid, NULL, 10);
		kd_db_time_iso(at, ps->at, sizeof(ps->at));
	}
	return rc;
}

/* An offline passage's verdict on arrival: the person's reasons.  The
 * reasons as a SET value ("F1,mismatch") and whether one asks for a
 * follow-up.  0 ok, -1 error. */
static int judge_on_arrival(struct locked *l, struct kd_passage *ps,
    char *set, size_t cap, int *followup)
{
	struct kd_col c[1] = { KD_COL(l->f_status) };
	struct kd_param p[1] = { KD_STR(l->id_number) };
	struct kd_facts facts = { 0 };
	size_t i, used = 0;
	int rc, w;

	rc = kd_db_row(SQL_F_STATUS, p, 1, c, 1);
	if (rc < 0)
		return -1;
	facts.f_status = rc == 1 ? l->f_status : NULL;
	facts.registry = l->registry;
	facts.symptoms = strcmp(l->symptoms, "1") == 0;
	facts.exposure = strcmp(l->exposure, "1") == 0;
	kd_decide(&facts, &ps->late);
	set[0] = '\0';
	*followup = 0;
	for (i = 0; i < ps->late.nreasons; i++) {
		const char *reason = ps->late.reasons[i]->reason;
		size_t k;

		w = snprintf(set + used, cap - used, "%s%s", used ? "," : "", reason);
		if (w > 0 && (size_t)w < cap - used)
			used += (size_t)w;
		for (k = 0; followup_reasons[k] != NULL; k++)
			if (strcmp(followup_reasons[k], reason) == 0)
				*followup = 1;
	}
	return 0;
}

/* The task of a follow-up passage ps (just stored): its status the
 * most severe reason asking for one (the verdict lists them in the
 * table's order), its note where, when and why.  0 ok, -1 error. */
static int followup_task(const struct kd_req *r, const struct kd_passage *ps,
    const char *when, const char *now)
{
	char ref[32], words[400] = "";
	const char *status = NULL;
	struct kd_param p[10];
	size_t i, k, used = 0;
	int w;

	for (i = 0; i < ps->late.nreasons; i++) {
		const struct kd_decision_rule *rule = ps->late.reasons[i];

		for (k = 0; followup_reasons[k] != NULL; k++)
			if (strcmp(followup_reasons[k], rule->reason) == 0 && status == NULL)
				status = rule->reason;
		w = snprintf(words + used, sizeof(words) - used, "%s%s", used ? ", " : "",
		    rule->words);
		if (w > 0 && (size_t)w < sizeof(words) - used)
			used += (size_t)w;
	}
	snprintf(ref, sizeof(ref), "p:%llu", ps->passage_id);
	p[0] = KD_STR(status);
	p[1] = KD_STR(ref);
	p[2] = KD_STR(when);
	p[3] = KD_STR(words);
	p[4] = KD_STR(r->session.uid);
	p[5] = KD_STR(now);
	p[6] = KD_STR(now);
	p[7] = KD_INT((long long)ps->passage_id);
	p[8] = KD_INT(ps->place_id);
	p[9] = KD_INT((long long)ps->declaration_id);
	return kd_db_exec(SQL_FOLLOWUP_TASK, p, 10) == 1 ? 0 : -1;
}

/* 4. The new row. */
static int insert(const struct kd_req *r, const struct kd_passage_in *in,
    struct locked *l, const char *when, const char *now, struct kd_passage *ps)
{
	char reasons[160];
	int followup = 0;
	struct kd_param p[10];

	if (ps->offline && judge_on_arrival(l, ps, reasons, sizeof(reasons), &followup) != 0)
		return -1;
	p[0] = KD_INT((long long)ps->declaration_id);
	p[1] = KD_STR(l->id_number);
	p[2] = KD_INT(ps->place_id);
	p[3] = KD_STR(ps->direction);
	p[4] = KD_STR(r->session.uid);
	p[5] = KD_STR(when);
	p[6] = KD_STR(now);
	p[7] = KD_STR(in->device_ref);
	p[8] = ps->offline ? KD_STR(reasons) : KD_NULLP;
	p[9] = followup ? KD_INT(1) : KD_NULLP;
	/* Only a cluster needs the claim: on one server the row lock holds,
	 * and the claim's write cost a quarter of the durable confirmations
	 * (bench/verify.sh, 2,596/s without it, 1,913/s with). */
	if (kd_db_replicated() && kd_db_exec(SQL_CLAIM, p, 1) != 1)
		return -1;
	if (kd_db_exec(SQL_INSERT, p, 10) != 1)
		return -1;
	ps->passage_id = kd_db_insert_id(SQL_INSERT);
	kd_db_time_iso(when, ps->at, sizeof(ps->at));
	ps->created = 1;
	ps->followup = followup;
	/* On the worklist of the checkpoint's police (issue 21). */
	return followup ? followup_task(r, ps, when, now) : 0;
}

int kd_passage_record(const struct kd_req *r, unsigned long long id,
    const struct kd_passage_in *in, struct kd_passage *ps, enum kd_err *err)
{
	char now[32], when[32];
	struct locked l;
	int rc;

	memset(ps, 0, sizeof(*ps));
	ps->declaration_id = id;
	ps->place_id = r->session.place_id;
	ps->offline = in->scanned_at != 0;
	snprintf(ps->direction, sizeof(ps->direction), "%s", in->direction);
	*err = KD_E_UNAVAILABLE;
	kd_now_db(now, sizeof(now));
	if (ps->offline && in->scanned_at < time(NULL))
		kd_time_db(in->scanned_at, when, sizeof(when));
	else
		snprintf(when, sizeof(when), "%s", now);

	/* 1. Lock the declaration: identical confirmations queue here. */
	rc = lock_declaration(id, when, &l);
	if (rc <= 0) {
		if (rc == 0)
			*err = KD_E_TOKEN_UNKNOWN;
		return -1;
	}
	if (strcmp(l.revoked, "1") == 0) {
		*err = KD_E_TOKEN_REVOKED;
		return -1;
	}
	/* The expiry the database holds, whatever the code says. */
	if (strcmp(l.expired, "1") == 0) {
		*err = KD_E_TOKEN_EXPIRED;
		return -1;
	}
	/* 2, 3.  Plain reads: their snapshot is taken now, after the lock,
	 * so they see the row of whoever held the lock before us. */
	rc = in->device_ref != NULL ? by_device_ref(in->device_ref, ps, err) : 0;
	if (rc == 0)
		rc = recent(when, ps);
	if (rc != 0)
		return rc == 1 && *err != KD_E_CONFLICT ? 0 : -1;
	return insert(r, in, &l, when, now, ps);
}

/* fn as a transaction (lib/db.h): 0 committed; -1 with *err = *why when
 * fn refused, else KD_E_UNAVAILABLE. */
static int run_txn(int (*fn)(void *), void *ctx, const enum kd_err *why,
    enum kd_err *err)
{
	switch (kd_db_txn(fn, ctx, KD_TXN_TRIES)) {
	case KD_TXN_OK:
		return 0;
	case KD_TXN_REFUSED:
		*err = *why;
		return -1;
	default:
		*err = KD_E_UNAVAILABLE;
		return -1;
	}
}

/* The transaction of kd_passage_confirm. */
struct confirm {
	const struct kd_req *r;
	unsigned long long id;
	const struct kd_passage_in *in;
	struct kd_passage *ps;
	enum kd_err err;
};

static int confirm_txn(void *arg)
{
	struct confirm *c = arg;

	if (kd_passage_record(c->r, c->id, c->in, c->ps, &c->err) == 0)
		return KD_TXN_OK;
	/* The same device_ref sent at once for two declarations: the unique
	 * key said no to the second. */
	if (c->err == KD_E_UNAVAILABLE && kd_db_errno() == KD_ER_DUP_ENTRY)
		c->err = KD_E_CONFLICT;
	return c->err == KD_E_UNAVAILABLE ? -1 : KD_TXN_REFUSED;
}

int kd_passage_code(const char *code, time_t at, unsigned long long *id,
    enum kd_err *err)
{
	time_t expires = 0;

	switch (kd_token_verify(code, at, id, &expires)) {
	case KD_TOKEN_OK:
		return 0;
	case KD_TOKEN_EXPIRED:
		*err = KD_E_TOKEN_EXPIRED;
		return -1;
	default:
		*err = KD_E_TOKEN_BAD;
		return -1;
	}
}

int kd_passage_confirm(const struct kd_req *r, const char *code,
    const struct kd_passage_in *in, struct kd_passage *ps, enum kd_err *err)
{
	struct confirm c = { r, 0, in, ps, KD_E_UNAVAILABLE };
	time_t now = time(NULL);

	if (kd_passage_code(code, in->scanned_at != 0 && in->scanned_at < now ?
	    in->scanned_at : now, &c.id, err) != 0)
		return -1;
	return run_txn(confirm_txn, &c, &c.err, err);
}

int kd_passage_confirm_looked_up(const struct kd_req *r, unsigned long long id,
    const struct kd_passage_in *in, struct kd_passage *ps, enum kd_err *err)
{
	struct confirm c = { r, id, in, ps, KD_E_UNAVAILABLE };
	char decl[24], one[4];
	struct kd_col col[1] = { KD_COL(one) };
	struct kd_param p[2];
	int rc;

	snprintf(decl, sizeof(decl), "%llu", id);
	p[0] = KD_STR(r->session.uid);
	p[1] = KD_STR(decl);
	rc = kd_db_row(SQL_LOOKED_UP, p, 2, col, 1);
	if (rc != 1) {
		*err = rc < 0 ? KD_E_UNAVAILABLE : KD_E_FORBIDDEN;
		return -1;
	}
	return run_txn(confirm_txn, &c, &c.err, err);
}

/* ----------------------------------------------------------------- undo */

struct undo {
	const struct kd_req *r;
	unsigned long long id;
	struct kd_passage *ps;
	enum kd_err err;
};

static int undo_txn(void *arg)
{
	struct undo *u = arg;
	char decl[24] = "", place[24] = "", at[40] = "", cancelled[40] = "", mine[4] = "",
	    recent_enough[4] = "";
	char now[32], target[24];
	struct kd_col c[7] = { KD_COL(decl), KD_COL(place), KD_COL(u->ps->direction),
	    KD_COL(at), KD_COL(cancelled), KD_COL(mine), KD_COL(recent_enough) };
	struct kd_param p[3];
	int rc;

	u->err = KD_E_UNAVAILABLE;
	kd_now_db(now, sizeof(now));
	p[0] = KD_STR(u->r->session.uid);
	p[1] = KD_STR(now);
	p[2] = KD_INT((long long)u->id);
	rc = kd_db_row(SQL_UNDO_LOCK, p, 3, c, 7);
	if (rc <= 0) {
		u->err = rc == 0 ? KD_E_NOT_FOUND : KD_E_UNAVAILABLE;
		return rc == 0 ? KD_TXN_REFUSED : -1;
	}
	u->ps->passage_id = u->id;
	u->ps->declaration_id = strtoull(decl, NULL, 10);
	u->ps->place_id = strtoll(place, NULL, 10);
	kd_db_time_iso(at, u->ps->at, sizeof(u->ps->at));
	if (strcmp(mine, "1") != 0) {
		u->err = KD_E_NOT_YOURS;
		return KD_TXN_REFUSED;
	}
	if (!c[4].is_null) {              /* undone before: the same answer */
		kd_db_time_iso(cancelled, u->ps->cancelled_at, sizeof(u->ps->cancelled_at));
		return KD_TXN_OK;
	}
	if (strcmp(recent_enough, "1") != 0) {
		u->err = KD_E_UNDO_TOO_LATE;
		return KD_TXN_REFUSED;
	}
	p[0] = KD_STR(now);
	p[1] = KD_INT((long long)u->id);
	snprintf(target, sizeof(target), "%llu", u->id);
	if (kd_db_exec(SQL_UNDO, p, 2) != 1 ||
	    kd_audit(u->r, "passage_undo", "passage", target, NULL) != 0)
		return -1;
	kd_db_time_iso(now, u->ps->cancelled_at, sizeof(u->ps->cancelled_at));
	return KD_TXN_OK;
}

int kd_passage_undo(const struct kd_req *r, unsigned long long passage_id,
    struct kd_passage *ps, enum kd_err *err)
{
	struct undo u = { r, passage_id, ps, KD_E_UNAVAILABLE };

	memset(ps, 0, sizeof(*ps));
	return run_txn(undo_txn, &u, &u.err, err);
}

void kd_passage_json(struct kd_json *j, const struct kd_passage *ps)
{
	size_t i;

	kd_json_kint(j, "passage_id", (long long)ps->passage_id);
	kd_json_kint(j, "place_id", ps->place_id);
	kd_json_kstr(j, "at", ps->at);
	kd_json_kstr(j, "direction", ps->direction);
	kd_json_kint(j, "declaration_id", (long long)ps->declaration_id);
	if (ps->cancelled_at[0] != '\0')
		kd_json_kstr(j, "cancelled_at", ps->cancelled_at);
	if (!ps->offline || !ps->created)
		return;
	kd_json_key(j, "offline_reasons");
	kd_json_arr(j);
	for (i = 0; i < ps->late.nreasons; i++)
		kd_json_str(j, ps->late.reasons[i]->reason);
	kd_json_arr_end(j);
	kd_json_kstr(j, "decision", kd_decision_name(ps->late.decision));
	kd_json_kbool(j, "followup", ps->followup);
}
