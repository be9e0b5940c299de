/*
 * kd-registry-import - loads the population registry from a CSV file.
 *
 *   kd-registry-import FILE.csv
 *
 * The file: UTF-8 (a BOM is skipped), LF or CRLF line ends, RFC 4180
 * quoting, header exactly "id_number,full_name,dob,gender,perm_commune".
 * Every row is checked with lib/valid.h; a bad row is reported on stderr as
 * "line N: FIELD: reason" (N = physical line, the header is line 1; the
 * row's data is never printed) and skipped.  Good rows are upserted in
 * batches (a row whose id_number exists replaces it, so importing the same
 * file twice leaves the same table), committed every COMMIT_ROWS rows.
 * Configuration (the database) comes from the file named by KD_CONF.
 *
 * Then the vaccination coverage per commune is recounted (lib/coverage.h):
 * residents are the registry's.
 *
 * stdout gets one line: "imported N rows, rejected M rows".
 * Exit 0 all rows loaded, 1 some rows rejected (the good ones are loaded),
 * 2 fatal: usage, unreadable file, wrong header, database error.  After a
 * fatal error in the middle, what was committed stays and is reported.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#include "conf.h"
#include "coverage.h"
#include "db.h"
#include "log.h"
#include "valid.h"
#include "vntime.h"

#define PROG "kd-registry-import"
#define HEADER "id_number,full_name,dob,gender,perm_commune"
#define BATCH_ROWS 1000
#ifndef SORT_ROWS
#define SORT_ROWS 1000000       /* rows sorted together (138 MB at most) */
#endif
#define COMMIT_ROWS 50000       /* rows per transaction */
#define PROGRESS_ROWS 1000000
#define FIELD_MAX 255           /* bytes kept of a field; more is an error */
#define RECORD_MAX 4096         /* a quoted field may not run on longer */
#define READ_BUF (1u << 20)
#define NAME_MAX_BYTES 100

enum { F_ID, F_NAME, F_DOB, F_GENDER, F_COMMUNE, N_FIELDS };

static const char *const field_name[N_FIELDS] = {
	"id_number", "full_name", "dob", "gender", "perm_commune",
};

/* ------------------------------------------------------- CSV reader */

struct reader {
	FILE *fp;
	unsigned char *buf;
	size_t pos, end;
	int eof, error;
	unsigned long long line;        /* physical line of the next byte */
};

/* What is wrong with a record as a whole (its fields aside). */
enum rec_error {
	REC_OK,
	REC_FIELD_COUNT,
	REC_STRAY_QUOTE,
	REC_AFTER_QUOTE,
	REC_NEWLINE,
	REC_UNTERMINATED,
};

static const char *const rec_reason[] = {
	[REC_OK] = "",
	[REC_FIELD_COUNT] = "expected 5 fields",
	[REC_STRAY_QUOTE] = "quote inside an unquoted field",
	[REC_AFTER_QUOTE] = "text after a closing quote",
	[REC_NEWLINE] = "line break inside a field",
	[REC_UNTERMINATED] = "quoted field not closed",
};

struct record {
	unsigned long long line;        /* where it starts */
	unsigned long long last_line;   /* where it ends */
	char field[N_FIELDS][FIELD_MAX + 1];
	size_t len[N_FIELDS];
	int too_long[N_FIELDS];
	int quoted_last;                /* the field being read was quoted */
	int nfields;                    /* may exceed N_FIELDS: then ignored */
	enum rec_error error;
};

static int reader_getc(struct reader *r)
{
	if (r->pos == r->end) {
		if (r->eof)
			return EOF;
		r->end = fread(r->buf, 1, READ_BUF, r->fp);
		r->pos = 0;
		if (r->end == 0) {
			r->eof = 1;
			r->error = ferror(r->fp);
			return EOF;
		}
	}
	return r->buf[r->pos++];
}

static void rec_error(struct record *rec, enum rec_error e)
{
	if (rec->error == REC_OK)
		rec->error = e;
}

static void field_put(struct record *rec, int ch)
{
	int f = rec->nfields - 1;

	if (f >= N_FIELDS)
		return;
	if (rec->len[f] >= FIELD_MAX) {
		rec->too_long[f] = 1;
		return;
	}
	rec->field[f][rec->len[f]++] = (char)ch;
}

static void field_start(struct record *rec)
{
	if (rec->nfields < N_FIELDS) {
		rec->len[rec->nfields] = 0;
		rec->too_long[rec->nfields] = 0;
	}
	if (rec->nfields <= N_FIELDS)   /* one too many is enough to know */
		rec->nfields++;
	rec->quoted_last = 0;
}

/* Ends the record: NUL-terminates the fields and drops the "\r" of a CRLF
 * line end, which an unquoted last field has collected. */
static void record_end(struct record *rec, unsigned long long last_line)
{
	int f, last = rec->nfields - 1;

	rec->last_line = last_line;
	if (last < N_FIELDS && !rec->quoted_last && rec->len[last] > 0 &&
	    rec->field[last][rec->len[last] - 1] == '\r')
		rec->len[last]--;
	for (f = 0; f < rec->nfields && f < N_FIELDS; f++)
		rec->field[f][rec->len[f]] = '\0';
	if (rec->nfields != N_FIELDS)
		rec_error(rec, REC_FIELD_COUNT);
}

/* Skips the rest of the physical line: 1 when its "\n" was read (the
 * caller counts the line), 0 at the end of the file. */
static int skip_line(struct reader *r)
{
	int ch;

	while ((ch = reader_getc(r)) != EOF)
		if (ch == '\n')
			return 1;
	return 0;
}

/*
 * Reads one record.  1 a record (check rec->error), 0 end of file.  A
 * quoted field may contain line breaks (RFC 4180): the record then spans
 * several physical lines and is rejected as a whole.  So that one stray
 * quote cannot swallow the rest of the file, a record still inside quotes
 * after RECORD_MAX bytes is rejected and reading resumes on the next line.
 */
static int read_record(struct reader *r, struct record *rec)
{
	enum { START, UNQUOTED, QUOTED, QUOTE_SEEN, QUOTE_CR } st = START;
	size_t total = 0;
	int ch;

	rec->line = r->line;
	rec->nfields = 0;
	rec->error = REC_OK;
	field_start(rec);
	while ((ch = reader_getc(r)) != EOF) {
		if (++total > RECORD_MAX && st == QUOTED) {
			rec->error = REC_UNTERMINATED;   /* says more than NEWLINE */
			if (ch == '\n' || skip_line(r)) {
				r->line++;
				record_end(rec, r->line - 1);
			} else {
				record_end(rec, r->line);
			}
			return 1;
		}
		switch (st) {
		case QUOTE_CR:
			if (ch == '\n') {
				r->line++;
				record_end(rec, r->line - 1);
				return 1;
			}
			rec_error(rec, REC_AFTER_QUOTE);
			field_put(rec, '\r');
			st = UNQUOTED;
			/* FALLTHROUGH */
		case START:
		case UNQUOTED:
			if (st == START && ch == '"') {
				rec->quoted_last = 1;
				st = QUOTED;
			} else if (ch == ',') {
				field_start(rec);
				st = START;
			} else if (ch == '\n') {
				r->line++;
				record_end(rec, r->line - 1);
				return 1;
			} else {
				if (ch == '"')
					rec_error(rec, REC_STRAY_QUOTE);
				field_put(rec, ch);
				st = UNQUOTED;
			}
			break;
		case QUOTED:
			if (ch == '"') {
				st = QUOTE_SEEN;
				break;
			}
			if (ch == '\n') {
				r->line++;
				rec_error(rec, REC_NEWLINE);
			}
			field_put(rec, ch);
			break;
		case QUOTE_SEEN:
			if (ch == '"') {
				field_put(rec, '"');
				st = QUOTED;
			} else if (ch == ',') {
				field_start(rec);
				st = START;
			} else if (ch == '\n') {
				r->line++;
				record_end(rec, r->line - 1);
				return 1;
			} else if (ch == '\r') {
				st = QUOTE_CR;
			} else {
				rec_error(rec, REC_AFTER_QUOTE);
				field_put(rec, ch);
				st = UNQUOTED;
			}
			break;
		}
	}
	if (total == 0)
		return 0;
	if (st == QUOTED)
		rec->error = REC_UNTERMINATED;   /* says more than NEWLINE */
	record_end(rec, r->line);
	return 1;
}

/* An empty line (or one with only "\r") is skipped, not an error: editors
 * and spreadsheets leave them at the end of files. */
static int record_blank(const struct record *rec)
{
	return rec->nfields == 1 && rec->len[0] == 0 && !rec->quoted_last &&
	    rec->error == REC_FIELD_COUNT;
}

/* Reads the first line: 0 when it is exactly HEADER (after an optional
 * UTF-8 BOM, before an optional "\r"). */
static int read_header(struct reader *r)
{
	char line[sizeof(HEADER) + 8];
	size_t n = 0, start;
	int ch;

	while ((ch = reader_getc(r)) != EOF && ch != '\n') {
		if (n == sizeof(line) - 1)
			return -1;
		line[n++] = (char)ch;
	}
	line[n] = '\0';
	r->line = 2;
	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	start = strncmp(line, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	return strcmp(line + start, HEADER) == 0 ? 0 : -1;
}

/* ------------------------------------------------------- validation */

struct communes {
	char (*code)[6];
	size_t n;
};

static int code_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * Loads the codes a perm_commune may take: every commune, and the five
 * island districts that have no communes (the SPEC's list).
 */
static int communes_load(MYSQL *db, struct communes *c)
{
	static const char sql[] =
	    "SELECT code FROM admin_units WHERE level = 'commune' OR "
	    "(level = 'district' AND code IN ('318','471','498','536','755'))";
	MYSQL_RES *res;
	MYSQL_ROW row;

	if (mysql_query(db, sql) != 0 || (res = mysql_store_result(db)) == NULL) {
		fprintf(stderr, PROG ": cannot read admin_units (error %u)\n",
		    mysql_errno(db));
		return -1;
	}
	c->n = 0;
	c->code = malloc((mysql_num_rows(res) + 1) * sizeof(*c->code));
	if (c->code == NULL) {
		mysql_free_result(res);
		return -1;
	}
	while ((row = mysql_fetch_row(res)) != NULL)
		if (row[0] != NULL && strlen(row[0]) < sizeof(*c->code))
			strcpy(c->code[c->n++], row[0]);
	mysql_free_result(res);
	if (c->n == 0) {
		fprintf(stderr, PROG ": table admin_units has no communes\n");
		return -1;
	}
	qsort(c->code, c->n, sizeof(*c->code), code_cmp);
	return 0;
}

static int commune_known(const struct communes *c, const char *code)
{
	return bsearch(code, c->code, c->n, sizeof(*c->code), code_cmp) != NULL;
}

/* Today in Vietnam (UTC+7, no DST) as YYYYMMDD: no one is born later. */
static long today_vn(void)
{
	struct tm tm;

	kd_vn_tm(time(NULL), &tm);
	return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

struct checker {
	const struct communes *communes;
	long today;
	unsigned long long rejected;
};

static void report(unsigned long long line, const char *field,
    const char *reason)
{
	fprintf(stderr, "line %llu: %s: %s\n", line, field, reason);
}

/* The reason a single field is bad, or NULL.  Never includes the value. */
static const char *field_problem(const struct checker *ck,
    const struct record *rec, int f)
{
	const char *v = rec->field[f];
	size_t len = rec->len[f];

	if (rec->too_long[f])
		return "too long";
	if (len == 0)
		return "empty";
	if (memchr(v, '\0', len) != NULL)
		return "contains a NUL byte";
	switch (f) {
	case F_ID:
		if (len == 12 && v[0] == '0' && strspn(v, "0123456789") == 12 &&
		    !kd_valid_cccd(v))
			return "unknown province code in CCCD";
		return kd_valid_id_number(v) ? NULL :
		    "not a 12-digit CCCD or 9-digit CMND";
	case F_NAME:
		if (!kd_utf8_valid(v, len))
			return "not valid UTF-8";
		if (len > NAME_MAX_BYTES)
			return "longer than 100 bytes";
		return kd_valid_person_name(v) ? NULL :
		    "only letters, single spaces, ' and - allowed";
	case F_DOB: {
		int y, m, d;

		if (!kd_parse_date(v, &y, &m, &d))
			return "not a date YYYY-MM-DD between 1900 and 2100";
		return y * 10000L + m * 100 + d > ck->today ? "in the future" : NULL;
	}
	case F_GENDER:
		return kd_valid_gender(v) ? NULL : "must be M or F";
	case F_COMMUNE:
		if (!kd_valid_unit_code(v) || len == 2)
			return "not a commune code";
		return commune_known(ck->communes, v) ? NULL :
		    "unknown commune (or district with communes)";
	}
	return "unknown field";
}

/* Checks a record; reports every problem.  1 good, 0 rejected. */
static int check_record(struct checker *ck, const struct record *rec)
{
	int f, bad = 0, y;

	if (rec->error != REC_OK) {
		if (rec->last_line > rec->line) {
			/* Say which lines went with it: none is lost unseen. */
			fprintf(stderr, "line %llu: record: %s (lines %llu-%llu)\n",
			    rec->line, rec_reason[rec->error], rec->line,
			    rec->last_line);
		} else {
			report(rec->line, "record", rec_reason[rec->error]);
		}
		ck->rejected++;
		return 0;
	}
	for (f = 0; f < N_FIELDS; f++) {
		const char *why = field_problem(ck, rec, f);

		if (why != NULL) {
			report(rec->line, field_name[f], why);
			bad = 1;
		}
	}
	/* The CCCD carries century, gender and year of birth. */
	if (!bad && rec->len[F_ID] == 12 &&
	    kd_parse_date(rec->field[F_DOB], &y, NULL, NULL) &&
	    !kd_cccd_matches(rec->field[F_ID], y, rec->field[F_GENDER][0])) {
		report(rec->line, field_name[F_ID],
		    "CCCD century/gender or year digits disagree with dob/gender");
		bad = 1;
	}
	ck->rejected += bad;
	return !bad;
}

/* ----------------------------------------------------------- loading */

/*
 * Good rows are collected (up to SORT_ROWS), sorted by id_number and sent
 * BATCH_ROWS at a time through a one-row INSERT with array binding
 * (STMT_ATTR_ARRAY_SIZE: the server runs the batch as one bulk command),
 * committing every COMMIT_ROWS.  Sorting makes the B-tree inserts walk
 * the primary key in order instead of hopping around it: on a 10-million
 * row file in random order, a window of 1,000,000 rows loads in 122 s
 * against 211 s with 50,000 and 249 s unsorted (docs/REGISTRY.md).
 */

/* A checked row; sizes hold the longest valid value and its NUL. */
struct good_row {
	char id[13];
	char name[NAME_MAX_BYTES + 1];
	char dob[11];
	char gender[2];
	char commune[6];
	unsigned char len[N_FIELDS];
};

struct loader {
	MYSQL *db;
	MYSQL_STMT *st;
	struct good_row *rows;          /* up to SORT_ROWS, in file order */
	struct good_row **order;        /* the same, sorted */
	size_t n, cap;
	size_t in_tx;                   /* rows sent since the last commit */
	/* Column-wise arrays bound once: for strings the buffer is an
	 * array of pointers, one per row of the batch. */
	char *ptr[N_FIELDS][BATCH_ROWS];
	unsigned long len[N_FIELDS][BATCH_ROWS];
	unsigned long long committed;
	unsigned long long next_progress;
};

#define INSERT_SQL \
	"INSERT INTO citizens (id_number, full_name, dob, gender, perm_commune)" \
	" VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE" \
	" full_name = VALUES(full_name), dob = VALUES(dob)," \
	" gender = VALUES(gender), perm_commune = VALUES(perm_commune)"

static void db_fail(const char *what, unsigned int err)
{
	/* Only the number: a server message can quote a row's values. */
	fprintf(stderr, PROG ": %s failed: database error %u\n", what, err);
}

static int loader_open(struct loader *ld)
{
	MYSQL_BIND bind[N_FIELDS];
	int f;

	ld->next_progress = PROGRESS_ROWS;
	if (mysql_autocommit(ld->db, 0) != 0) {
		db_fail("autocommit off", mysql_errno(ld->db));
		return -1;
	}
	ld->st = mysql_stmt_init(ld->db);
	if (ld->st == NULL ||
	    mysql_stmt_prepare(ld->st, INSERT_SQL, sizeof(INSERT_SQL) - 1) != 0) {
		db_fail("prepare", ld->st ? mysql_stmt_errno(ld->st) : mysql_errno(ld->db));
		return -1;
	}
	memset(bind, 0, sizeof(bind));
	for (f = 0; f < N_FIELDS; f++) {
		bind[f].buffer_type = MYSQL_TYPE_STRING;
		bind[f].buffer = ld->ptr[f];
		bind[f].length = ld->len[f];
	}
	if (mysql_stmt_bind_param(ld->st, bind) != 0) {
		db_fail("bind", mysql_stmt_errno(ld->st));
		return -1;
	}
	return 0;
}

static void loader_close(struct loader *ld)
{
	if (ld->st != NULL)
		mysql_stmt_close(ld->st);
	free(ld->rows);
	free(ld->order);
}

static void print_count(const char *prefix, unsigned long long n)
{
	char digits[32], out[48];
	int len = snprintf(digits, sizeof(digits), "%llu", n), i, o = 0;

	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	fprintf(stderr, "%s%s rows\n", prefix, out);
}

/* By id_number; equal ids keep file order (rows[] is in file order), so
 * the last row of the file for an id is the one that stays. */
static int row_order(const void *a, const void *b)
{
	const struct good_row *x = *(const struct good_row *const *)a;
	const struct good_row *y = *(const struct good_row *const *)b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : (x < y ? -1 : x > y);
}

/* Sends rows order[from, from + n) as one bulk execution. */
static int send_batch(struct loader *ld, size_t from, unsigned int n)
{
	unsigned int r;

	for (r = 0; r < n; r++) {
		struct good_row *g = ld->order[from + r];
		char *field[N_FIELDS] = { g->id, g->name, g->dob, g->gender, g->commune };
		int f;

		for (f = 0; f < N_FIELDS; f++) {
			ld->ptr[f][r] = field[f];
			ld->len[f][r] = g->len[f];
		}
	}
	if (mysql_stmt_attr_set(ld->st, STMT_ATTR_ARRAY_SIZE, &n) != 0 ||
	    mysql_stmt_execute(ld->st) != 0) {
		db_fail("insert", mysql_stmt_errno(ld->st));
		return -1;
	}
	return 0;
}

static int loader_commit(struct loader *ld)
{
	if (mysql_commit(ld->db) != 0) {
		db_fail("commit", mysql_errno(ld->db));
		return -1;
	}
	ld->committed += ld->in_tx;
	ld->in_tx = 0;
	while (ld->committed >= ld->next_progress) {
		print_count("\xe2\x80\xa6 ", ld->next_progress);
		ld->next_progress += PROGRESS_ROWS;
	}
	return 0;
}

/* Sorts the collected rows and sends them, committing every COMMIT_ROWS
 * and at the end. */
static int loader_flush(struct loader *ld)
{
	size_t i, from;

	for (i = 0; i < ld->n; i++)
		ld->order[i] = &ld->rows[i];
	qsort(ld->order, ld->n, sizeof(*ld->order), row_order);
	for (from = 0; from < ld->n; from += BATCH_ROWS) {
		size_t left = ld->n - from;
		unsigned int n = left < BATCH_ROWS ? (unsigned int)left : BATCH_ROWS;

		if (send_batch(ld, from, n) != 0)
			return -1;
		ld->in_tx += n;
		if (ld->in_tx >= COMMIT_ROWS && loader_commit(ld) != 0)
			return -1;
	}
	ld->n = 0;
	return ld->in_tx > 0 ? loader_commit(ld) : 0;
}

/* Room for one more row: the arrays grow (to SORT_ROWS at most) so that a
 * small file takes little memory. */
static int loader_grow(struct loader *ld)
{
	size_t cap = ld->cap ? ld->cap * 4 : 4096;
	struct good_row *rows;
	struct good_row **order;

	if (cap > SORT_ROWS)
		cap = SORT_ROWS;
	rows = realloc(ld->rows, cap * sizeof(*rows));
	if (rows == NULL)
		return -1;
	ld->rows = rows;
	order = realloc(ld->order, cap * sizeof(*order));
	if (order == NULL)
		return -1;
	ld->order = order;
	ld->cap = cap;
	return 0;
}

/* Copies a checked record into the sort window; flushes a full window.
 * The lengths were checked (id <= 12, name <= 100, ...), so each fits. */
static int loader_add(struct loader *ld, const struct record *rec)
{
	struct good_row *g;
	char *field[N_FIELDS];
	int f;

	if (ld->n == ld->cap && loader_grow(ld) != 0) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	g = &ld->rows[ld->n++];
	field[F_ID] = g->id;
	field[F_NAME] = g->name;
	field[F_DOB] = g->dob;
	field[F_GENDER] = g->gender;
	field[F_COMMUNE] = g->commune;
	for (f = 0; f < N_FIELDS; f++) {
		memcpy(field[f], rec->field[f], rec->len[f] + 1);
		g->len[f] = (unsigned char)rec->len[f];
	}
	return ld->n == SORT_ROWS ? loader_flush(ld) : 0;
}

/* -------------------------------------------------------------- main */

struct run {
	struct reader rd;
	struct record rec;
	struct communes communes;
	struct checker ck;
	struct loader ld;
	unsigned long long imported;
};

/* Reads, checks and loads every row.  0 done, -1 fatal. */
static int import_rows(struct run *run)
{
	while (read_record(&run->rd, &run->rec) == 1) {
		if (record_blank(&run->rec))
			continue;
		if (!check_record(&run->ck, &run->rec))
			continue;
		if (loader_add(&run->ld, &run->rec) != 0)
			return -1;
		run->imported++;
	}
	if (run->rd.error) {
		fprintf(stderr, PROG ": read error at line %llu\n", run->rd.line);
		return -1;
	}
	if (loader_flush(&run->ld) != 0)
		return -1;
	return 0;
}

static int open_input(struct run *run, const char *path)
{
	run->rd.fp = fopen(path, "rb");
	if (run->rd.fp == NULL) {
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
		return -1;
	}
	run->rd.buf = malloc(READ_BUF);
	if (run->rd.buf == NULL)
		return -1;
	run->rd.line = 1;
	if (read_header(&run->rd) != 0) {
		fprintf(stderr, PROG ": line 1: header must be exactly \"%s\"\n",
		    HEADER);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct run run;          /* large: not on the stack */
	const char *path = argc == 2 ? argv[1] : NULL;
	int rc = 2;

	kd_log_init(PROG);
	if (path == NULL || path[0] == '-') {
		fprintf(stderr, "usage: " PROG " FILE.csv\n");
		return 2;
	}
	kd_db_set_timeout(KD_COVERAGE_TIMEOUT_S);
	/* The file is checked before the database is touched: a wrong
	 * header loads nothing. */
	if (open_input(&run, path) != 0 ||
	    kd_conf_load(kd_conf_default_path()) != 0 ||
	    (run.ld.db = kd_db_connect()) == NULL ||
	    communes_load(run.ld.db, &run.communes) != 0)
		goto done;
	run.ck.communes = &run.communes;
	run.ck.today = today_vn();
	if (loader_open(&run.ld) != 0)
		goto done;
	if (import_rows(&run) != 0) {
		mysql_rollback(run.ld.db);
		fprintf(stderr, PROG ": stopped: %llu rows committed, the rest "
		    "of the file not loaded\n", run.ld.committed);
		printf("imported %llu rows, rejected %llu rows\n",
		    run.ld.committed, run.ck.rejected);
		goto done;
	}
	printf("imported %llu rows, rejected %llu rows\n", run.imported,
	    run.ck.rejected);
	rc = run.ck.rejected > 0 ? 1 : 0;
	if (kd_coverage_refresh(run.ld.db) != 0) {
		fprintf(stderr, PROG ": vaccination coverage not recounted: run report --coverage\n");
		rc = 2;
	}
done:
	loader_close(&run.ld);
	if (run.ld.db != NULL)
		mysql_close(run.ld.db);
	mysql_library_end();
	free(run.communes.code);
	free(run.rd.buf);
	if (run.rd.fp != NULL)
		(void)fclose(run.rd.fp);      /* read-only: nothing to lose */
	return rc;
}
