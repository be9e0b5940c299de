/*
 * db.h - one MariaDB connection per worker thread, each statement
 * prepared on its first run (checked once at start).
 *
 * A program lists its SQL in one const table (index = its own enum); each
 * thread calls kd_db_open() before its accept loop (lib/serve.c); the
 * connection and statements are the calling thread's own.  Per request it binds
 * parameters and reads rows through kd_db_exec()/kd_db_fetch().  A
 * statement is prepared on the thread's connection when it first runs
 * (prepared statements cost the client about 9 KB each); the first
 * kd_db_open() of a process prepares the whole table once and closes it
 * again, so SQL the schema refuses stops the program at start.  When the
 * server went away (2006/2013) the connection is rebuilt by one function,
 * its statements are prepared again as they run, and an idempotent call is
 * retried once.
 *
 * Several database nodes (a Galera cluster, docs/DEPLOYMENT.md): the
 * config's db_nodes lists them, nearest first, each a unix socket path or
 * host:port (without db_nodes, the one db_socket).  A thread connects to
 * the first that answers and stays there; when its node is lost
 * (2006/2013, or the connect fails) or cannot serve (1047: a Galera node
 * outside the primary component, or joining), it moves to the next node
 * and reconnects there.  db_spread = 1 starts each thread at a different
 * node instead of the first (the workers of one program host then write
 * to all nodes at once; the cluster tests use it).
 *
 * What is retried, and why that is safe:
 *   - a read, or a statement the server refused without running it
 *     (1047), on the next node;
 *   - a whole transaction of kd_db_txn() after a deadlock, a lock wait
 *     timeout, a certification conflict (1213, from any statement or
 *     from the COMMIT: Galera rolled it back) or 1047, or when the
 *     connection was lost before COMMIT was sent; never after a COMMIT
 *     whose answer was lost (it may have committed);
 *   - never a single write outside a transaction whose answer was lost:
 *     the caller answers 503 and the client sends it again.
 * The client's second try, and any run of a transaction that may have
 * committed before, is made harmless by the database itself: a
 * declaration's client_ref and a payment's client_ref are unique keys
 * (the second insert meets 1062 and answers the first row), a payment is
 * unique per program and citizen (u_one_live), and a passage claims its
 * declaration row before it looks for one in the last 5 minutes
 * (lib/passage.c), so that two nodes confirming the same code conflict at
 * certification and the retry finds the first passage.  Row locks
 * (SELECT ... FOR UPDATE) and GET_LOCK are local to a Galera node: no
 * rule of ours may rest on them alone, only on a row written by both.
 */
#ifndef KD_DB_H
#define KD_DB_H

#include "attr.h"

#include <stddef.h>
#include <mysql.h>

/* Connects with the settings of the config file (db_nodes or db_socket,
 * db_name, db_user, db_password), to the first node that answers from this
 * thread's current one on: utf8mb4, time_zone '+07:00', timeouts set, no
 * automatic reconnect, no LOAD DATA LOCAL.  NULL on failure (logged).  For tools that need a
 * plain connection; programs use kd_db_open(). */
MYSQL *kd_db_connect(void);

/* Command-line jobs whose statements may run longer than db_timeout
 * (the daily report over a whole country): the read timeout of the
 * connections made from now on, in seconds. */
void kd_db_set_timeout(unsigned int seconds);

/* 1 when the server this thread is connected to replicates its writes to
 * other nodes (a Galera cluster): a row lock then holds on that node only,
 * and a rule resting on one must also write the row it locked (see
 * lib/passage.c).  0 on a single server, or before the first connect. */
int kd_db_replicated(void);

/* From now on this process connects as the account db_<name>_user /
 * db_<name>_password of the config file: "retention" is the one that may
 * delete audit rows (scripts/stack grants; the programs' own account may
 * not).  Call before kd_db_open/kd_db_connect.  0 ok, -1 no such account
 * configured. */
int kd_db_account(const char *name) KD_MUST_USE;

/* The most parameters (and result columns) one statement may have: the
 * kiosk's audit loader binds 32 rows of 10 (lib/audit.c asserts it). */
#define KD_DB_MAX_PARAMS 384

/* One parameter of a statement. */
enum kd_param_type { KD_P_NULL, KD_P_STR, KD_P_INT, KD_P_BLOB };
struct kd_param {
	enum kd_param_type type;
	const char *str;   /* KD_P_STR (NUL-terminated) and KD_P_BLOB */
	size_t len;        /* KD_P_BLOB length */
	long long num;     /* KD_P_INT */
};
static inline struct kd_param KD_STR(const char *s)
{
	return (struct kd_param){ .type = s != NULL ? KD_P_STR : KD_P_NULL, .str = s };
}
static inline struct kd_param KD_INT(long long n)
{
	return (struct kd_param){ .type = KD_P_INT, .num = n };
}
static inline struct kd_param KD_BLOB(const void *p, size_t n)
{
	return (struct kd_param){ .type = KD_P_BLOB, .str = p, .len = n };
}
#define KD_NULLP ((struct kd_param){ .type = KD_P_NULL })

/* One result column, always fetched as text into a bounded buffer. */
struct kd_col {
	char *buf;
	size_t cap;            /* sizeof buf; values are NUL-terminated */
	unsigned long len;
	char is_null;
	char truncated;
};
#define KD_COL(b) ((struct kd_col){ .buf = (b), .cap = sizeof(b) })

/* Statement table of a program. */
int kd_db_open(const char *const *sql, size_t nsql) KD_MUST_USE;

/* Runs statement id with params.  Returns the affected row count (>= 0),
 * or -1 on error (logged).  For a SELECT, follow with kd_db_fetch() until
 * it returns 0, then kd_db_done(). */
long long kd_db_exec(size_t id, const struct kd_param *params, size_t nparams) KD_MUST_USE;

/* Binds the result columns (once per exec, before the first fetch) and
 * fetches the next row: 1 a row, 0 no more rows, -1 error. */
int kd_db_fetch(size_t id, struct kd_col *cols, size_t ncols) KD_MUST_USE;

/* Frees the result of statement id. */
void kd_db_done(size_t id);

/* Convenience: exec + fetch first row + done.  1 found, 0 none, -1 error. */
int kd_db_row(size_t id, const struct kd_param *params, size_t nparams,
              struct kd_col *cols, size_t ncols) KD_MUST_USE;

/* Last AUTO_INCREMENT id made by statement id. */
unsigned long long kd_db_insert_id(size_t id);

/* The MariaDB errors we act on, by name. */
enum kd_db_error {
	KD_ER_WSREP_NOT_READY = 1047,    /* a Galera node that cannot serve yet */
	KD_ER_DUP_ENTRY = 1062,          /* a unique key said no */
	KD_ER_LOCK_WAIT_TIMEOUT = 1205,
	KD_ER_LOCK_DEADLOCK = 1213,      /* also Galera's certification failure */
	KD_ER_CHECK_CONSTRAINT = 4025,
	KD_ER_CLIENT_TIMEOUT = 4031,     /* the server closed an idle connection */
	KD_CR_SERVER_GONE = 2006,
	KD_CR_SERVER_LOST = 2013,
};

/* Error number of the last failed call (e.g. KD_ER_DUP_ENTRY). */
unsigned int kd_db_errno(void);

/* 1 for the errors after which a whole transaction may simply run again
 * (deadlock or certification conflict, lock wait timeout, node not
 * ready), 0 otherwise. */
int kd_db_retryable(unsigned int err);

/* 1 when the connection was lost or its node cannot serve (it is rebuilt,
 * on the next node, by the next call). */
int kd_db_gone(unsigned int err);

/* Transactions: 0 ok, -1 error. */
int kd_db_begin(void) KD_MUST_USE;
int kd_db_commit(void) KD_MUST_USE;
void kd_db_rollback(void);

/*
 * A whole transaction, retried when that is safe.  fn runs between BEGIN
 * and COMMIT and returns KD_TXN_OK to commit, KD_TXN_REFUSED to roll back
 * a refusal of its own (already paid, outside the area: told through
 * ctx), or -1 after a database error.  A deadlock, certification
 * conflict or lock wait timeout, a node not ready, or a connection lost
 * before COMMIT was sent, rolls back and runs fn again (after a pause of a
 * few ms, and with its START TRANSACTION waiting until the node has
 * applied what the cluster committed, so that it sees the row it lost
 * to), at most tries times in all.  A COMMIT that fails with 1213 is run
 * again (Galera rolled it back); any other failed COMMIT never: it may
 * have committed, so the answer is KD_TXN_FAILED and the client retries
 * with its idempotency key.  Returns KD_TXN_OK (committed), KD_TXN_REFUSED
 * or KD_TXN_FAILED (kd_db_errno says why).
 */
enum kd_txn_result { KD_TXN_FAILED = -1, KD_TXN_OK = 0, KD_TXN_REFUSED = 1 };
#define KD_TXN_TRIES 5
enum kd_txn_result kd_db_txn(int (*fn)(void *ctx), void *ctx, int tries) KD_MUST_USE;

/* The raw handle, for tools that need it. */
MYSQL *kd_db_handle(void);

void kd_db_close(void);

#endif
