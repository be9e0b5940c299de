/*
 * epoch.h - a host-wide change counter: a 64-bit number in
 * <var_dir>/run/<name>, mapped MAP_SHARED by every worker of every
 * program on this host.  Whoever changes what other workers hold in
 * memory bumps it after the commit; a reader compares it with what it
 * saw when it last loaded, with one atomic load and no system call, and
 * loads again when it moved.  (The zone levels, lib/zones.h; the
 * session cache keeps its own counter, lib/session.c.)
 *
 * A struct kd_epoch belongs to one thread (declare it _Thread_local).
 * A file removed or replaced under a running stack is noticed within a
 * second (its st_nlink is looked at once a second, not per request), and
 * the new file counts as a move.  Without var_dir, or when the file
 * cannot be opened or mapped, there is no counter: kd_epoch_moved says
 * so, and the reader falls back on its own age limit.  With several
 * application hosts each host has its own file: a change made on one is
 * seen on the others only through that age limit.
 */
#ifndef KD_EPOCH_H
#define KD_EPOCH_H

#include <stdint.h>
#include <time.h>

struct kd_epoch {
	const char *name;          /* the file under <var_dir>/run/ */
	uint64_t *counter;         /* mapped; NULL = not (yet) */
	int fd;
	int tried;                 /* the lazy mapping was tried */
	int fresh;                 /* mapped afresh since the last kd_epoch_moved */
	time_t checked;            /* monotonic second of the last st_nlink look */
};
#define KD_EPOCH_INIT(file) { .name = (file), .fd = -1 }

/* 1 when the counter differs from *seen or the file was mapped afresh
 * (*seen takes its value), 0 when it has not moved, -1 when there is no
 * counter. */
int kd_epoch_moved(struct kd_epoch *e, uint64_t *seen);

/* Tells every worker of this host: after a committed change. */
void kd_epoch_bump(struct kd_epoch *e);

#endif
