/*
 * bulk.h - many rows into a table quickly: a one-row INSERT prepared once
 * and executed over an array of rows (MariaDB's bulk execution,
 * STMT_ATTR_ARRAY_SIZE: the server runs the array as one command), for
 * the command-line jobs (the vaccination import, the daily report).
 *
 *   struct kd_bulk *b = kd_bulk_open(db, "INSERT INTO t (a, b) VALUES (?, ?)", 2, 1000);
 *   for each row: kd_bulk_add(b, cells)     cells[i] text, NULL = SQL NULL;
 *                                           a full array is sent at once
 *   kd_bulk_flush(b);                       the rest
 *   kd_bulk_close(b);
 *
 * Values are copied, so cells may be reused after kd_bulk_add.  Nothing is
 * committed here: the caller owns the transaction.
 */
#ifndef KD_BULK_H
#define KD_BULK_H

#include "attr.h"

#include <stddef.h>
#include <mysql.h>

struct kd_bulk;

/* NULL on failure (the error number is logged). */
struct kd_bulk *kd_bulk_open(MYSQL *db, const char *sql, size_t ncols,
    size_t rows_per_execute);

/* 0 ok, -1 a database error or out of memory. */
int kd_bulk_add(struct kd_bulk *b, const char *const *cells) KD_MUST_USE;
int kd_bulk_flush(struct kd_bulk *b) KD_MUST_USE;

/* The rows sent so far; the error number of the last failure. */
unsigned long long kd_bulk_sent(const struct kd_bulk *b);
unsigned int kd_bulk_errno(const struct kd_bulk *b);

void kd_bulk_close(struct kd_bulk *b);

#endif
