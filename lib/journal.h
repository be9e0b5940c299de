/*
 * journal.h - append-only line journals: a record is written with one
 * write(2) and synced (fdatasync) before the caller goes on, and a loader
 * moves the records into MariaDB later.
 *
 * Why: the audit row of a kiosk look-up was a durable INSERT on every GET
 * /verify, the largest single cost of the look-up.  A line written and
 * synced survives the crash of any process (the worker, MariaDB, nginx)
 * and of the machine itself, like a committed row: "no audit record, no
 * data" holds after a power failure too (issue 18; the sync's cost is in
 * docs/SECURITY.md).  The file's name is synced into its folder when the
 * file is made.
 *
 * Each writing thread has its own current file, <dir>/<pid>-<tid>-<start
 * ns>.log (names are never reused), and moves on to a new one every
 * KD_JOURNAL_ROTATE_BYTES.  The writer holds an exclusive flock() on its
 * current file until it moves on or its process dies, so the loader knows
 * a file whose lock it can take will not grow any more (the kernel drops
 * the lock when the process dies, whatever its pid becomes).
 *
 * A record is a fixed number of fields separated by tabs, ending in a
 * newline; backslash, tab and newline inside a field are escaped (\\, \t,
 * \n), so any text fits and a line is always one record.
 */
#ifndef KD_JOURNAL_H
#define KD_JOURNAL_H

#include "attr.h"

#include <stddef.h>

#define KD_JOURNAL_MAX_LINE 2048

/* Opens this thread's journal file in dir (made if missing).  0 ok, -1
 * error (logged).  Call once per writing thread.  Once a file has grown
 * past rotate_bytes (0: KD_JOURNAL_ROTATE_BYTES) the next record goes to a
 * new file and the old one is closed, so the loader can remove it: a
 * worker that lives for weeks must not keep one ever-growing file. */
#define KD_JOURNAL_ROTATE_BYTES (8L * 1024 * 1024)
int kd_journal_open(const char *dir, long rotate_bytes);

/* 1 when this thread has a journal open. */
int kd_journal_is_open(void);

/* Appends one record of n fields (NULL = empty) with a single write(2).
 * 0 ok, -1 when it was not written whole (logged): the caller must then
 * act as if nothing was recorded. */
int kd_journal_append(const char *const *fields, size_t n) KD_MUST_USE;

/* Formats one record into out (with its newline).  Returns the length, or
 * -1 when it does not fit in outlen. */
int kd_journal_format(char *out, size_t outlen, const char *const *fields, size_t n);

/* Splits one line (without its newline) in place into exactly n fields,
 * undoing the escapes.  0 ok, -1 when the line is not a record of n
 * fields. */
int kd_journal_split(char *line, char **fields, size_t n);

/* Closes this thread's journal (the lock goes with it). */
void kd_journal_close(void);

#endif
