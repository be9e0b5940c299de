#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "log.h"

#define GROUP_SCRATCH (64 * 1024)    /* the leader's copy of one row */
#define GROUP_MAX_COLS 64

/* One waiting look-up: each thread's own, reused for each of its look-ups. */
struct member {
	const struct kd_group *g;
	unsigned long long id;
	struct kd_col *cols;
	size_t ncols;
	int rc;                     /* 1 found, 0 none, -1 error */
	int lead;                   /* woken to lead the next group */
	sem_t ready;                /* posted once: answered, or lead */
	struct member *next;
};

/* The queue of one process.  Members of several kd_groups may wait in it;
 * a leader takes only members of its own group. */
static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static struct member *queue_head;
static int leaders;                /* leaders at work */
/* Two groups may be at the database at once: while one waits for its
 * rows, the next one's statement is already on its way, so the CPU does
 * not idle behind a single statement. */
#define GROUP_LEADERS 2

static _Thread_local char scratch[GROUP_SCRATCH];
static _Thread_local struct member self;
static _Thread_local int self_ready;       /* self.ready is initialised */

static const size_t sizes[KD_GROUP_SIZES] = { 1, 2, 4, 8, 16 };

/* Copies the fetched row into a member's columns (same layout). */
static void give_row(struct member *m, const struct kd_col *row)
{
	size_t i, n;

	for (i = 0; i < m->ncols; i++) {
		struct kd_col *c = &m->cols[i];

		n = row[i].is_null ? 0 : row[i].len;
		if (n >= c->cap)
			n = c->cap - 1;
		memcpy(c->buf, row[i].buf, n);
		c->buf[n] = '\0';
		c->len = row[i].len;
		c->is_null = row[i].is_null;
		c->truncated = row[i].truncated || row[i].len >= c->cap;
	}
	m->rc = 1;
}

/* Points row's columns into scratch with the caps of cols; -1 too big. */
static int scratch_row(const struct kd_col *cols, size_t ncols, struct kd_col *row)
{
	size_t i, used = 0;

	for (i = 0; i < ncols; i++) {
		if (cols[i].cap == 0 || cols[i].cap > GROUP_SCRATCH - used)
			return -1;
		row[i] = (struct kd_col){ .buf = scratch + used, .cap = cols[i].cap };
		used += cols[i].cap;
	}
	return 0;
}

/* Runs one statement for the n members and fills each one's answer. */
static void run_group(const struct kd_group *g, struct member **m, size_t n)
{
	struct kd_param ids[KD_GROUP_MAX];
	struct kd_col row[GROUP_MAX_COLS];
	size_t i, k, size = 0, stmt = 0;
	int rc = 0;

	if (n == 0)
		return;
	for (k = 0; k < KD_GROUP_SIZES; k++)
		if (sizes[k] >= n) {
			size = sizes[k];
			stmt = g->stmt[k];
			break;
		}
	for (i = 0; i < size; i++)
		ids[i] = KD_INT((long long)m[i < n ? i : n - 1]->id);
	for (i = 0; i < n; i++)
		m[i]->rc = 0;
	if (m[0]->ncols > GROUP_MAX_COLS || g->key_col >= m[0]->ncols ||
	    scratch_row(m[0]->cols, m[0]->ncols, row) != 0) {
		kd_log("group: columns do not fit");
		rc = -1;
	} else if (kd_db_exec(stmt, ids, size) < 0) {
		rc = -1;
	} else {
		while ((rc = kd_db_fetch(stmt, row, m[0]->ncols)) == 1) {
			unsigned long long key = strtoull(row[g->key_col].buf, NULL, 10);

			for (i = 0; i < n; i++)
				if (m[i]->id == key)
					give_row(m[i], row);
		}
		kd_db_done(stmt);
	}
	if (rc < 0)
		for (i = 0; i < n; i++)
			m[i]->rc = -1;
}

/* Takes up to KD_GROUP_MAX members of g off the queue (lock held), but
 * not those woken to lead a group of their own. */
static size_t take_group(const struct kd_group *g, const struct member *me,
    struct member **out)
{
	struct member **at = &queue_head;
	size_t n = 0;

	while (*at != NULL && n < KD_GROUP_MAX) {
		if ((*at)->g == g && (!(*at)->lead || *at == me)) {
			out[n++] = *at;
			*at = (*at)->next;
		} else {
			at = &(*at)->next;
		}
	}
	return n;
}

/*
 * A waiting thread sleeps on its own semaphore, never on the lock: it is
 * woken once, either answered or to lead.  The leader hands the lead to
 * the first thread that queued while its statement ran, so the queue is
 * served in the order it came.
 */
int kd_group_row(const struct kd_group *g, unsigned long long id,
    struct kd_col *cols, size_t ncols)
{
	struct member *me = &self, *group[KD_GROUP_MAX], **tail, *next = NULL;
	size_t i, n;
	int answered = 0;

	/* Posted once per look-up at most, and waited for as often: its
	 * count is back at 0 after each. */
	if (!self_ready) {
		if (sem_init(&me->ready, 0, 0) != 0)
			return -1;
		self_ready = 1;
	}
	me->g = g;
	me->id = id;
	me->cols = cols;
	me->ncols = ncols;
	me->rc = -1;
	me->lead = 0;
	me->next = NULL;
	pthread_mutex_lock(&group_lock);
	for (tail = &queue_head; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = me;
	if (leaders >= GROUP_LEADERS) {
		pthread_mutex_unlock(&group_lock);
		while (sem_wait(&me->ready) != 0)
			;
		if (!me->lead)
			return me->rc;
		/* A lead handed over: the leaders count already holds us. */
		pthread_mutex_lock(&group_lock);
	} else {
		leaders++;
	}
	while (!answered) {
		n = take_group(g, me, group);
		pthread_mutex_unlock(&group_lock);
		run_group(g, group, n);
		pthread_mutex_lock(&group_lock);
		for (i = 0; i < n; i++)
			if (group[i] == me)
				answered = 1;
		if (answered) {
			for (next = queue_head; next != NULL && next->lead; next = next->next)
				;
			if (next != NULL)
				next->lead = 1;
			else
				leaders--;
		}
		/* The members are posted outside the lock: each post may wake
		 * a thread, which should not find the lock taken. */
		pthread_mutex_unlock(&group_lock);
		for (i = 0; i < n; i++)
			if (group[i] != me)
				sem_post(&group[i]->ready);
		if (next != NULL)
			sem_post(&next->ready);
		pthread_mutex_lock(&group_lock);
	}
	pthread_mutex_unlock(&group_lock);
	return me->rc;
}
