/*
 * f-trace.c - the trace's computation (what it finds: f-trace.h).
 *
 * How it reads passages.  Everything goes through the index k_place_at
 * (place_id, at) with a real range per window: a join of passages with
 * itself on "same place, time within ±window" makes MariaDB read every
 * passage of the place and filter them (41 ms for four windows on a
 * million passages, against 0.25 ms for one range), so the windows are
 * read by statements of 8 ranges each (UNION ALL of parts that each say
 * place_id = ? AND at BETWEEN ? AND ?).  Depth 2 first counts each window
 * (at most TRACE_CROWD_MAX + 2 index entries, nothing fetched) and reads
 * only the windows that are not crowded.  Names and phones are read for
 * the contacts shown only (trace_names), by primary key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "field.h"
#include "f-status.h"
#include "f-trace.h"
#include "vntime.h"

#define NEAR_BATCH 8
#define IDS_BATCH 16
#define FIRST_CAP 256

/* --- statements ------------------------------------------------------------ */

/* A passage undone at the kiosk (cancelled_at, schema/012) met no one. */
#define NEAR_SELECT(k) "SELECT " #k " AS k, id_number, at, declaration_id FROM passages" \
	" WHERE place_id = ? AND at BETWEEN ? AND ? AND cancelled_at IS NULL" \
	" ORDER BY at LIMIT ?"
#define NEAR_PART(k) "(" NEAR_SELECT(k) ")"
/* How many passages a window holds, counting at most LIMIT of them
 * (cancelled ones too: a bound, read from the index alone). */
#define CROWD_PART(k) "SELECT " #k ", (SELECT COUNT(*) FROM (SELECT 1 FROM passages" \
	" WHERE place_id = ? AND at BETWEEN ? AND ? LIMIT ?) w" #k ")"
#define UNION8(P) P(0) " UNION ALL " P(1) " UNION ALL " P(2) " UNION ALL " P(3) \
	" UNION ALL " P(4) " UNION ALL " P(5) " UNION ALL " P(6) " UNION ALL " P(7)
#define IN16 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

void fs_trace_sql(const char **sql)
{
	/* k_citizen_at (id_number, at). */
	sql[ST_ITINERARY] = "SELECT p.at, p.place_id, COALESCE(l.name, ''),"
	    " COALESCE(l.kind, ''), p.direction FROM passages p"
	    " LEFT JOIN places l ON l.place_id = p.place_id"
	    " WHERE p.id_number = ? AND p.at >= ? AND p.at < ?"
	    " AND p.cancelled_at IS NULL ORDER BY p.at, p.passage_id LIMIT ?";
	sql[ST_NEAR_1] = NEAR_SELECT(0);
	sql[ST_NEAR_8] = UNION8(NEAR_PART);
	sql[ST_CROWD_8] = UNION8(CROWD_PART);
	sql[ST_PASSAGES_OF_16] = "SELECT id_number, place_id, at FROM passages"
	    " WHERE id_number IN " IN16 " AND at >= ? AND at < ?"
	    " AND cancelled_at IS NULL LIMIT ?";
	sql[ST_DECLS_16] = "SELECT declaration_id, full_name, COALESCE(phone, '')"
	    " FROM declarations WHERE declaration_id IN " IN16;
	sql[ST_PLACES_16] = "SELECT place_id, name, kind FROM places"
	    " WHERE place_id IN " IN16;
}

_Static_assert(IDS_BATCH == 16 && NEAR_BATCH == 8, "the statements' sizes");

/* A passage whose window is read: the traced person's (owner -1) or a
 * depth-1 contact's (owner its index). */
struct member {
	long long place_id, at;
	long owner;
};

/* An arena array v of n elements with room for cap, made ready for one
 * more: the same, or when it is full a copy with twice the room (the old
 * one stays in the arena until the request ends: at most as much again).
 * NULL out of memory. */
static void *grown(struct kd_arena *a, void *v, size_t n, size_t *cap, size_t size)
{
	size_t room = *cap ? *cap * 2 : FIRST_CAP;
	void *nv;

	if (n < *cap)
		return v;
	if ((nv = kd_alloc(a, room * size)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(nv, v, n * size);
	*cap = room;
	return nv;
}

/* --- contacts by ID number -------------------------------------------------------- */

static size_t hash_id(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Slots hold index + 1; 0 is empty.  nslots is twice the capacity, a
 * power of two. */
static void slot_put(struct trace *t, size_t k)
{
	size_t i = hash_id(t->contacts[k].id) & (t->nslots - 1);

	while (t->slot[i] != 0)
		i = (i + 1) & (t->nslots - 1);
	t->slot[i] = (int)k + 1;
}

long trace_find(const struct trace *t, const char *id)
{
	size_t i;

	if (t->nslots == 0)
		return -1;
	for (i = hash_id(id) & (t->nslots - 1); t->slot[i] != 0;
	    i = (i + 1) & (t->nslots - 1))
		if (strcmp(t->contacts[t->slot[i] - 1].id, id) == 0)
			return t->slot[i] - 1;
	return -1;
}

/* Twice the room for contacts, and the index rebuilt for it. */
static int grow(struct kd_arena *a, struct trace *t)
{
	size_t k;

	t->contacts = grown(a, t->contacts, t->ncontacts, &t->cap, sizeof(*t->contacts));
	t->nslots = 2 * t->cap;
	t->slot = kd_alloc(a, t->nslots * sizeof(*t->slot));
	if (t->contacts == NULL || t->slot == NULL)
		return -1;
	for (k = 0; k < t->ncontacts; k++)
		slot_put(t, k);
	return 0;
}

/* An ID number (at most 15 bytes) into a 16-byte field; per row, so no
 * printf. */
static void copy_id(char dst[16], const char *src)
{
	size_t n = strnlen(src, 15);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Someone at place_id at time at (their passage's declaration decl),
 * within the window of of's passage at via_at: a contact at depth unless
 * it is the traced person or already one at a lower depth or earlier.
 * 0 ok, -1 out of memory. */
static int consider(struct kd_arena *a, struct trace *t, const struct trace_params *tp,
    int depth, const char *of, const struct member *m, const char *id, long long at,
    unsigned long long decl)
{
	struct trace_contact *c;
	long k;

	if (strcmp(id, tp->id_number) == 0)
		return 0;
	k = trace_find(t, id);
	if (k >= 0) {
		c = &t->contacts[k];
		if (c->depth < depth || c->at <= at)
			return 0;
	} else {
		if (t->ncontacts >= TRACE_MAX_CONTACTS) {
			t->truncated = 1;
			return 0;
		}
		if (t->ncontacts == t->cap && grow(a, t) != 0)
			return -1;
		c = &t->contacts[t->ncontacts];
		copy_id(c->id, id);
		slot_put(t, t->ncontacts++);
	}
	c->depth = depth;
	copy_id(c->of, of);
	c->place_id = m->place_id;
	c->at = at;
	c->via_at = m->at;
	c->decl_id = decl;
	return 0;
}

/* --- reading windows ----------------------------------------------------------------- */

/* The four parameters of a window part: place, from, to, limit.  An
 * unused part reads place 0, which has no passages. */
static void window_params(struct kd_param *p, char lo[32], char hi[32],
    const struct member *m, long long half, long limit)
{
	if (m != NULL) {
		kd_ms_db_time(m->at - half, lo, 32);
		kd_ms_db_time(m->at + half, hi, 32);
	} else {
		snprintf(lo, 32, "2000-01-01 00:00:00");
		snprintf(hi, 32, "2000-01-01 00:00:00");
	}
	p[0] = KD_INT(m != NULL ? m->place_id : 0);
	p[1] = KD_STR(lo);
	p[2] = KD_STR(hi);
	p[3] = KD_INT(limit);
}

/* Reads the windows of n (<= 8) members, at most limit passages each, and
 * gives every passage found to consider().  of[i]: the ID number of
 * member i's owner.  0 ok, -1 error. */
static int near_batch(struct kd_arena *a, struct trace *t, const struct trace_params *tp,
    int depth, const struct member *const *ms, char of[][16], size_t n, long limit)
{
	char lo[NEAR_BATCH][32], hi[NEAR_BATCH][32], k[8] = "", id[16] = "", at[32] = "",
	    decl[24] = "";
	struct kd_col cols[4] = { KD_COL(k), KD_COL(id), KD_COL(at), KD_COL(decl) };
	struct kd_param p[4 * NEAR_BATCH];
	size_t stmt = n == 1 ? ST_NEAR_1 : ST_NEAR_8, parts = n == 1 ? 1 : NEAR_BATCH, i;
	int rc;

	for (i = 0; i < parts; i++)
		window_params(p + 4 * i, lo[i], hi[i], i < n ? ms[i] : NULL,
		    tp->window * 60000LL, limit);
	if (kd_db_exec(stmt, p, 4 * parts) < 0)
		return -1;
	while ((rc = kd_db_fetch(stmt, cols, 4)) == 1) {
		i = strtoul(k, NULL, 10);
		if (i < n && consider(a, t, tp, depth, of[i], ms[i], id, kd_db_time_ms(at),
		    strtoull(decl, NULL, 10)) != 0) {
			rc = -1;
			break;
		}
	}
	kd_db_done(stmt);
	return rc < 0 ? -1 : 0;
}

/* For n (<= 8) members: crowded[i] = 1 when the window of member i holds
 * more than TRACE_CROWD_MAX passages besides its own.  0 ok, -1 error. */
static int crowd_batch(const struct trace_params *tp, const struct member *const *ms,
    size_t n, int *crowded)
{
	char lo[NEAR_BATCH][32], hi[NEAR_BATCH][32], k[8] = "", count[24] = "";
	struct kd_col cols[2] = { KD_COL(k), KD_COL(count) };
	struct kd_param p[4 * NEAR_BATCH];
	size_t i;
	int rc;

	for (i = 0; i < NEAR_BATCH; i++)
		window_params(p + 4 * i, lo[i], hi[i], i < n ? ms[i] : NULL,
		    tp->window * 60000LL, TRACE_CROWD_MAX + 2);
	if (kd_db_exec(ST_CROWD_8, p, 4 * NEAR_BATCH) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_CROWD_8, cols, 2)) == 1) {
		i = strtoul(k, NULL, 10);
		if (i < n)
			crowded[i] = strtol(count, NULL, 10) > TRACE_CROWD_MAX + 1;
	}
	kd_db_done(ST_CROWD_8);
	return rc < 0 ? -1 : 0;
}

/* A depth-1 passage that was not expanded: counted, its place listed. */
static void crowd_note(struct trace *t, const struct member *m)
{
	struct trace_crowd *c = NULL;
	size_t i;

	t->crowded++;
	for (i = t->ncrowds; i-- > 0 && c == NULL;)
		if (t->crowds[i].place_id == m->place_id)
			c = &t->crowds[i];
	if (c == NULL) {
		if (t->ncrowds == TRACE_MAX_CROWDS)
			return;
		c = &t->crowds[t->ncrowds++];
		c->place_id = m->place_id;
		c->first = c->last = m->at;
	}
	c->passages++;
	if (m->at < c->first)
		c->first = m->at;
	if (m->at > c->last)
		c->last = m->at;
}

/* --- the three steps -------------------------------------------------------------------- */

/* [from 00:00, the day after to 00:00) as parameters. */
static void day_range(const struct trace_params *tp, char from[32], char to[32])
{
	kd_ms_db_time((long long)tp->from * 1000, from, 32);
	kd_ms_db_time(((long long)tp->to + 86400) * 1000, to, 32);
}

/* 1. The itinerary. */
static int itinerary(struct kd_arena *a, const struct trace_params *tp, struct trace *t)
{
	char from[32], to[32], at[32] = "", place[24] = "";
	struct trace_stop *s;
	struct kd_param p[4];
	int rc;

	day_range(tp, from, to);
	p[0] = KD_STR(tp->id_number);
	p[1] = KD_STR(from);
	p[2] = KD_STR(to);
	p[3] = KD_INT(TRACE_MAX_STOPS + 1);
	if (kd_db_exec(ST_ITINERARY, p, 4) < 0)
		return -1;
	for (;;) {
		if ((t->stops = grown(a, t->stops, t->nstops, &t->stops_cap,
		    sizeof(*t->stops))) == NULL) {
			rc = -1;
			break;
		}
		s = &t->stops[t->nstops];
		{
			struct kd_col c[5] = { KD_COL(at), KD_COL(place), KD_COL(s->place_name),
			    KD_COL(s->kind), KD_COL(s->direction) };

			if ((rc = kd_db_fetch(ST_ITINERARY, c, 5)) != 1)
				break;
		}
		s->at = kd_db_time_ms(at);
		s->place_id = strtoll(place, NULL, 10);
		if (t->nstops == TRACE_MAX_STOPS)
			t->stops_capped = 1;
		else
			t->nstops++;
	}
	kd_db_done(ST_ITINERARY);
	return rc < 0 ? -1 : 0;
}

/* 2. Depth 1: the windows of the itinerary, every passage in them. */
static int depth1(struct kd_arena *a, const struct trace_params *tp, struct trace *t)
{
	struct member *m = kd_alloc(a, (t->nstops + 1) * sizeof(*m));
	const struct member *batch[NEAR_BATCH];
	char of[NEAR_BATCH][16];
	size_t i, n = 0;

	if (m == NULL)
		return -1;
	for (i = 0; i < NEAR_BATCH; i++)
		snprintf(of[i], sizeof(of[i]), "%s", tp->id_number);
	for (i = 0; i < t->nstops; i++) {
		m[i] = (struct member){ t->stops[i].place_id, t->stops[i].at, -1 };
		batch[n++] = &m[i];
		if (n == NEAR_BATCH || i + 1 == t->nstops) {
			if (near_batch(a, t, tp, 1, batch, of, n, TRACE_MAX_CONTACTS + 1) != 0)
				return -1;
			n = 0;
		}
	}
	return 0;
}

/* The depth-1 passages to expand. */
struct members {
	struct member *m;
	size_t n, cap;
};

/* The passages, in the trace's days, of depth-1 contacts [first, first
 * + n) (n <= 16), appended to ms.  0 ok, -1 error. */
static int passages_of(struct kd_arena *a, const struct trace_params *tp,
    struct trace *t, size_t first, size_t n, struct members *ms)
{
	char from[32], to[32], id[16] = "", place[24] = "", at[32] = "";
	struct kd_col cols[3] = { KD_COL(id), KD_COL(place), KD_COL(at) };
	struct kd_param p[IDS_BATCH + 3];
	size_t i;
	int rc;

	for (i = 0; i < IDS_BATCH; i++)
		p[i] = KD_STR(i < n ? t->contacts[first + i].id : "");
	day_range(tp, from, to);
	p[IDS_BATCH] = KD_STR(from);
	p[IDS_BATCH + 1] = KD_STR(to);
	p[IDS_BATCH + 2] = KD_INT(TRACE_MAX_MEMBERS + 1 - (long long)ms->n);
	if (kd_db_exec(ST_PASSAGES_OF_16, p, IDS_BATCH + 3) < 0)
		return -1;
	while ((rc = kd_db_fetch(ST_PASSAGES_OF_16, cols, 3)) == 1) {
		struct member *m;

		if (ms->n == TRACE_MAX_MEMBERS) {
			t->truncated = 1;
			continue;
		}
		if ((ms->m = grown(a, ms->m, ms->n, &ms->cap, sizeof(*ms->m))) == NULL) {
			rc = -1;
			break;
		}
		m = &ms->m[ms->n];
		m->owner = trace_find(t, id);
		m->place_id = strtoll(place, NULL, 10);
		m->at = kd_db_time_ms(at);
		if (m->owner >= 0)
			ms->n++;
	}
	kd_db_done(ST_PASSAGES_OF_16);
	return rc < 0 ? -1 : 0;
}

static int by_place_time(const void *x, const void *y)
{
	const struct member *a = x, *b = y;

	if (a->place_id != b->place_id)
		return a->place_id < b->place_id ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return (a->owner > b->owner) - (a->owner < b->owner);
}

/* Reads the windows of n (<= 8) depth-1 passages: the crowded ones are
 * noted, the others read.  0 ok, -1 error. */
static int expand_batch(struct kd_arena *a, const struct trace_params *tp,
    struct trace *t, const struct member *const *batch, size_t n)
{
	const struct member *open[NEAR_BATCH];
	char of[NEAR_BATCH][16];
	int crowded[NEAR_BATCH] = { 0 };
	size_t i, k = 0;

	if (crowd_batch(tp, batch, n, crowded) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (crowded[i]) {
			crowd_note(t, batch[i]);
			continue;
		}
		snprintf(of[k], sizeof(of[k]), "%s", t->contacts[batch[i]->owner].id);
		open[k++] = batch[i];
	}
	return k == 0 ? 0 : near_batch(a, t, tp, 2, open, of, k, TRACE_CROWD_MAX + 2);
}

/* 3. Depth 2: the windows of every passage of every depth-1 contact,
 * each distinct (place, time) once, in place order. */
static int depth2(struct kd_arena *a, const struct trace_params *tp, struct trace *t)
{
	struct members ms = { NULL, 0, 0 };
	const struct member *batch[NEAR_BATCH];
	size_t n1 = t->ncontacts, nm, i, n = 0;
	struct member *m;

	for (i = 0; i < n1 && !t->truncated; i += IDS_BATCH)
		if (passages_of(a, tp, t, i, n1 - i < IDS_BATCH ? n1 - i : IDS_BATCH, &ms) != 0)
			return -1;
	m = ms.m;
	nm = ms.n;
	if (nm == 0)
		return 0;
	qsort(m, nm, sizeof(*m), by_place_time);
	for (i = 0; i < nm && !(t->truncated && t->ncontacts >= TRACE_MAX_CONTACTS); i++) {
		if (i > 0 && m[i].place_id == m[i - 1].place_id && m[i].at == m[i - 1].at)
			continue;
		batch[n++] = &m[i];
		if (n == NEAR_BATCH) {
			if (expand_batch(a, tp, t, batch, n) != 0)
				return -1;
			n = 0;
		}
	}
	return n > 0 ? expand_batch(a, tp, t, batch, n) : 0;
}

/* Contacts by depth, then time, then ID number; the index rebuilt. */
static int by_depth_time(const void *x, const void *y)
{
	const struct trace_contact *a = x, *b = y;

	if (a->depth != b->depth)
		return a->depth - b->depth;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return strcmp(a->id, b->id);
}

static void finish(struct trace *t)
{
	size_t k;

	qsort(t->contacts, t->ncontacts, sizeof(*t->contacts), by_depth_time);
	memset(t->slot, 0, t->nslots * sizeof(*t->slot));
	for (k = 0; k < t->ncontacts; k++) {
		slot_put(t, k);
		t->by_depth[t->contacts[k].depth]++;
	}
}

int trace_run(struct kd_arena *a, const struct trace_params *tp, struct trace *t)
{
	memset(t, 0, sizeof(*t));
	if (itinerary(a, tp, t) != 0 || grow(a, t) != 0 || depth1(a, tp, t) != 0)
		return -1;
	if (tp->depth >= 2 && depth2(a, tp, t) != 0)
		return -1;
	finish(t);
	return 0;
}

/* --- names, phones and places of what is shown ---------------------------------------- */

struct named {
	unsigned long long id;
	const char *a, *b;
};

static int by_id(const void *x, const void *y)
{
	const struct named *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* Reads (id, a, b) of each of the ids (sorted, distinct), 16 by
 * statement, into out, sorted by id.  0 ok, -1 error. */
static int named_read(struct kd_arena *ar, size_t stmt, const unsigned long long *ids,
    size_t nids, struct named *out, size_t *nout)
{
	char id[24] = "", a[808] = "", b[808] = "";
	struct kd_col cols[3] = { KD_COL(id), KD_COL(a), KD_COL(b) };
	struct kd_param p[IDS_BATCH];
	size_t i, k;
	int rc;

	*nout = 0;
	for (i = 0; i < nids; i += IDS_BATCH) {
		for (k = 0; k < IDS_BATCH; k++)
			p[k] = KD_INT(i + k < nids ? (long long)ids[i + k] : 0);
		if (kd_db_exec(stmt, p, IDS_BATCH) < 0)
			return -1;
		while ((rc = kd_db_fetch(stmt, cols, 3)) == 1 && *nout < nids) {
			out[*nout].id = strtoull(id, NULL, 10);
			out[*nout].a = kd_strdup(ar, a);
			out[(*nout)++].b = kd_strdup(ar, b);
		}
		kd_db_done(stmt);
		if (rc < 0)
			return -1;
	}
	qsort(out, *nout, sizeof(*out), by_id);
	return 0;
}

static const struct named *named_find(const struct named *v, size_t n,
    unsigned long long id)
{
	struct named key = { .id = id };

	return bsearch(&key, v, n, sizeof(*v), by_id);
}

static int cmp_ull(const void *x, const void *y)
{
	unsigned long long a = *(const unsigned long long *)x, b = *(const unsigned long long *)y;

	return (a > b) - (a < b);
}

/* ids sorted, each once; returns the new count. */
static size_t distinct(unsigned long long *ids, size_t n)
{
	size_t i, k = 0;

	qsort(ids, n, sizeof(*ids), cmp_ull);
	for (i = 0; i < n; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	return k;
}

int trace_names_of(struct kd_arena *a, struct trace *t, const size_t *idx, size_t n)
{
	unsigned long long *decls = kd_alloc(a, (n + 1) * sizeof(*decls));
	unsigned long long *places = kd_alloc(a, (n + TRACE_MAX_CROWDS + 1) * sizeof(*places));
	struct named *dn = kd_alloc(a, (n + 1) * sizeof(*dn));
	struct named *pn = kd_alloc(a, (n + TRACE_MAX_CROWDS + 1) * sizeof(*pn));
	const struct named *f;
	size_t i, nd, np;

	if (decls == NULL || places == NULL || dn == NULL || pn == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		decls[i] = t->contacts[idx[i]].decl_id;
		places[i] = (unsigned long long)t->contacts[idx[i]].place_id;
	}
	for (i = 0; i < t->ncrowds; i++)
		places[n + i] = (unsigned long long)t->crowds[i].place_id;
	nd = distinct(decls, n);
	np = distinct(places, n + t->ncrowds);
	if (named_read(a, ST_DECLS_16, decls, nd, dn, &nd) != 0 ||
	    named_read(a, ST_PLACES_16, places, np, pn, &np) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct trace_contact *c = &t->contacts[idx[i]];

		if ((f = named_find(dn, nd, c->decl_id)) != NULL) {
			c->full_name = f->a;
			c->phone = f->b[0] != '\0' ? f->b : NULL;
		}
		f = named_find(pn, np, (unsigned long long)c->place_id);
		c->place_name = f != NULL ? f->a : NULL;
	}
	for (i = 0; i < t->ncrowds; i++) {
		f = named_find(pn, np, (unsigned long long)t->crowds[i].place_id);
		t->crowds[i].place_name = f != NULL ? f->a : NULL;
		t->crowds[i].kind = f != NULL ? f->b : NULL;
	}
	return 0;
}

int trace_names(struct kd_arena *a, struct trace *t, size_t first, size_t n)
{
	size_t *idx = kd_alloc(a, (n + 1) * sizeof(*idx)), i;

	if (idx == NULL)
		return -1;
	for (i = 0; i < n; i++)
		idx[i] = first + i;
	return trace_names_of(a, t, idx, n);
}

/* --- parameters ---------------------------------------------------------------------- */

int trace_params_read(struct kd_values *v, size_t fi, size_t ti, size_t wi,
    struct trace_params *tp)
{
	time_t today = (time_t)kd_today_days() * 86400 - KD_VN_OFFSET;

	tp->to = v->v[ti] != NULL ? v->t[ti] : today;
	tp->from = v->v[fi] != NULL ? v->t[fi] :
	    tp->to - (TRACE_DEFAULT_DAYS - 1) * 86400;
	tp->window = v->v[wi] != NULL ? (int)v->n[wi] : TRACE_DEFAULT_WINDOW;
	if (tp->from > tp->to)
		return kd_field_fail(v, fi, "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.");
	if (tp->to - tp->from > (TRACE_MAX_DAYS - 1) * 86400)
		return kd_field_fail(v, ti, "Khoảng truy vết tối đa 31 ngày.");
	return 0;
}
