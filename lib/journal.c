#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "journal.h"
#include "log.h"

/* Each thread of a worker writes its own file. */
static _Thread_local int journal_fd = -1;
static _Thread_local char journal_dir[400];
static _Thread_local long journal_rotate;
static _Thread_local long journal_bytes;       /* written to the current file */
/* The last write was torn: the next record starts with a newline so that
 * it is a line of its own (the loader drops the torn piece). */
static _Thread_local int journal_torn;

/* mkdir -p for a path of at most a few levels under an existing var/. */
static int make_dirs(const char *dir)
{
	char path[512];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return -1;
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
		path[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/* The folder's entry of a new file reaches the disk before any record in
 * the file is answered as written (the records themselves: fdatasync in
 * kd_journal_append).  0 ok, -1 error. */
static int sync_dir(void)
{
	int fd = open(journal_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* A new file of our own in journal_dir, locked; -1 on error (logged). */
static int open_file(void)
{
	char path[600];
	struct timespec now;
	int fd;

	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(path, sizeof(path), "%s/%d-%d-%lld%09ld.log", journal_dir,
	    (int)getpid(), (int)gettid(), (long long)now.tv_sec, now.tv_nsec);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		kd_log("journal: cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	/* Held until the file is closed: "someone still writes here". */
	if (flock(fd, LOCK_EX | LOCK_NB) != 0 || sync_dir() != 0) {
		kd_log("journal: cannot lock or sync %s: %s", path, strerror(errno));
		close(fd);
		if (unlink(path) != 0)
			kd_log("journal: cannot remove %s: %s", path, strerror(errno));
		return -1;
	}
	return fd;
}

int kd_journal_open(const char *dir, long rotate_bytes)
{
	int fd;

	if (make_dirs(dir) != 0) {
		kd_log("journal: cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(journal_dir, sizeof(journal_dir), "%s", dir);
	if ((fd = open_file()) < 0)
		return -1;
	/* A file-size limit or a full disk must be an error we answer 503
	 * to, not a signal that kills the worker. */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		return -1;
	journal_fd = fd;
	journal_torn = 0;
	journal_bytes = 0;
	journal_rotate = rotate_bytes > 0 ? rotate_bytes : KD_JOURNAL_ROTATE_BYTES;
	return 0;
}

/* Moves on to a new file after a whole record; when no new file can be
 * made the current one is kept (and tried again at the next record). */
static void rotate(void)
{
	int fd = open_file();

	if (fd < 0)
		return;
	close(journal_fd);
	journal_fd = fd;
	journal_bytes = 0;
}

int kd_journal_is_open(void)
{
	return journal_fd >= 0;
}

void kd_journal_close(void)
{
	if (journal_fd >= 0)
		close(journal_fd);
	journal_fd = -1;
}

int kd_journal_format(char *out, size_t outlen, const char *const *fields, size_t n)
{
	size_t i, used = 0;
	const char *p;

	for (i = 0; i < n; i++) {
		if (i > 0) {
			if (used + 1 >= outlen)
				return -1;
			out[used++] = '\t';
		}
		for (p = fields[i] ? fields[i] : ""; *p != '\0'; p++) {
			char esc = *p == '\\' ? '\\' : *p == '\t' ? 't' : *p == '\n' ? 'n' : 0;

			if (used + 2 >= outlen)
				return -1;
			if (esc != 0) {
				out[used++] = '\\';
				out[used++] = esc;
			} else {
				out[used++] = *p;
			}
		}
	}
	if (used + 1 >= outlen)
		return -1;
	out[used++] = '\n';
	out[used] = '\0';
	return (int)used;
}

int kd_journal_append(const char *const *fields, size_t n)
{
	char line[KD_JOURNAL_MAX_LINE + 1];
	int len = kd_journal_format(line + 1, sizeof(line) - 1, fields, n);
	char *start = journal_torn ? line : line + 1;
	ssize_t w;

	if (journal_fd < 0 || len < 0) {
		kd_log("journal: %s", journal_fd < 0 ? "not open" : "record too long");
		return -1;
	}
	line[0] = '\n';
	len += journal_torn;
	/* One write of a whole line to an O_APPEND file: records of different
	 * calls never interleave, and the loader only takes whole lines. */
	w = write(journal_fd, start, (size_t)len);
	/* On the disk before the caller answers: the kiosk shows a person's
	 * data only once the record of the look-up would survive a power
	 * failure too (the cost: docs/SECURITY.md, bench/verify.sh). */
	if (w == len && fdatasync(journal_fd) != 0) {
		kd_log("journal: fdatasync failed: %s", strerror(errno));
		journal_bytes += len;
		return -1;
	}
	if (w == len) {
		journal_torn = 0;
		journal_bytes += len;
		if (journal_bytes >= journal_rotate)
			rotate();
		return 0;
	}
	kd_log("journal: write failed (%zd of %d bytes): %s", w, len,
	    w < 0 ? strerror(errno) : "short write");
	if (w > 0)
		journal_torn = 1;
	return -1;
}

int kd_journal_split(char *line, char **fields, size_t n)
{
	size_t count = 0;
	char *in = line, *out = line;

	if (n == 0)
		return -1;
	fields[count++] = out;
	for (; *in != '\0'; in++) {
		if (*in == '\t') {
			*out++ = '\0';
			if (count == n)
				return -1;
			fields[count++] = out;
		} else if (*in == '\\') {
			in++;
			if (*in == '\\')
				*out++ = '\\';
			else if (*in == 't')
				*out++ = '\t';
			else if (*in == 'n')
				*out++ = '\n';
			else
				return -1;
		} else if (*in == '\n') {
			return -1;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return count == n ? 0 : -1;
}
