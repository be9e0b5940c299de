#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "audit.h"
#include "conf.h"
#include "keyfile.h"
#include "db.h"
#include "journal.h"
#include "log.h"
#include "sql.h"
#include "valid.h"

/* A journal record: at (ms since the epoch), actor, action, target_kind,
 * target, place_id ("" = none), detail, then the source address, the
 * actor's role and unit (schema/011).  The order of the columns of
 * SQL_LOAD_*.  A record of the first seven fields only (a journal written
 * before schema/011) is loaded with the last three empty. */
enum { F_AT, F_ACTOR, F_ACTION, F_KIND, F_TARGET, F_PLACE, F_DETAIL, F_ADDR,
    F_ROLE, F_UNIT, F_COUNT };
#define F_COUNT_OLD F_ADDR

/* The widths of audit_log's columns (schema/001, 011): a record that would
 * not fit is dropped by the loader instead of failing its whole chunk. */
static const size_t field_max[F_COUNT] = { 20, 64, 32, 16, 64, 20, 255, 45, 16, 5 };

#define LOAD_CHUNK (64 * 1024)

enum {
	SQL_INSERT = KD_SQL_BASE(KD_MOD_AUDIT), SQL_LOAD_1, SQL_LOAD_8, SQL_LOAD_32,
	SQL_JOURNAL_GET, SQL_JOURNAL_SET, SQL_JOURNAL_FORGET
};
#define S(id) [(id) - KD_SQL_BASE(KD_MOD_AUDIT)]

/* One audit_log row of a journal record: its time is the read's, carried
 * in the record as milliseconds since the epoch. */
#define AUDIT_ROW "(FROM_UNIXTIME(? / 1000), ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define AUDIT_ROWS8 AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW ", " \
	AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW
#define AUDIT_ROWS32 AUDIT_ROWS8 ", " AUDIT_ROWS8 ", " AUDIT_ROWS8 ", " AUDIT_ROWS8
#define AUDIT_LOAD "INSERT INTO audit_log (at, actor, action, target_kind," \
	" target, place_id, detail, source_addr, actor_role, actor_unit) VALUES "

static const char *const audit_sql[] = {
	S(SQL_INSERT) = "INSERT INTO audit_log (at, actor, action, target_kind, target,"
	    " place_id, detail, source_addr, actor_role, actor_unit)"
	    " VALUES (NOW(3), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	S(SQL_LOAD_1) = AUDIT_LOAD AUDIT_ROW,
	S(SQL_LOAD_8) = AUDIT_LOAD AUDIT_ROWS8,
	S(SQL_LOAD_32) = AUDIT_LOAD AUDIT_ROWS32,
	S(SQL_JOURNAL_GET) = "SELECT loaded_bytes FROM audit_journal WHERE file = ?",
	S(SQL_JOURNAL_SET) = "INSERT INTO audit_journal (file, loaded_bytes, updated_at)"
	    " VALUES (?, ?, NOW()) ON DUPLICATE KEY UPDATE"
	    " loaded_bytes = VALUES(loaded_bytes), updated_at = NOW()",
	S(SQL_JOURNAL_FORGET) = "DELETE FROM audit_journal WHERE file = ?",
};
#undef S
const struct kd_sql_table kd_audit_sql = KD_SQL_TABLE(audit_sql);

static unsigned char audit_key[crypto_generichash_KEYBYTES];

int kd_audit_key_load(void)
{
	char path[512];
	const char *dir = kd_conf_str("key_dir", "var/keys");

	if ((size_t)snprintf(path, sizeof(path), "%s/audit.key", dir) >= sizeof(path))
		return -1;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	return kd_keyfile_load(path, audit_key, sizeof(audit_key));
}

void kd_citizen_ref(const char *id_number, char out[KD_CITIZEN_REF_SIZE])
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)id_number,
	    strlen(id_number), audit_key, sizeof(audit_key));
	memcpy(out, "h:", 2);
	sodium_bin2hex(out + 2, KD_CITIZEN_REF_SIZE - 2, h, sizeof(h));
}

/* The client's address as nginx saw it, at most 45 characters (an IPv6
 * address); "" when unknown or longer. */
static const char *source_addr(const struct kd_req *r)
{
	const char *addr = r->fcgx != NULL ? kd_req_param(r, "REMOTE_ADDR") : NULL;

	return addr != NULL && strlen(addr) <= field_max[F_ADDR] ? addr : "";
}

int kd_audit(const struct kd_req *r, const char *action,
    const char *target_kind, const char *target, const char *detail)
{
	const struct kd_session *s = &r->session;
	struct kd_param p[9];

	p[0] = KD_STR(s->valid ? s->uid : "-");
	p[1] = KD_STR(action);
	p[2] = KD_STR(target_kind ? target_kind : "");
	p[3] = KD_STR(target ? target : "");
	p[4] = s->valid && s->place_id > 0 ? KD_INT(s->place_id) : KD_NULLP;
	p[5] = KD_STR(detail ? detail : "");
	p[6] = KD_STR(source_addr(r));
	p[7] = KD_STR(s->valid ? s->role : "");
	p[8] = KD_STR(s->valid ? s->unit : "");
	return kd_db_exec(SQL_INSERT, p, 9) == 1 ? 0 : -1;
}

int kd_audit_read(const struct kd_req *r, const char *action,
    const char *target_kind, const char *target, const char *detail)
{
	const struct kd_session *s = &r->session;
	const char *f[F_COUNT];
	char at[24], place[24] = "";
	struct timeval now;

	if (!kd_journal_is_open())
		return kd_audit(r, action, target_kind, target, detail);
	gettimeofday(&now, NULL);
	snprintf(at, sizeof(at), "%lld",
	    (long long)now.tv_sec * 1000 + now.tv_usec / 1000);
	if (s->valid && s->place_id > 0)
		snprintf(place, sizeof(place), "%lld", s->place_id);
	f[F_AT] = at;
	f[F_ACTOR] = s->valid ? s->uid : "-";
	f[F_ACTION] = action;
	f[F_KIND] = target_kind;
	f[F_TARGET] = target;
	f[F_PLACE] = place;
	f[F_DETAIL] = detail;
	f[F_ADDR] = source_addr(r);
	f[F_ROLE] = s->valid ? s->role : "";
	f[F_UNIT] = s->valid ? s->unit : "";
	return kd_journal_append(f, F_COUNT);
}

/* ------------------------------------------------------------- the loader */

/* One journal record, split in place, its numbers read once. */
struct record {
	char *f[F_COUNT];
	unsigned long long at_ms;
	unsigned long long place_id;   /* 0 = none */
};

/* Splits and checks one line: 0 ok, -1 malformed (dropped).  A record
 * of the older, shorter layout gets its last fields empty. */
static int record_parse(char *line, struct record *rec)
{
	static char empty[1];
	size_t i, tabs = 0;
	const char *c;

	/* A tab inside a field is escaped: every raw tab separates two. */
	for (c = line; *c != '\0'; c++)
		tabs += *c == '\t';
	if (tabs + 1 != F_COUNT && tabs + 1 != F_COUNT_OLD)
		return -1;
	if (kd_journal_split(line, rec->f, tabs + 1) != 0)
		return -1;
	for (i = tabs + 1; i < F_COUNT; i++)
		rec->f[i] = empty;
	for (i = 0; i < F_COUNT; i++)
		if (strlen(rec->f[i]) > field_max[i])
			return -1;
	rec->place_id = 0;
	if (!kd_valid_uint(rec->f[F_AT], LLONG_MAX, &rec->at_ms) ||
	    rec->f[F_ACTION][0] == '\0' ||
	    (rec->f[F_PLACE][0] != '\0' &&
	    !kd_valid_uint(rec->f[F_PLACE], LLONG_MAX, &rec->place_id)))
		return -1;
	return 0;
}

/* A batch of 32 bound more parameters than lib/db.c allowed once (schema
 * 011 added three columns) and the loader retried it for ever. */
_Static_assert(32 * F_COUNT <= KD_DB_MAX_PARAMS, "SQL_LOAD_32's parameters");

/* Inserts n records, 32, 8 or 1 rows per statement. */
static int insert_records(const struct record *rec, size_t n)
{
	static const struct { size_t rows, sql; } shapes[] = {
		{ 32, SQL_LOAD_32 }, { 8, SQL_LOAD_8 },
		{ 1, SQL_LOAD_1 },
	};
	struct kd_param p[32 * F_COUNT], *row;
	size_t done = 0, s, i, k;

	for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		while (n - done >= shapes[s].rows) {
			for (i = 0; i < shapes[s].rows; i++) {
				const struct record *r = &rec[done + i];

				row = &p[i * F_COUNT];
				for (k = 0; k < F_COUNT; k++)
					row[k] = KD_STR(r->f[k]);
				row[F_AT] = KD_INT((long long)r->at_ms);
				row[F_PLACE] = r->place_id > 0 ?
				    KD_INT((long long)r->place_id) : KD_NULLP;
			}
			if (kd_db_exec(shapes[s].sql, p, shapes[s].rows * F_COUNT) !=
			    (long long)shapes[s].rows)
				return -1;
			done += shapes[s].rows;
		}
	}
	return 0;
}

/* How far each file is loaded, as committed: the loader is the only
 * writer of audit_journal, so once a file's row has been read or written
 * an idle pass costs no database round trip at all. */
static struct loaded {
	char key[200];
	long long offset;
} loaded_cache[64];
static size_t loaded_next;

static struct loaded *loaded_find(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(loaded_cache) / sizeof(loaded_cache[0]); i++)
		if (strcmp(loaded_cache[i].key, key) == 0)
			return &loaded_cache[i];
	return NULL;
}

static void loaded_set(const char *key, long long offset)
{
	struct loaded *l = loaded_find(key);

	if (l == NULL) {
		l = &loaded_cache[loaded_next++ % (sizeof(loaded_cache) / sizeof(loaded_cache[0]))];
		snprintf(l->key, sizeof(l->key), "%s", key);
	}
	l->offset = offset;
}

static void loaded_forget(const char *key)
{
	struct loaded *l = loaded_find(key);

	if (l != NULL)
		l->key[0] = '\0';
}

/* Only part of a transaction: the cache follows after the commit. */
static int save_offset(const char *key, long long offset)
{
	struct kd_param p[2] = { KD_STR(key), KD_INT(offset) };

	return kd_db_exec(SQL_JOURNAL_SET, p, 2) < 0 ? -1 : 0;
}

/*
 * Loads the whole lines of buf[0..len) (len ends just after a newline) in
 * one transaction that also records that the file is now loaded up to
 * new_offset.  Returns the number of records, -1 on a database error.
 */
static long load_chunk(char *buf, size_t len, const char *key, long long new_offset)
{
	static struct record rec[32];
	char *line = buf, *nl;
	size_t n = 0;
	long total = 0, bad = 0;

	if (kd_db_begin() != 0)
		return -1;
	while (line < buf + len && (nl = memchr(line, '\n', (size_t)(buf + len - line))) != NULL) {
		*nl = '\0';
		if (record_parse(line, &rec[n]) == 0)
			n++;
		else
			bad++;
		line = nl + 1;
		if (n == 32) {
			if (insert_records(rec, n) != 0)
				goto fail;
			total += (long)n;
			n = 0;
		}
	}
	if (insert_records(rec, n) != 0 || save_offset(key, new_offset) != 0 ||
	    kd_db_commit() != 0)
		goto fail;
	loaded_set(key, new_offset);
	if (bad > 0)
		kd_log("audit loader: %s: %ld malformed records dropped", key, bad);
	return total + (long)n;
fail:
	kd_db_rollback();
	return -1;
}

/* Loads what is new in one journal file; removes it when its writer has
 * ended and all of it is loaded.  Records loaded, or -1. */
static long load_file(const char *dir, const char *tag, const char *name)
{
	static char buf[LOAD_CHUNK];
	char path[600], key[200], loaded[24] = "0";
	struct kd_col col[1] = { KD_COL(loaded) };
	struct kd_param kp[1];
	const struct loaded *known;
	struct stat st;
	long long offset;
	long total = 0, n;
	int fd, writer_gone;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(key, sizeof(key), "%s/%s", tag, name);
	kp[0] = KD_STR(key);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	/* Asked before the size is read: when the writer is gone, the size
	 * read next is final. */
	writer_gone = flock(fd, LOCK_SH | LOCK_NB) == 0;
	if (fstat(fd, &st) != 0)
		goto out;
	if ((known = loaded_find(key)) != NULL) {
		offset = known->offset;
		if (offset >= st.st_size && !writer_gone)
			goto out;
	} else {
		if (kd_db_row(SQL_JOURNAL_GET, kp, 1, col, 1) < 0) {
			total = -1;
			goto out;
		}
		offset = strtoll(loaded, NULL, 10);
		loaded_set(key, offset);
	}
	while (offset < st.st_size) {
		ssize_t got = pread(fd, buf, sizeof(buf), offset);
		char *end;

		if (got <= 0)
			break;
		end = memrchr(buf, '\n', (size_t)got);
		if (end == NULL) {
			/* A tail without its newline: still being written, or
			 * torn by a writer that died (then it is dropped), or a
			 * whole chunk without one (not ours: skipped). */
			if (got < (ssize_t)sizeof(buf) && !writer_gone)
				break;
			kd_log("audit loader: %s: %zd bytes without a newline dropped", key, got);
			if (save_offset(key, offset + got) != 0) {
				total = -1;
				goto out;
			}
			offset += got;
			loaded_set(key, offset);
			continue;
		}
		n = load_chunk(buf, (size_t)(end - buf + 1), key, offset + (end - buf + 1));
		if (n < 0) {
			total = -1;
			goto out;
		}
		total += n;
		offset += end - buf + 1;
	}
	if (writer_gone && offset >= st.st_size) {
		/* Names are never reused, so a forgotten offset row left by a
		 * crash between these two steps is harmless. */
		if (unlink(path) != 0)
			kd_log("audit loader: cannot remove %s: %s", key, strerror(errno));
		else if (kd_db_exec(SQL_JOURNAL_FORGET, kp, 1) < 0)
			kd_log("audit loader: %s removed, its offset row kept", key);
		loaded_forget(key);
	}
out:
	close(fd);
	return total;
}

long kd_audit_load_journals(const char *dir, const char *tag)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long total = 0, n;
	size_t len;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".log") != 0)
			continue;
		n = load_file(dir, tag, e->d_name);
		if (n < 0) {
			total = -1;
			break;
		}
		total += n;
	}
	closedir(d);
	return total;
}
