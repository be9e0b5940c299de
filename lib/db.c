#include <errmsg.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "sql.h"
#include "valid.h"

#define DB_MAX_STATEMENTS 64  /* a program's own */
#define DB_MAX_LIB 64         /* the library's, all modules */

/* Each thread of a worker has its own connection and statements. */
static _Thread_local MYSQL *db_conn;
static _Thread_local const char *const *db_sql;
static _Thread_local size_t db_nsql;
/* Program statements first, then the library's. */
static _Thread_local MYSQL_STMT *db_stmts[DB_MAX_STATEMENTS + DB_MAX_LIB];
/* Where each library module's statements start after the program's. */
static size_t lib_first[KD_MOD_COUNT], lib_total;
static _Thread_local unsigned int db_last_errno;
static _Thread_local int db_in_transaction;
/* The connection broke inside a transaction: its COMMIT must fail, not
 * succeed empty on the new connection. */
static _Thread_local int db_transaction_lost;

/* Set once, before any thread connects. */
static unsigned int db_timeout_override;

void kd_db_set_timeout(unsigned int seconds)
{
	db_timeout_override = seconds;
}

/*
 * The database nodes (db_nodes, or the one db_socket), read once per
 * process.  Each thread keeps the node it is connected to and moves to the
 * next when that one is lost or not ready (lib/db.h).
 */
#define DB_MAX_NODES 8
#define DB_NODE_LEN 200
static char db_nodes[DB_MAX_NODES][DB_NODE_LEN];
static size_t db_nnodes;
static pthread_once_t db_nodes_once = PTHREAD_ONCE_INIT;
static _Thread_local size_t db_node;
static _Thread_local int db_node_chosen;
static atomic_uint db_thread_seq;

static void db_nodes_read(void)
{
	const char *list = kd_conf_get("db_nodes");
	const char *p = list != NULL ? list : "";
	size_t n;

	while (db_nnodes < DB_MAX_NODES) {
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n == 0)
			break;
		if (n < DB_NODE_LEN) {
			memcpy(db_nodes[db_nnodes], p, n);
			db_nodes[db_nnodes++][n] = '\0';
		} else {
			kd_log("db: a node of db_nodes is too long, skipped");
		}
		p += n;
	}
	/* Without a list, the one server of db_socket. */
	if (db_nnodes == 0) {
		snprintf(db_nodes[0], DB_NODE_LEN, "%s", kd_conf_str("db_socket", ""));
		db_nnodes = 1;
	}
}

/* The node this thread tries first: the first of the list (the nearest),
 * or with db_spread = 1 one chosen by process and thread, so that the
 * workers of one host write to every node at once. */
static size_t db_first_node(void)
{
	if (kd_conf_long("db_spread", 0) != 1)
		return 0;
	return ((size_t)getpid() + atomic_fetch_add(&db_thread_seq, 1)) % db_nnodes;
}

/* Connects conn to node i: a path is a unix socket, else host:port. */
static int db_connect_node(MYSQL *conn, size_t i, const char *user, const char *pw)
{
	char host[DB_NODE_LEN];
	const char *node = db_nodes[i], *colon = strrchr(node, ':');
	unsigned long port;

	if (node[0] == '/' || colon == NULL)
		return mysql_real_connect(conn, NULL, user, pw, kd_conf_get("db_name"),
		    0, node, 0) != NULL ? 0 : -1;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - node), node);
	port = strtoul(colon + 1, NULL, 10);
	if (port == 0 || port > 65535)
		return -1;
	return mysql_real_connect(conn, host, user, pw, kd_conf_get("db_name"),
	    (unsigned int)port, NULL, 0) != NULL ? 0 : -1;
}

/* The database account of this process: NULL = the programs' own
 * (db_user), else db_<name>_user / db_<name>_password. */
static const char *db_account;

int kd_db_account(const char *name)
{
	char key[64];

	snprintf(key, sizeof(key), "db_%s_user", name);
	if (kd_conf_get(key) == NULL)
		return -1;
	db_account = name;
	return 0;
}

/* The configured value of db_<account>_<what>, or db_<what>. */
static const char *account_conf(const char *what)
{
	char key[64];

	if (db_account == NULL) {
		snprintf(key, sizeof(key), "db_%s", what);
		return kd_conf_get(key);
	}
	snprintf(key, sizeof(key), "db_%s_%s", db_account, what);
	return kd_conf_get(key);
}

/*
 * Connector/C starts OpenSSL on its first use, and OpenSSL then reads the
 * system's openssl.cnf and sets up what it names: about 1 MB of every
 * worker's RSS (bench/RESULTS.md).  Our connections never use TLS (no
 * MYSQL_OPT_SSL_* is set: a Unix socket, or nodes reached over TCP in
 * clear), so OpenSSL is told first not to read that file; the once-only
 * starts of OpenSSL then keep it so.  Whoever adds TLS to the database
 * connections must drop this, so that the system's TLS settings apply.
 * Both starts are for the whole process, before any thread connects.
 */
static pthread_once_t db_library_once = PTHREAD_ONCE_INIT;
static int db_library_failed;

static void db_library_start(void)
{
	if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) != 1)
		kd_log("db: OpenSSL did not start; Connector/C will start it");
	if (mysql_library_init(0, NULL, NULL) != 0)
		db_library_failed = 1;
}

static MYSQL *db_handle_new(void)
{
	unsigned int timeout = db_timeout_override > 0 ? db_timeout_override :
	    (unsigned int)kd_conf_long("db_timeout", 10);
	my_bool off = 0;
	MYSQL *conn;

	if (pthread_once(&db_library_once, db_library_start) != 0 || db_library_failed) {
		kd_log("db: the client library did not start");
		return NULL;
	}
	conn = mysql_init(NULL);
	if (conn == NULL) {
		kd_log("db: out of memory");
		return NULL;
	}
	mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(conn, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_options(conn, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	/* An automatic reconnect silently drops every prepared statement. */
	mysql_options(conn, MYSQL_OPT_RECONNECT, &off);
	/* No LOAD DATA LOCAL from this side either: a statement slipped in
	 * could otherwise read this host's files (the keys). */
	mysql_options(conn, MYSQL_OPT_LOCAL_INFILE, &off);
	mysql_options(conn, MYSQL_INIT_COMMAND, "SET time_zone = '+07:00'");
	return conn;
}

/* 1 when this thread's server replicates its writes to other nodes
 * (Galera: wsrep_on), read at each connect. */
static _Thread_local int db_replicated;

static int db_read_replicated(MYSQL *conn)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	int on;

	/* A server without wsrep does not know the variable: not replicated. */
	if (mysql_query(conn, "SELECT @@global.wsrep_on") != 0)
		return 0;
	if ((res = mysql_store_result(conn)) == NULL)
		return 0;
	row = mysql_fetch_row(res);
	on = row != NULL && row[0] != NULL && strcmp(row[0], "1") == 0;
	mysql_free_result(res);
	return on;
}

int kd_db_replicated(void)
{
	return db_replicated;
}

MYSQL *kd_db_connect(void)
{
	size_t k, i;
	MYSQL *conn;

	pthread_once(&db_nodes_once, db_nodes_read);
	if (!db_node_chosen) {
		db_node = db_first_node();
		db_node_chosen = 1;
	}
	/* Each node once, from this thread's current one on. */
	for (k = 0; k < db_nnodes; k++) {
		i = (db_node + k) % db_nnodes;
		conn = db_handle_new();
		if (conn == NULL)
			return NULL;
		if (db_connect_node(conn, i, account_conf("user"), account_conf("password")) == 0) {
			if (i != db_node)
				kd_log("db: connected to node %zu of %zu", i + 1, db_nnodes);
			db_node = i;
			db_replicated = db_read_replicated(conn);
			return conn;
		}
		kd_log("db: connect to node %zu failed: %u", i + 1, mysql_errno(conn));
		mysql_close(conn);
	}
	return NULL;
}

/* After the node was lost or said it is not ready: the next reconnect
 * starts at the next node (an idle connection closed by the server is
 * rebuilt on the same one). */
static void db_move_on(unsigned int err)
{
	if (err != KD_ER_CLIENT_TIMEOUT && db_nnodes > 1)
		db_node = (db_node + 1) % db_nnodes;
}

static void db_close_statements(void)
{
	size_t i;

	for (i = 0; i < db_nsql + lib_total; i++) {
		if (db_stmts[i] != NULL)
			mysql_stmt_close(db_stmts[i]);
		db_stmts[i] = NULL;
	}
}

/* The library's statement k, counting across its modules in order. */
static const char *lib_statement(size_t k)
{
	size_t m;

	for (m = KD_MOD_COUNT; m-- > 0;)
		if (k >= lib_first[m])
			return kd_lib_sql[m]->sql[k - lib_first[m]];
	return NULL;
}

/* The SQL of slot i: the program's statements first, then the library's. */
static const char *slot_sql(size_t i)
{
	return i < db_nsql ? db_sql[i] : lib_statement(i - db_nsql);
}

/*
 * Prepares the statement of slot i on this thread's connection.  A
 * statement is prepared when it is first run, not at connect: each
 * prepared statement holds about 9 KB of the client's memory (more with
 * many parameters), and a thread runs few of the 60 to 100 its program
 * and the library list.  verify's 32 threads held 20 MB of prepared
 * statements this way (bench/RESULTS.md).  0 ok, -1 (db_last_errno set).
 */
static int db_prepare(size_t i)
{
	const char *sql = slot_sql(i);
	MYSQL_STMT *stmt;

	if (db_conn == NULL) {
		db_last_errno = CR_SERVER_GONE_ERROR;
		return -1;
	}
	if ((stmt = mysql_stmt_init(db_conn)) == NULL) {
		db_last_errno = CR_OUT_OF_MEMORY;
		kd_log("db: no memory for statement %zu", i);
		return -1;
	}
	if (mysql_stmt_prepare(stmt, sql, strlen(sql)) != 0) {
		db_last_errno = mysql_stmt_errno(stmt);
		kd_log("db: prepare of statement %zu failed: %s", i, mysql_stmt_error(stmt));
		mysql_stmt_close(stmt);
		return -1;
	}
	db_stmts[i] = stmt;
	return 0;
}

/*
 * Once a process and table, at the first kd_db_open of that table: every
 * statement is prepared and closed again, so that SQL the schema does not
 * accept stops the program at start rather than failing its first
 * request.  The other threads of a worker open the same table after the
 * first has checked it (lib/serve.c).
 */
static const char *const *db_checked_sql;
static int db_checked;

static int db_check_all(void)
{
	size_t i;

	if (db_checked && db_checked_sql == db_sql)
		return 0;
	for (i = 0; i < db_nsql + lib_total; i++) {
		if (db_prepare(i) != 0)
			return -1;
		mysql_stmt_close(db_stmts[i]);
		db_stmts[i] = NULL;
	}
	db_checked_sql = db_sql;
	db_checked = 1;
	return 0;
}

/* (Re)connects; the statements are prepared again as they are run. */
static int db_reconnect(void)
{
	db_close_statements();
	if (db_conn != NULL)
		mysql_close(db_conn);
	db_conn = kd_db_connect();
	return db_conn == NULL ? -1 : 0;
}

int kd_db_open(const char *const *sql, size_t nsql)
{
	size_t m, total = 0;

	for (m = 0; m < KD_MOD_COUNT; m++) {
		lib_first[m] = total;
		total += kd_lib_sql[m]->n;
	}
	lib_total = total;
	if (nsql > DB_MAX_STATEMENTS || total > DB_MAX_LIB) {
		kd_log("db: too many statements (%zu, %zu)", nsql, total);
		return -1;
	}
	db_sql = sql;
	db_nsql = nsql;
	if (db_reconnect() != 0)
		return -1;
	return db_check_all();
}

/* Maps a public id (program index, or KD_SQL_* of the library) to a slot. */
static int db_slot(size_t id, size_t *slot)
{
	if (id >= KD_SQL_LIB_BASE) {
		size_t m = (id - KD_SQL_LIB_BASE) / KD_SQL_MODULE_SPAN;
		size_t k = (id - KD_SQL_LIB_BASE) % KD_SQL_MODULE_SPAN;

		if (m >= KD_MOD_COUNT || k >= kd_lib_sql[m]->n)
			return -1;
		*slot = db_nsql + lib_first[m] + k;
		return 0;
	}
	if (id < db_nsql) {
		*slot = id;
		return 0;
	}
	return -1;
}

/* The connection is lost, or its node cannot serve (a Galera node out of
 * the primary component, joining or donating answers 1047 to every
 * statement without running it). */
static int db_gone(unsigned int err)
{
	return err == KD_CR_SERVER_GONE || err == KD_CR_SERVER_LOST ||
	    err == KD_ER_CLIENT_TIMEOUT || err == KD_ER_WSREP_NOT_READY;
}

int kd_db_gone(unsigned int err)
{
	return db_gone(err);
}

int kd_db_retryable(unsigned int err)
{
	return err == KD_ER_LOCK_DEADLOCK || err == KD_ER_LOCK_WAIT_TIMEOUT ||
	    err == KD_ER_WSREP_NOT_READY;
}

static int db_bind_params(MYSQL_STMT *stmt, const struct kd_param *params,
    size_t nparams, MYSQL_BIND *binds, unsigned long *lens)
{
	size_t i;

	if (nparams > KD_DB_MAX_PARAMS || nparams != mysql_stmt_param_count(stmt))
		return -1;
	memset(binds, 0, sizeof(*binds) * nparams);
	for (i = 0; i < nparams; i++) {
		switch (params[i].type) {
		case KD_P_NULL:
			binds[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case KD_P_STR:
			lens[i] = (unsigned long)strlen(params[i].str);
			binds[i].buffer_type = MYSQL_TYPE_STRING;
			binds[i].buffer = (void *)(uintptr_t)params[i].str;
			binds[i].buffer_length = lens[i];
			binds[i].length = &lens[i];
			break;
		case KD_P_BLOB:
			lens[i] = (unsigned long)params[i].len;
			binds[i].buffer_type = MYSQL_TYPE_BLOB;
			binds[i].buffer = (void *)(uintptr_t)params[i].str;
			binds[i].buffer_length = lens[i];
			binds[i].length = &lens[i];
			break;
		case KD_P_INT:
			binds[i].buffer_type = MYSQL_TYPE_LONGLONG;
			binds[i].buffer = (void *)(uintptr_t)&params[i].num;
			break;
		}
	}
	return nparams == 0 ? 0 : (mysql_stmt_bind_param(stmt, binds) ? -1 : 0);
}

static long long db_exec_once(size_t slot, const struct kd_param *params,
    size_t nparams)
{
	MYSQL_BIND binds[KD_DB_MAX_PARAMS];
	unsigned long lens[KD_DB_MAX_PARAMS];
	MYSQL_STMT *stmt;

	if (db_stmts[slot] == NULL && db_prepare(slot) != 0)
		return -1;
	stmt = db_stmts[slot];
	if (db_bind_params(stmt, params, nparams, binds, lens) != 0) {
		db_last_errno = mysql_stmt_errno(stmt);
		kd_log("db: bind of statement %zu failed", slot);
		return -1;
	}
	if (mysql_stmt_execute(stmt) != 0) {
		db_last_errno = mysql_stmt_errno(stmt);
		return -1;
	}
	db_last_errno = 0;
	/* A SELECT has no affected rows (the library says -1). */
	if (mysql_stmt_field_count(stmt) > 0)
		return 0;
	return (long long)mysql_stmt_affected_rows(stmt);
}

long long kd_db_exec(size_t id, const struct kd_param *params, size_t nparams)
{
	long long rows;
	size_t slot;

	if (db_slot(id, &slot) != 0)
		return -1;
	rows = db_exec_once(slot, params, nparams);
	if (rows >= 0)
		return rows;
	if (db_gone(db_last_errno)) {
		/* Rebuild the connection either way, so the next request finds
		 * it ready.  Only a read is tried again, or a statement never
		 * run (its preparation failed): a write may have committed
		 * before the connection broke, and running it twice could
		 * store a declaration twice.  For a write, or inside a
		 * transaction, the caller answers 503 and the client retries
		 * with its idempotency key. */
		int retry_safe = db_stmts[slot] == NULL ||
		    mysql_stmt_field_count(db_stmts[slot]) > 0 ||
		    db_last_errno == KD_ER_WSREP_NOT_READY;

		kd_log("db: server went away (%u), reconnecting", db_last_errno);
		db_move_on(db_last_errno);
		if (db_reconnect() == 0 && retry_safe && !db_in_transaction)
			rows = db_exec_once(slot, params, nparams);
		if (db_in_transaction)
			db_transaction_lost = 1;
		db_in_transaction = 0;
	}
	if (rows < 0 && db_last_errno != KD_ER_DUP_ENTRY)
		kd_log("db: statement %zu failed: %u", id, db_last_errno);
	return rows;
}

int kd_db_fetch(size_t id, struct kd_col *cols, size_t ncols)
{
	MYSQL_BIND binds[KD_DB_MAX_PARAMS];
	MYSQL_STMT *stmt;
	size_t i, slot;
	int rc;

	if (db_slot(id, &slot) != 0 || db_stmts[slot] == NULL || ncols > KD_DB_MAX_PARAMS)
		return -1;
	stmt = db_stmts[slot];
	memset(binds, 0, sizeof(*binds) * ncols);
	for (i = 0; i < ncols; i++) {
		binds[i].buffer_type = MYSQL_TYPE_STRING;
		binds[i].buffer = cols[i].buf;
		binds[i].buffer_length = cols[i].cap > 0 ? cols[i].cap - 1 : 0;
		binds[i].length = &cols[i].len;
		binds[i].is_null = (my_bool *)&cols[i].is_null;
	}
	if (ncols > 0 && mysql_stmt_bind_result(stmt, binds) != 0)
		return -1;
	rc = mysql_stmt_fetch(stmt);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		db_last_errno = mysql_stmt_errno(stmt);
		kd_log("db: fetch of statement %zu failed: %u", id, db_last_errno);
		return -1;
	}
	for (i = 0; i < ncols; i++) {
		size_t n = cols[i].len;

		if (cols[i].cap == 0)
			continue;                 /* a column nobody reads */
		cols[i].truncated = (rc == MYSQL_DATA_TRUNCATED && n >= cols[i].cap);
		if (n >= cols[i].cap)
			n = cols[i].cap - 1;
		if (cols[i].is_null)
			n = 0;
		cols[i].buf[n] = '\0';
		/* A value cut to its buffer never ends in half a character. */
		if (cols[i].truncated)
			kd_utf8_trim(cols[i].buf, n);
	}
	return 1;
}

void kd_db_done(size_t id)
{
	size_t slot;

	if (db_slot(id, &slot) == 0 && db_stmts[slot] != NULL)
		mysql_stmt_free_result(db_stmts[slot]);
}

int kd_db_row(size_t id, const struct kd_param *params, size_t nparams,
    struct kd_col *cols, size_t ncols)
{
	int rc;

	if (kd_db_exec(id, params, nparams) < 0)
		return -1;
	rc = kd_db_fetch(id, cols, ncols);
	kd_db_done(id);
	return rc;
}

unsigned long long kd_db_insert_id(size_t id)
{
	size_t slot;

	if (db_slot(id, &slot) != 0 || db_stmts[slot] == NULL)
		return 0;
	return mysql_stmt_insert_id(db_stmts[slot]);
}

unsigned int kd_db_errno(void)
{
	return db_last_errno;
}

static int db_simple(const char *sql)
{
	if (db_conn == NULL || mysql_query(db_conn, sql) != 0) {
		db_last_errno = db_conn ? mysql_errno(db_conn) : CR_SERVER_GONE_ERROR;
		kd_log("db: %s failed: %u", sql, db_last_errno);
		return -1;
	}
	return 0;
}

int kd_db_begin(void)
{
	if (db_simple("START TRANSACTION") != 0) {
		/* A connection lost while idle is rebuilt before the
		 * transaction starts; nothing has been written yet. */
		if (!db_gone(db_last_errno))
			return -1;
		db_move_on(db_last_errno);
		if (db_reconnect() != 0 || db_simple("START TRANSACTION") != 0)
			return -1;
	}
	db_in_transaction = 1;
	db_transaction_lost = 0;
	return 0;
}

int kd_db_commit(void)
{
	int rc;

	if (db_transaction_lost) {
		db_transaction_lost = 0;
		return -1;
	}
	rc = db_simple("COMMIT");
	db_in_transaction = 0;
	return rc;
}

void kd_db_rollback(void)
{
	/* A failed ROLLBACK leaves nothing committed: the server rolls the
	 * transaction back when the connection it was on goes. */
	if (db_conn != NULL && mysql_query(db_conn, "ROLLBACK") != 0)
		kd_log("db: ROLLBACK failed: %u", mysql_errno(db_conn));
	db_in_transaction = 0;
	db_transaction_lost = 0;
}

/* After a conflict, the next attempt's START TRANSACTION waits until this
 * node has applied every write-set the cluster had ordered (Galera's
 * wsrep_sync_wait; ignored by a server without wsrep): the retry then sees
 * the winner's row instead of conflicting with it again. */
static void db_causal_reads(int on)
{
	if (db_conn != NULL)
		(void)mysql_query(db_conn, on ? "SET SESSION wsrep_sync_wait = 1"
		    : "SET SESSION wsrep_sync_wait = 0");
}

/* A short pause before attempt n (1, 2, ...): 1-4 ms, then more, so that
 * transactions that conflicted do not meet again at once. */
static void db_backoff(int n)
{
	struct timespec ts = { 0, (long)((uint32_t)n * 2 + randombytes_uniform(3)) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The COMMIT failed: 1 when it certainly did not commit (a certification
 * failure or a conflict reported at COMMIT rolls back), 0 when it may have
 * (the answer was lost). */
static int db_commit_refused(unsigned int err)
{
	return err == KD_ER_LOCK_DEADLOCK;
}

enum kd_txn_result kd_db_txn(int (*fn)(void *ctx), void *ctx, int tries)
{
	enum kd_txn_result result = KD_TXN_FAILED;
	int attempt, rc, causal = 0;
	unsigned int err;

	for (attempt = 0; attempt < tries; attempt++) {
		if (attempt > 0)
			db_backoff(attempt);
		if (causal)
			db_causal_reads(1);
		if (kd_db_begin() != 0)
			break;
		rc = fn(ctx);
		/* A connection lost inside fn, unnoticed by it: nothing was
		 * committed, the whole transaction runs again. */
		if (rc == KD_TXN_OK && db_transaction_lost) {
			db_last_errno = KD_CR_SERVER_LOST;
			rc = -1;
		}
		if (rc == KD_TXN_OK) {
			/* Never again once COMMIT may have reached the server,
			 * except when the server said it rolled back. */
			if (kd_db_commit() == 0) {
				result = KD_TXN_OK;
				break;
			}
			if (!db_commit_refused(db_last_errno))
				break;
			rc = -1;
		}
		err = db_last_errno;
		kd_db_rollback();
		db_last_errno = err;
		if (rc == KD_TXN_REFUSED) {
			result = KD_TXN_REFUSED;
			break;
		}
		if (!kd_db_retryable(err) && !db_gone(err))
			break;
		causal = 1;
		kd_log("db: transaction retried after error %u", err);
	}
	if (causal)
		db_causal_reads(0);
	return result;
}

MYSQL *kd_db_handle(void)
{
	return db_conn;
}

void kd_db_close(void)
{
	db_close_statements();
	if (db_conn != NULL)
		mysql_close(db_conn);
	db_conn = NULL;
}
