/*
 * serve.h - the life of a program: read the config, open the FastCGI
 * socket, fork the workers and restart any that dies; in each worker
 * prepare everything once, then loop over requests.  A program with an
 * audit journal gets one more child, the loader, restarted like a worker.
 *
 *   prog -c var/kiemdich.conf -s /path/to/prog.sock -n 4 [-p pidfile]
 *   prog --routes     prints the route table (method, path, action, roles,
 *                     anon, flags; tab-separated) for the route x role test
 *   prog --fields     prints every route's fields (method, path, action,
 *                     name, type, required/repeated, min, max, choices) for
 *                     the hostile-input and area tests
 */
#ifndef KD_SERVE_H
#define KD_SERVE_H

#include <stddef.h>

#include "field.h"
#include "req.h"
#include "role.h"

/* What a caller without a session gets from a route. */
enum kd_anon {
	KD_ANON_LOGIN,       /* a browser is sent to /login?next=<path>, JSON
	                        gets 401 not_logged_in (the default) */
	KD_ANON_ALLOW,       /* public: anyone; a session, if any, is read */
};

enum kd_route_flags {
	KD_RT_PLACE = 1 << 0,    /* the session must carry a place: 403 no_place */
};

/*
 * One route: who may call it, what it reads, and its handler.  kd_serve()
 * enforces all of it before the handler runs, in this order:
 *
 *   1. method and path (an unknown path 404, a known path with another
 *      method 405); for a POST form, the body's "action" picks among the
 *      routes of the same path (NULL = the route for no action); an action
 *      no route handles is 400 naming the field action;
 *   2. the session: none -> per anon; the database down -> 503; a role
 *      not in roles -> 403 forbidden; with KD_RT_PLACE and no place ->
 *      403 no_place;
 *   3. a POST: with a session, its CSRF token (field csrf or header
 *      X-CSRF-Token, else 403 csrf_failed); a public POST, the browser's
 *      origin (lib/session.h);
 *   4. the fields: GET reads the query, POST the body (and takes no query
 *      keys); unknown or repeated keys 400 naming the key; then the
 *      route's settle(r), if any, the form's own step from field to field
 *      (fill a place "same as permanent residence", find a commune typed
 *      by name) that may add or withdraw messages; bad values go to
 *      invalid(r) when the route has one (a form shown again with its
 *      messages), else the generic 400 invalid_fields;
 *   5. handler(r), which reads r->vals (lib/field.h) and answers.
 */
struct kd_route {
	const char *method;       /* "GET" (HEAD too) or "POST" */
	const char *path;         /* exact, or a prefix when it ends in '/' */
	const char *action;       /* POST: the value of field action; NULL none */
	unsigned roles;           /* KD_ROLE_* bits (lib/role.h) allowed */
	enum kd_anon anon;
	unsigned flags;           /* KD_RT_* */
	const struct kd_field *fields;
	size_t nfields;
	void (*handler)(struct kd_req *r);
	void (*invalid)(struct kd_req *r);   /* NULL: the generic 400 */
	void (*settle)(struct kd_req *r);    /* NULL: none (step 4) */
};

#define KD_NFIELDS(table) (sizeof(table) / sizeof((table)[0]))

enum kd_keys { KD_KEYS_NONE, KD_KEYS_SIGN, KD_KEYS_CHECK };

struct kd_program {
	const char *name;
	const char *const *sql;   /* the program's statements; NULL for none */
	size_t nsql;
	int need_db;              /* open the database (with lib statements) */
	int need_units;           /* load the administrative units */
	int (*open_dir)(void);    /* kd_dir_open for the programs that read
	                             the LDAP directory, else NULL: a pointer,
	                             not a flag, so that only they link libldap
	                             and the TLS libraries it loads (about 1 MB
	                             of each worker's RSS, bench/RESULTS.md) */
	int need_keys;            /* KD_KEYS_SIGN: load the QR signing keys
	                             (key_dir); KD_KEYS_CHECK: only their
	                             public halves (lib/token.h) */
	size_t max_body;          /* bytes; 0 = the default (32 KiB) */
	int audit_journal;        /* kd_audit_read() goes through a journal
	                             (lib/journal.h) loaded by an extra child */
	int trim_heap;            /* give freed pages back to the system after
	                             each request: for a program whose answers
	                             can take megabytes and that is not hot
	                             (f-status's traces: bench/RESULTS.md) */
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
