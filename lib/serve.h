/*
 * serve.h - the life of a program: read the config, open the FastCGI
 * socket, fork the workers and restart any that dies; in each worker
 * prepare everything once, then loop over requests.  A program with an
 * audit journal gets one more child, the loader, restarted like a worker.
 *
 *   prog -c var/kiemdich.conf -s /path/to/prog.sock -n 4 [-p pidfile]
 */
#ifndef KD_SERVE_H
#define KD_SERVE_H

#include <stddef.h>

#include "req.h"

struct kd_route {
	const char *method;       /* "GET" or "POST" */
	const char *path;         /* exact, or a prefix when it ends in '/' */
	void (*handler)(struct kd_req *r);
};

struct kd_program {
	const char *name;
	const char *const *sql;   /* the program's statements; NULL for none */
	size_t nsql;
	int need_db;              /* open the database (with lib statements) */
	int need_units;           /* load the administrative units */
	int need_dir;             /* open the LDAP directory */
	int need_keys;            /* load the QR signing keys (key_dir) */
	size_t max_body;          /* bytes; 0 = the default (32 KiB) */
	int audit_journal;        /* kd_audit_read() goes through a journal
	                             (lib/journal.h) loaded by an extra child */
	int threaded;             /* may run threads_<name> threads per worker:
	                             the program keeps no state of its own
	                             outside a request (the library's is
	                             per thread, lib/qrimg.c's is not) */
	int (*init)(void);        /* per worker, after the first thread's
	                             database; may be NULL */
	const struct kd_route *routes;
	size_t nroutes;
};

/* Runs the program; returns the exit status for main. */
int kd_serve(int argc, char **argv, const struct kd_program *p);

#endif
