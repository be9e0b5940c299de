/*
 * epoch.c - a host-wide change counter (see epoch.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "epoch.h"
#include "log.h"

static time_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void unmap(struct kd_epoch *e)
{
	if (e->counter != NULL)
		munmap(e->counter, sizeof(*e->counter));
	if (e->fd >= 0)
		close(e->fd);
	e->counter = NULL;
	e->fd = -1;
}

/* Opens (making it 0600 when missing) and maps the file.  0 ok. */
static int map(struct kd_epoch *e)
{
	const char *var = kd_conf_str("var_dir", NULL);
	char path[4096];
	struct stat st;
	void *m;
	int fd, n;

	/* Shared between processes: a libatomic lock would not be. */
	if (!__atomic_always_lock_free(sizeof(uint64_t), 0) || var == NULL || *var == '\0')
		return -1;
	n = snprintf(path, sizeof(path), "%s/run/%s", var, e->name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	/* Only a new (short) file is extended; a counter is kept. */
	if (fd < 0 || fstat(fd, &st) != 0 || (st.st_size < (off_t)sizeof(uint64_t) &&
	    ftruncate(fd, sizeof(uint64_t)) != 0)) {
		kd_log("epoch %s: %s", e->name, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	m = mmap(NULL, sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		kd_log("epoch %s: mmap: %s", e->name, strerror(errno));
		close(fd);
		return -1;
	}
	e->fd = fd;
	e->counter = m;
	e->fresh = 1;
	return 0;
}

/* The counter, mapped at first use and again when its file was removed
 * (st_nlink 0: the others no longer see this mapping); NULL when there
 * is none.  retry: map again even when it failed before. */
static uint64_t *counter(struct kd_epoch *e, int retry)
{
	struct stat st;
	time_t now;

	if (e->counter != NULL) {
		now = mono_now();
		if (now == e->checked && !retry)
			return e->counter;
		e->checked = now;
		if (fstat(e->fd, &st) == 0 && st.st_nlink > 0)
			return e->counter;
		unmap(e);
		retry = 1;
	}
	if (e->tried && !retry)
		return NULL;
	e->tried = 1;
	return map(e) == 0 ? e->counter : NULL;
}

int kd_epoch_moved(struct kd_epoch *e, uint64_t *seen)
{
	uint64_t *c = counter(e, 0), now;
	int fresh = e->fresh;

	if (c == NULL)
		return -1;
	e->fresh = 0;
	now = __atomic_load_n(c, __ATOMIC_ACQUIRE);
	if (now == *seen && !fresh)
		return 0;
	*seen = now;
	return 1;
}

void kd_epoch_bump(struct kd_epoch *e)
{
	uint64_t *c = counter(e, 1);

	if (c != NULL)
		__atomic_add_fetch(c, 1, __ATOMIC_SEQ_CST);
	else if (kd_conf_str("var_dir", NULL) != NULL)
		kd_log("epoch %s: change not published to the other workers", e->name);
}
