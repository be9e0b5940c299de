/*
 * db.h - one MariaDB connection per worker thread, every statement
 * prepared once.
 *
 * A program lists its SQL in one const table (index = its own enum); each
 * thread calls kd_db_open() before its accept loop (lib/serve.c); the
 * connection and statements are the calling thread's own.  Per request it binds
 * parameters and reads rows through kd_db_exec()/kd_db_fetch().  When the
 * server went away (2006/2013) the connection and every statement are
 * rebuilt by one function, and an idempotent call is retried once.
 */
#ifndef KD_DB_H
#define KD_DB_H

#include <stddef.h>
#include <mysql.h>

/* Connects with the settings of the config file (db_socket, db_name,
 * db_user, db_password): utf8mb4, time_zone '+07:00', timeouts set, no
 * automatic reconnect.  NULL on failure (logged).  For tools that need a
 * plain connection; programs use kd_db_open(). */
MYSQL *kd_db_connect(void);

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
int kd_db_open(const char *const *sql, size_t nsql);

/* Runs statement id with params.  Returns the affected row count (>= 0),
 * or -1 on error (logged).  For a SELECT, follow with kd_db_fetch() until
 * it returns 0, then kd_db_done(). */
long long kd_db_exec(size_t id, const struct kd_param *params, size_t nparams);

/* Binds the result columns (once per exec, before the first fetch) and
 * fetches the next row: 1 a row, 0 no more rows, -1 error. */
int kd_db_fetch(size_t id, struct kd_col *cols, size_t ncols);

/* Frees the result of statement id. */
void kd_db_done(size_t id);

/* Convenience: exec + fetch first row + done.  1 found, 0 none, -1 error. */
int kd_db_row(size_t id, const struct kd_param *params, size_t nparams,
              struct kd_col *cols, size_t ncols);

/* Last AUTO_INCREMENT id made by statement id. */
unsigned long long kd_db_insert_id(size_t id);

/* Error number of the last failed call (e.g. 1062 duplicate key). */
unsigned int kd_db_errno(void);

/* Transactions: 0 ok, -1 error. */
int kd_db_begin(void);
int kd_db_commit(void);
void kd_db_rollback(void);

/* The raw handle, for tools that need it. */
MYSQL *kd_db_handle(void);

void kd_db_close(void);

#endif
