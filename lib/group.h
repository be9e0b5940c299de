/*
 * group.h - one statement for the look-ups of many threads.
 *
 * In a worker with several threads (threads_<name> in the config), each
 * request that reads a row by id queues its id.  The first thread to find
 * no statement at the database runs one `... WHERE key IN (?, ...)` on its
 * own connection for every id queued (up to KD_GROUP_MAX), hands each
 * thread its row and wakes it.  Ids queued meanwhile make the next group.
 * A lone request is a group of one: nothing waits for company, so an idle
 * server answers as fast as before; under load the database sees one
 * statement for many look-ups, the way InnoDB groups commits.
 */
#ifndef KD_GROUP_H
#define KD_GROUP_H

#include <stddef.h>

#include "db.h"

#define KD_GROUP_SIZES 5             /* statements for 1, 2, 4, 8, 16 ids */
#define KD_GROUP_MAX 16

struct kd_group {
	/* The program's statements taking 1, 2, 4, 8 and 16 ids; a group of
	 * another size repeats its last id (an IN list ignores repeats). */
	size_t stmt[KD_GROUP_SIZES];
	size_t key_col;                   /* the result column holding the id */
};

/*
 * The row whose key is id, into cols (as kd_db_row).  Every caller of one
 * kd_group passes the same column layout.  1 found, 0 none, -1 database
 * error (every look-up of that group fails; the caller answers 503).
 */
int kd_group_row(const struct kd_group *g, unsigned long long id,
    struct kd_col *cols, size_t ncols);

#endif
