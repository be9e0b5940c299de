#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "resp.h"
#include "session.h"
#include "sql.h"

void kd_random_token(char out[44])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 44, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

enum {
	SQL_GET = KD_SQL_BASE(KD_MOD_SESSION), SQL_INSERT, SQL_DELETE, SQL_PURGE,
	SQL_TOUCH, SQL_END_OTHERS
};
#define S(id) [(id) - KD_SQL_BASE(KD_MOD_SESSION)]

static const char *const session_sql[] = {
	/* The 6th column is the session's own expiry, which bounds how long
	 * the per-thread cache below may keep the row; the 7th the name of
	 * its place, for the page header; the 8th when it was last used (the
	 * idle timeout of its role, lib/role.c). */
	S(SQL_GET) = "SELECT s.uid, s.role, s.unit, COALESCE(s.place_id, 0), s.csrf,"
	    " UNIX_TIMESTAMP(s.expires_at), COALESCE(p.name, ''),"
	    " UNIX_TIMESTAMP(COALESCE(s.last_seen_at, s.created_at)) FROM sessions s"
	    " LEFT JOIN places p ON p.place_id = s.place_id"
	    " WHERE s.sid_hash = ? AND s.expires_at > NOW()",
	S(SQL_INSERT) = "INSERT INTO sessions (sid_hash, uid, role, unit, place_id, csrf,"
	    " created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, NOW(),"
	    " NOW() + INTERVAL ? MINUTE, NOW())",
	S(SQL_DELETE) = "DELETE FROM sessions WHERE sid_hash = ?",
	S(SQL_PURGE) = "DELETE FROM sessions WHERE expires_at < NOW() LIMIT 1000",
	/* At most once a minute per session (the threads of a worker each
	 * ask, the first one writes). */
	S(SQL_TOUCH) = "UPDATE sessions SET last_seen_at = NOW() WHERE sid_hash = ?"
	    " AND (last_seen_at IS NULL OR last_seen_at < NOW() - INTERVAL 50 SECOND)",
	S(SQL_END_OTHERS) = "DELETE FROM sessions WHERE uid = ? AND sid_hash <> ?",
};
#undef S
const struct kd_sql_table kd_session_sql = KD_SQL_TABLE(session_sql);

static void sid_hash(const char *sid, unsigned char hash[32])
{
	crypto_hash_sha256(hash, (const unsigned char *)sid, strlen(sid));
}

/*
 * The session cache of each worker thread.
 *
 * Without it every request that carries a sid costs a MariaDB round trip
 * (the kiosk's GET /verify above all).  A thread keeps the rows it has read
 * in a small direct-mapped table keyed by the SHA-256 of the sid (never the
 * sid itself).  An entry is used only while all three hold:
 *
 *   - it was read from the database less than session_cache_seconds ago
 *     (config, default 30; 0 turns the cache off);
 *   - the session's own expires_at, read with the row, is still ahead;
 *   - the host-wide revocation epoch is the one seen before the row was read.
 *
 * The epoch is a 64-bit counter in <var_dir>/run/session-epoch, mapped
 * MAP_SHARED by every worker of every program on this host.  Whoever deletes
 * sessions (logout, an administrator disabling, resetting or moving an
 * account) bumps it after the DELETE, so on this host a logout or a disabled
 * account bites at once: every worker compares the epoch before it trusts
 * an entry.  The epoch is read before the SELECT that fills an entry, so a
 * DELETE that lands after the SELECT always comes with a bump the entry has
 * not seen.  With several application hosts each host has its own file: a
 * revocation made on one host reaches the others' caches only when their
 * entries age out, i.e. within session_cache_seconds.  Changes made to the
 * table behind the programs' back (a hand-written DELETE or UPDATE of
 * expires_at) are likewise seen only after session_cache_seconds.
 *
 * Without var_dir, or when the file cannot be opened or mapped, there is no
 * cache: every request asks the database, as before.
 */
#define CACHE_SLOTS 256    /* a power of two; ~200 bytes each */

struct cache_slot {
	int used;
	unsigned char hash[32];
	struct kd_session s;
	time_t read_at;        /* CLOCK_MONOTONIC seconds of the DB read */
	long long expires_at;  /* the session's own expiry, Unix time */
	long long last_seen;   /* when it was last used, Unix time (as far as
	                          this thread knows: it moves it forward) */
	uint64_t epoch;        /* the host-wide epoch seen before the read */
};

/* Per thread of a worker (each thread has its own cache and mapping). */
static _Thread_local struct cache_slot cache[CACHE_SLOTS];
static _Thread_local uint64_t *epoch_ptr;    /* the shared counter; NULL = not mapped */
static _Thread_local int epoch_fd = -1;
static _Thread_local int epoch_tried;        /* lazy mapping: tried once per thread */
static _Thread_local time_t epoch_checked;   /* second of the last st_nlink look */
static _Thread_local long cache_seconds = -1;

static void cache_clear(void)
{
	sodium_memzero(cache, sizeof(cache));
}

static time_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void epoch_unmap(void)
{
	if (epoch_ptr != NULL)
		munmap(epoch_ptr, sizeof(*epoch_ptr));
	if (epoch_fd >= 0)
		close(epoch_fd);
	epoch_ptr = NULL;
	epoch_fd = -1;
}

/* Opens (creating it 0600 when missing) and maps the epoch file.  0 ok. */
static int epoch_map(void)
{
	const char *var = kd_conf_str("var_dir", NULL);
	char path[4096];
	struct stat st;
	void *m;
	int fd, n;

	/* The counter is shared between processes: a libatomic lock inside
	 * one process would not protect it. */
	if (!__atomic_always_lock_free(sizeof(uint64_t), 0) || var == NULL ||
	    *var == '\0')
		return -1;
	n = snprintf(path, sizeof(path), "%s/run/session-epoch", var);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		kd_log("session cache off: %s: %s", path, strerror(errno));
		return -1;
	}
	/* Only a new (short) file is extended; an existing counter is kept. */
	if (fstat(fd, &st) != 0 ||
	    (st.st_size < (off_t)sizeof(uint64_t) &&
	    ftruncate(fd, sizeof(uint64_t)) != 0)) {
		kd_log("session cache off: %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	m = mmap(NULL, sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		kd_log("session cache off: mmap %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	epoch_fd = fd;
	epoch_ptr = m;
	return 0;
}

/* The shared counter, mapping it at first use; NULL when there is none.
 * If the file was removed or replaced while mapped (st_nlink 0), the old
 * mapping would no longer be the one the other workers see: drop it and the
 * entries read under it, and map the file afresh.  A reader looks at that
 * once a second, not on every request: a file replaced under a running
 * stack is rare, and the fstat() was a system call per look-up. */
static uint64_t *epoch_get(int retry)
{
	struct stat st;
	time_t now;

	if (epoch_ptr != NULL) {
		/* A revocation (retry) always looks: it must reach the file
		 * the other workers read. */
		now = mono_now();
		if (now == epoch_checked && !retry)
			return epoch_ptr;
		epoch_checked = now;
		if (fstat(epoch_fd, &st) == 0 && st.st_nlink > 0)
			return epoch_ptr;
		epoch_unmap();
		cache_clear();
		retry = 1;
	}
	if (epoch_tried && !retry)
		return NULL;
	epoch_tried = 1;
	return epoch_map() == 0 ? epoch_ptr : NULL;
}

static long cache_ttl(void)
{
	if (cache_seconds < 0) {
		cache_seconds = kd_conf_long("session_cache_seconds", 30);
		if (cache_seconds < 0)
			cache_seconds = 0;
	}
	return cache_seconds;
}

void kd_session_revoke_all(void)
{
	/* Retried even when the lazy mapping failed before: a revocation
	 * that cannot be published would leave other workers' entries
	 * alive until they age out. */
	uint64_t *epoch = epoch_get(1);

	if (epoch != NULL)
		__atomic_add_fetch(epoch, 1, __ATOMIC_SEQ_CST);
	else if (cache_ttl() > 0 && kd_conf_str("var_dir", NULL) != NULL)
		kd_log("session revocation not published to the other workers");
	cache_clear();
}

const char *kd_session_cookie_name(void)
{
	return kd_conf_long("cookie_secure", 0) ? "__Host-sid" : "sid";
}

int kd_session_cookie_ambiguous(const struct kd_req *r)
{
	const char *name = kd_session_cookie_name();
	size_t i, n = 0;

	for (i = 0; i < r->ncookies; i++)
		n += strcmp(r->cookies[i].key, name) == 0;
	return n > 1;
}

/* Within its role's idle timeout at now (Unix time). */
static int awake(const struct kd_session *s, long long last_seen, time_t now)
{
	const struct kd_role *role = kd_role_find(s->role);

	return role != NULL && now - last_seen < (long long)role->idle_minutes * 60;
}

/* Moves the session's last use to now when this thread last saw it more
 * than a minute ago (SQL_TOUCH writes only then).  A failure is logged
 * and costs nothing but a little idle time. */
static void touch(const unsigned char hash[32], long long *last_seen, time_t now)
{
	struct kd_param p[1] = { KD_BLOB(hash, 32) };

	if (now - *last_seen < 60)
		return;
	if (kd_db_exec(SQL_TOUCH, p, 1) < 0)
		kd_log("session: last use not recorded");
	*last_seen = now;
}

void kd_session_load(struct kd_req *r)
{
	const char *sid = kd_req_cookie(r, kd_session_cookie_name());
	unsigned char hash[32];
	char place[24] = "", expires[24] = "", seen_at[24] = "";
	struct kd_session *s = &r->session;
	struct kd_col cols[] = { KD_COL(s->uid), KD_COL(s->role), KD_COL(s->unit),
	    KD_COL(place), KD_COL(s->csrf), KD_COL(expires), KD_COL(s->place_name),
	    KD_COL(seen_at) };
	struct kd_param p[1];
	struct cache_slot *slot;
	uint64_t *epoch = NULL, seen = 0;
	long long last_seen;
	long ttl = cache_ttl();
	time_t now = 0, wall = time(NULL);
	int rc;

	memset(s, 0, sizeof(*s));
	if (sid == NULL || strlen(sid) != 43)
		return;
	sid_hash(sid, hash);
	/* SHA-256 is uniform: its first bytes pick the slot. */
	slot = &cache[(hash[0] | (unsigned)hash[1] << 8) % CACHE_SLOTS];
	if (ttl > 0 && (epoch = epoch_get(0)) != NULL) {
		/* Acquire: read before the SELECT below, never after it. */
		seen = __atomic_load_n(epoch, __ATOMIC_ACQUIRE);
		now = mono_now();
		if (slot->used && sodium_memcmp(slot->hash, hash, 32) == 0 &&
		    slot->epoch == seen && now - slot->read_at < ttl &&
		    (long long)wall < slot->expires_at &&
		    awake(&slot->s, slot->last_seen, wall)) {
			touch(hash, &slot->last_seen, wall);
			*s = slot->s;
			return;
		}
	}
	p[0] = KD_BLOB(hash, sizeof(hash));
	rc = kd_db_row(SQL_GET, p, 1, cols, 8);
	if (rc == 1 && (s->role_bit = kd_role_bit(s->role)) == 0)
		rc = 0;        /* a role this build does not know: no session */
	last_seen = strtoll(seen_at, NULL, 10);
	if (rc == 1 && !awake(s, last_seen, wall))
		rc = 0;        /* idle too long: as good as ended */
	if (rc != 1) {
		memset(s, 0, sizeof(*s));
		s->unavailable = rc < 0;
		return;
	}
	touch(hash, &last_seen, wall);
	s->place_id = strtoll(place, NULL, 10);
	s->valid = 1;
	/* Only a live session is kept; an unknown sid always asks again. */
	if (epoch != NULL) {
		sodium_memzero(slot, sizeof(*slot));
		slot->used = 1;
		memcpy(slot->hash, hash, 32);
		slot->s = *s;
		slot->read_at = now;
		slot->expires_at = strtoll(expires, NULL, 10);
		slot->last_seen = last_seen;
		slot->epoch = seen;
	}
}

/* The session cookie: HttpOnly, SameSite=Strict, Path=/; with
 * cookie_secure = 1 (behind TLS) named __Host-sid and Secure, so that no
 * other host or plain-HTTP page can set or read it.  max_age > 0 keeps it
 * that many seconds, 0 ends it, -1 makes it a browser-session cookie
 * (gone when the browser closes: the kiosks). */
static void set_sid_cookie(struct kd_req *r, const char *value, int max_age)
{
	char cookie[200], age[32] = "";
	int secure = kd_conf_long("cookie_secure", 0) != 0;

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%d", max_age);
	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    kd_session_cookie_name(), value, age, secure ? "; Secure" : "");
	if (kd_req_set_cookie(r, cookie) != 0)
		kd_log("session: cookie not queued");
}

/* A new login of an account whose role allows one session only ends the
 * account's other sessions.  0 ok, -1 database error. */
static int end_others(const struct kd_role *role, const char *uid,
    const unsigned char hash[32])
{
	struct kd_param p[2] = { KD_STR(uid), KD_BLOB(hash, 32) };
	long long n;

	if (!role->one_session)
		return 0;
	if ((n = kd_db_exec(SQL_END_OTHERS, p, 2)) < 0)
		return -1;
	if (n > 0)
		kd_session_revoke_all();
	return 0;
}

int kd_session_start(struct kd_req *r, const char *uid, const char *role_name,
    const char *unit, long long place_id)
{
	const struct kd_role *role = kd_role_find(role_name);
	char sid[44], csrf[44];
	unsigned char hash[32];
	struct kd_param p[7];

	if (role == NULL)
		return -1;
	kd_random_token(sid);
	kd_random_token(csrf);
	sid_hash(sid, hash);
	p[0] = KD_BLOB(hash, sizeof(hash));
	p[1] = KD_STR(uid);
	p[2] = KD_STR(role_name);
	p[3] = KD_STR(unit);
	p[4] = place_id > 0 ? KD_INT(place_id) : KD_NULLP;
	p[5] = KD_STR(csrf);
	p[6] = KD_INT(role->max_minutes);
	if (kd_db_exec(SQL_INSERT, p, 7) != 1 || end_others(role, uid, hash) != 0)
		return -1;
	/* Expired sessions go a few at a time, on the login path only; they
	 * are refused by their expires_at whether purged or not. */
	if (kd_db_exec(SQL_PURGE, NULL, 0) < 0)
		kd_log("session: purge of expired sessions failed");
	set_sid_cookie(r, sid, role->kiosk ? -1 : role->max_minutes * 60);
	memset(&r->session, 0, sizeof(r->session));
	snprintf(r->session.uid, sizeof(r->session.uid), "%s", uid);
	snprintf(r->session.role, sizeof(r->session.role), "%s", role_name);
	r->session.role_bit = role->bit;
	snprintf(r->session.unit, sizeof(r->session.unit), "%s", unit);
	snprintf(r->session.csrf, sizeof(r->session.csrf), "%s", csrf);
	r->session.place_id = place_id;
	r->session.valid = 1;
	sodium_memzero(sid, sizeof(sid));
	return 0;
}

int kd_session_end_others(const struct kd_req *r)
{
	const char *sid = kd_req_cookie(r, kd_session_cookie_name());
	unsigned char hash[32];
	struct kd_param p[2];

	if (sid == NULL || strlen(sid) != 43 || !r->session.valid)
		return -1;
	sid_hash(sid, hash);
	p[0] = KD_STR(r->session.uid);
	p[1] = KD_BLOB(hash, sizeof(hash));
	if (kd_db_exec(SQL_END_OTHERS, p, 2) < 0)
		return -1;
	kd_session_revoke_all();
	return 0;
}

int kd_session_end(struct kd_req *r)
{
	const char *sid = kd_req_cookie(r, kd_session_cookie_name());
	unsigned char hash[32];
	struct kd_param p[1];
	int rc = 0;

	if (sid != NULL && strlen(sid) == 43) {
		sid_hash(sid, hash);
		p[0] = KD_BLOB(hash, sizeof(hash));
		if (kd_db_exec(SQL_DELETE, p, 1) < 0)
			rc = -1;
		/* After the DELETE: every worker on this host drops its
		 * cached copy before its next request (see the cache above). */
		kd_session_revoke_all();
	}
	set_sid_cookie(r, "", 0);
	memset(&r->session, 0, sizeof(r->session));
	return rc;
}

static const char *csrf_sent(const struct kd_req *r)
{
	size_t i;

	for (i = 0; i < r->nbody; i++)
		if (strcmp(r->body[i].key, "csrf") == 0)
			return r->body[i].value;
	return kd_req_param(r, "HTTP_X_CSRF_TOKEN");
}

int kd_csrf_ok(const struct kd_req *r)
{
	const char *token = csrf_sent(r);

	return r->session.valid && token != NULL && strlen(token) == 43 &&
	    sodium_memcmp(token, r->session.csrf, 43) == 0;
}

/* "http://host:port" of an Origin header against the Host header. */
static int origin_is_ours(const char *origin, const char *host)
{
	const char *p = strstr(origin, "://");

	if (p == NULL || host == NULL)
		return 0;
	return strcmp(p + 3, host) == 0;
}

int kd_origin_check(struct kd_req *r)
{
	const char *site = kd_req_param(r, "HTTP_SEC_FETCH_SITE");
	const char *origin = kd_req_param(r, "HTTP_ORIGIN");
	const char *host = kd_req_param(r, "HTTP_HOST");

	/* Clients that are not browsers send neither header and cannot be
	 * made to act for someone else.  A browser's Sec-Fetch-Site cannot be
	 * set by a page, so when it is there it decides: with our
	 * Referrer-Policy no-referrer, Chromium sends "Origin: null" even on
	 * a same-origin form POST.  Without it, "null" origins are refused. */
	if (site != NULL ? strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0 :
	    origin != NULL && !origin_is_ours(origin, host)) {
		kd_reply_error(r, KD_E_CSRF, NULL, 0, NULL);
		return -1;
	}
	return 0;
}
