/*
 * keyfile.c - secret keys made once, safely (see keyfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "keyfile.h"
#include "log.h"

#define KEY_MAX 256

static void sync_dir_of(const char *path)
{
	char copy[512];
	int dfd;

	if ((size_t)snprintf(copy, sizeof(copy), "%s", path) >= sizeof(copy))
		return;
	dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	if (fsync(dfd) != 0)
		kd_log("keyfile: fsync of the key folder failed: %s", strerror(errno));
	close(dfd);
}

int kd_keyfile_make(const char *path, size_t len)
{
	unsigned char key[KEY_MAX];
	char tmp[600];
	ssize_t put;
	int fd, rc = -1;

	if (len == 0 || len > KEY_MAX || access(path, F_OK) == 0)
		return len == 0 || len > KEY_MAX ? -1 : 0;
	/* A host of several must hold the keys the others hold: one of its
	 * own would sign codes nobody else accepts. */
	if (kd_conf_long("keys_shared", 0) == 1) {
		kd_log("keyfile: a key is missing and keys_shared = 1: copy key_dir"
		    " from the first host (docs/DEPLOYMENT.md)");
		return -1;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new-%ld-%08x", path,
	    (long)getpid(), randombytes_random()) >= sizeof(tmp))
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		kd_log("keyfile: cannot create a key file: %s", strerror(errno));
		return -1;
	}
	randombytes_buf(key, len);
	put = write(fd, key, len);
	sodium_memzero(key, sizeof(key));
	/* fchmod too: a umask cannot widen it, but be explicit. */
	if (put == (ssize_t)len && fchmod(fd, 0600) == 0 && fsync(fd) == 0)
		rc = 0;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST) {
		kd_log("keyfile: cannot install a key file: %s", strerror(errno));
		rc = -1;
	}
	if (unlink(tmp) != 0)
		kd_log("keyfile: cannot remove a temporary key file: %s", strerror(errno));
	if (rc == 0)
		sync_dir_of(path);
	return rc;
}

int kd_keyfile_read(const char *path, unsigned char *out, size_t len)
{
	unsigned char buf[KEY_MAX + 1];
	struct stat st;
	ssize_t got;
	int fd;

	if (len > KEY_MAX)
		return -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		kd_log("keyfile: cannot open a key file: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
		kd_log("keyfile: a key file is not a private regular file (mode must be 0600)");
		close(fd);
		return -1;
	}
	got = read(fd, buf, sizeof(buf));
	close(fd);
	if (got != (ssize_t)len) {
		kd_log("keyfile: a key file must hold exactly %zu bytes", len);
		sodium_memzero(buf, sizeof(buf));
		return -1;
	}
	memcpy(out, buf, len);
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

int kd_keyfile_load(const char *path, unsigned char *out, size_t len)
{
	if (kd_keyfile_make(path, len) != 0)
		return -1;
	return kd_keyfile_read(path, out, len);
}
