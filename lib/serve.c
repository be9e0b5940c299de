#include <errno.h>
#include <grp.h>
#include <malloc.h>
#include <pthread.h>
#include <pwd.h>
#include <fcgiapp.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "journal.h"
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "token.h"
#include "units.h"

#define SERVE_MAX_WORKERS 64
#define SERVE_MAX_THREADS 64
#define SERVE_MALLOC_ARENAS 2          /* for a threaded worker: see worker() */
#define SERVE_DEFAULT_BODY (32 * 1024)
/* How often the loader looks for new journal records. */
#define SERVE_LOADER_PAUSE_NS (250 * 1000 * 1000L)

/* <var_dir>/audit/<program>: the audit journals of one program. */
static char journal_dir[400];

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(const char *name)
{
	fprintf(stderr, "usage: %s [-c config] -s socket [-n workers] [-p pidfile]\n", name);
}

/* 1. The routes of the path and method; for a POST form, the one of its
 * action.  NULL when none: *err says why (404, 405, 400 action). */
static const struct kd_route *route_find(const struct kd_program *p,
    const struct kd_req *r, enum kd_err *err)
{
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	int path_known = 0, method_known = 0;
	size_t i, n;

	for (i = 0; i < p->nroutes; i++) {
		const struct kd_route *rt = &p->routes[i];

		n = strlen(rt->path);
		if (rt->path[n - 1] == '/' ? strncmp(r->path, rt->path, n) != 0 :
		    strcmp(r->path, rt->path) != 0)
			continue;
		path_known = 1;
		if (strcmp(rt->method, method) != 0)
			continue;
		method_known = 1;
		if ((rt->action == NULL && r->action == NULL) ||
		    (rt->action != NULL && r->action != NULL &&
		    strcmp(rt->action, r->action) == 0))
			return rt;
	}
	/* KD_E_INVALID_FIELDS: the path and method exist, the action not. */
	*err = method_known ? KD_E_INVALID_FIELDS : path_known ? KD_E_METHOD :
	    KD_E_NOT_FOUND;
	return NULL;
}

/* The body's action, read once for the router: 0 ok, -1 when it is
 * repeated (a bad key). */
static int read_action(struct kd_req *r)
{
	size_t i;

	r->action = NULL;
	for (i = 0; i < r->nbody; i++) {
		if (strcmp(r->body[i].key, "action") != 0)
			continue;
		if (r->action != NULL)
			return -1;
		r->action = r->body[i].value;
	}
	return 0;
}

/* 2 and 3: the session, the role, the place, the CSRF token or origin.
 * 0 go on; -1 answered. */
static int access_check(const struct kd_route *rt, struct kd_req *r)
{
	int post = strcmp(r->method, "POST") == 0;

	if (rt->anon == KD_ANON_ALLOW)
		return post ? kd_origin_check(r) : 0;
	if (!r->session.valid) {
		if (r->session.unavailable)
			kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
		else if (!r->want_json && !post)
			kd_reply_redirect(r, kd_login_url(r));
		else
			kd_reply_error(r, KD_E_NOT_LOGGED_IN, NULL, 0, NULL);
		return -1;
	}
	if ((r->session.role_bit & rt->roles) == 0) {
		kd_reply_error(r, KD_E_FORBIDDEN, NULL, 0, NULL);
		return -1;
	}
	if (post && !kd_csrf_ok(r)) {
		kd_reply_error(r, KD_E_CSRF, NULL, 0, NULL);
		return -1;
	}
	if ((rt->flags & KD_RT_PLACE) && r->session.place_id <= 0) {
		kd_reply_error(r, KD_E_NO_PLACE, NULL, 0, NULL);
		return -1;
	}
	return 0;
}

/* 4. The route's fields, parsed into r->vals.  0 go on; -1 answered. */
static int fields_check(const struct kd_route *rt, struct kd_req *r)
{
	int post = strcmp(r->method, "POST") == 0, rc;

	if (post && r->nquery > 0) {
		kd_reply_bad_key(r, r->query[0].key);
		return -1;
	}
	rc = kd_fields(&r->arena, r, post ? KD_FROM_BODY : KD_FROM_QUERY,
	    rt->fields, rt->nfields, &r->vals);
	if (rc < 0) {
		kd_reply_bad_key(r, r->vals.bad_key);
		return -1;
	}
	if (rt->settle != NULL) {
		rt->settle(r);
		rc = r->vals.nerrors > 0;
	}
	if (rc > 0) {
		if (rt->invalid != NULL)
			rt->invalid(r);
		else
			kd_reply_error(r, KD_E_INVALID_FIELDS, rt->fields,
			    rt->nfields, &r->vals);
		return -1;
	}
	return 0;
}

/* What a log line may say of the path: the route's own (a prefix route
 * such as /qr/ without the token after it), never the request's. */
static const char *log_path(const struct kd_req *r)
{
	return r->route != NULL ? r->route->path : "(no route)";
}

static void handle_one(const struct kd_program *p, FCGX_Request *fcgx)
{
	struct kd_req r;
	enum kd_parse_status st;
	enum kd_err err = KD_E_NOT_FOUND;

	memset(&r, 0, sizeof(r));
	st = kd_req_read(&r, fcgx, p->max_body ? p->max_body : SERVE_DEFAULT_BODY);
	if (st != KD_PARSE_OK) {
		kd_reply_parse_error(&r, st);
	} else if (read_action(&r) != 0) {
		kd_reply_bad_key(&r, "action");
	} else if (p->need_db && kd_session_cookie_ambiguous(&r)) {
		/* A second session cookie may be one a neighbouring host
		 * planted: neither is trusted (issue 18). */
		kd_reply_error(&r, KD_E_SESSION_AMBIGUOUS, NULL, 0, NULL);
	} else {
		/* Only requests that carry a session cookie cost a look-up. */
		if (p->need_db && kd_req_cookie(&r, kd_session_cookie_name()) != NULL)
			kd_session_load(&r);
		r.route = route_find(p, &r, &err);
		if (r.route == NULL && err == KD_E_INVALID_FIELDS)
			kd_reply_field(&r, err, "action", "Thao tác không hợp lệ.");
		else if (r.route == NULL)
			kd_reply_error(&r, err, NULL, 0, NULL);
		else if (access_check(r.route, &r) == 0 &&
		    fields_check(r.route, &r) == 0)
			r.route->handler(&r);
		if (!r.replied) {
			kd_log("handler for %s gave no answer", log_path(&r));
			kd_reply_error(&r, KD_E_SERVER, NULL, 0, NULL);
		}
	}
	if (r.status >= 500)
		kd_log("%s %s -> %d", r.method ? r.method : "-", log_path(&r), r.status);
	kd_req_reset(&r);
}

/* --routes: the table as text, for the route x role test. */
static void print_routes(const struct kd_program *p)
{
	size_t i, k;

	for (i = 0; i < p->nroutes; i++) {
		const struct kd_route *rt = &p->routes[i];
		const char *sep = "";

		printf("%s\t%s\t%s\t", rt->method, rt->path,
		    rt->action ? rt->action : "-");
		for (k = 0; k < kd_nroles; k++) {
			if (rt->roles & kd_roles[k].bit) {
				printf("%s%s", sep, kd_roles[k].name);
				sep = ",";
			}
		}
		printf("%s\t%s\t%s\n", *sep ? "" : "-",
		    rt->anon == KD_ANON_ALLOW ? "public" : "login",
		    rt->flags & KD_RT_PLACE ? "place" : "-");
	}
}

/* --fields: every field of every route, one a line, for the tests that
 * send hostile values through every field (tests/integration):
 *   method path action|- field type required|repeated|- min max choices|-
 * (choices comma-separated; slots, fields without a name, are left out). */
static void print_fields(const struct kd_program *p)
{
	size_t i, k, c;

	for (i = 0; i < p->nroutes; i++) {
		const struct kd_route *rt = &p->routes[i];

		for (k = 0; k < rt->nfields; k++) {
			const struct kd_field *f = &rt->fields[k];

			if (f->name == NULL)
				continue;
			printf("%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%lld\t", rt->method, rt->path,
			    rt->action ? rt->action : "-", f->name, kd_field_type_name(f->type),
			    f->flags & KD_REQUIRED ? "required" :
			    f->flags & KD_REPEATED ? "repeated" : "-", f->min, f->max);
			for (c = 0; f->choices != NULL && f->choices[c] != NULL; c++)
				printf("%s%s", c ? "," : "", f->choices[c]);
			printf("%s\n", f->choices != NULL && f->choices[0] != NULL ? "" : "-");
		}
	}
}

/* What each thread of a worker opens for itself: its own database
 * connection and journal file (their state is thread-local). */
static int thread_open(const struct kd_program *p)
{
	if (p->need_db && kd_db_open(p->sql, p->nsql) != 0)
		return -1;
	if (p->open_dir != NULL && p->open_dir() != 0)
		return -1;
	if (p->audit_journal && kd_journal_open(journal_dir,
	    kd_conf_long("audit_journal_rotate_bytes", 0)) != 0)
		return -1;
	return 0;
}

struct serve_thread {
	const struct kd_program *p;
	int listen_fd;
};

static _Noreturn void start_failed(void)
{
	/* Start-up only: the supervisor tries again a moment later. */
	kd_log("worker start-up failed");
	sleep(1);
	exit(1);
}

/* The accept loop of one thread.  When accept fails the whole worker
 * ends, and the supervisor starts a new one. */
static _Noreturn void serve_requests(const struct kd_program *p, int listen_fd)
{
	FCGX_Request fcgx;

	if (FCGX_InitRequest(&fcgx, listen_fd, 0) != 0)
		start_failed();
	while (FCGX_Accept_r(&fcgx) >= 0) {
		handle_one(p, &fcgx);
		FCGX_Finish_r(&fcgx);
		/* The answer's memory is free again, but glibc keeps the
		 * pages of a heap it cannot shrink from the top; this gives
		 * every free page back (its result says only whether any was). */
		if (p->trim_heap)
			(void)malloc_trim(0);
	}
	exit(0);
}

static void *extra_thread(void *arg)
{
	const struct serve_thread *t = arg;

	if (thread_open(t->p) != 0)
		start_failed();
	serve_requests(t->p, t->listen_fd);
}

/* The public keys; at the very first start of a stack the signing
 * programs make the first key at the same moment: wait for it a little. */
static int pubkeys_load(void)
{
	struct timespec pause = { 0, 100 * 1000 * 1000L };
	int tries;

	for (tries = 0; tries < 50; tries++) {
		if (kd_token_pubkeys_load(kd_conf_str("key_dir", "var/keys")) == 0)
			return 0;
		nanosleep(&pause, NULL);
	}
	kd_log("no public key in the key folder: is a signing program running?");
	return -1;
}

/*
 * One worker process: what is read-only is loaded once (units, keys), then
 * its threads each open their own connections and accept requests.  A
 * threaded program has threads_<name> of them (default 1): they let it
 * group its threads' look-ups into one statement (lib/group.h).
 */
static _Noreturn void worker(const struct kd_program *p, int listen_fd)
{
	static struct serve_thread t;
	long i, nthreads;
	char key[64];
	pthread_t tid;

	if (signal(SIGTERM, SIG_DFL) == SIG_ERR || signal(SIGINT, SIG_DFL) == SIG_ERR ||
	    signal(SIGHUP, SIG_DFL) == SIG_ERR)
		start_failed();
	snprintf(key, sizeof(key), "threads_%s", p->name);
	nthreads = p->threaded ? kd_conf_long(key, 1) : 1;
	if (nthreads < 1 || nthreads > SERVE_MAX_THREADS) {
		kd_log("%s: between 1 and %d, not %ld", key, SERVE_MAX_THREADS, nthreads);
		start_failed();
	}
	/* The units are read over the first thread's connection. */
	if (FCGX_Init() != 0 || kd_tmpl_init() != 0 || thread_open(p) != 0)
		start_failed();
	if (p->need_units && kd_units_load() != 0)
		start_failed();
	if (p->need_keys == KD_KEYS_SIGN &&
	    kd_token_keys_load(kd_conf_str("key_dir", "var/keys")) != 0)
		start_failed();
	if (p->need_keys == KD_KEYS_CHECK && pubkeys_load() != 0)
		start_failed();
	/* Any program with a database may name a citizen in its audit. */
	if (p->need_db && kd_audit_key_load() != 0)
		start_failed();
	if (p->init != NULL && p->init() != 0)
		start_failed();
	/* glibc gives threads malloc arenas of their own, up to 8 a core:
	 * verify's 32 threads held 16 of about 1.45 MB each, 23 of its 45 MB
	 * RSS (bench/RESULTS.md).  Two arenas, one a core, are what two cores
	 * can use at once. */
	if (nthreads > 1 && mallopt(M_ARENA_MAX, SERVE_MALLOC_ARENAS) != 1)
		kd_log("mallopt(M_ARENA_MAX) failed; each thread may get its own arena");
	t.p = p;
	t.listen_fd = listen_fd;
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&tid, NULL, extra_thread, &t) != 0)
			start_failed();
	serve_requests(p, listen_fd);
}

/*
 * The journal loader: moves audit records from the workers' journals into
 * MariaDB every quarter of a second, and once more when told to stop (the
 * workers stop at the same time; what they write last is loaded at the
 * next start).
 */
static void loader(const struct kd_program *p, int listen_fd)
{
	static char name[80];
	struct timespec pause = { 0, SERVE_LOADER_PAUSE_NS };

	close(listen_fd);
	snprintf(name, sizeof(name), "%s-audit-loader", p->name);
	kd_log_init(name);
	/* Its own name in ps and /proc/<pid>/comm (tests find it there). */
	prctl(PR_SET_NAME, "audit-loader", 0, 0, 0);
	if (kd_db_open(NULL, 0) != 0) {
		sleep(1);
		exit(1);
	}
	while (!stopping) {
		/* A database error: the same records are tried again later. */
		if (kd_audit_load_journals(journal_dir, p->name) < 0)
			sleep(1);
		else
			nanosleep(&pause, NULL);
	}
	kd_audit_load_journals(journal_dir, p->name);
	exit(0);
}

/* Slot nworkers is the loader's when the program has one. */
static pid_t spawn(const struct kd_program *p, int listen_fd, int is_loader)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (is_loader)
			loader(p, listen_fd);
		worker(p, listen_fd);
	}
	if (pid < 0)
		kd_log("fork: %s", strerror(errno));
	return pid;
}

static int slot_of(const pid_t *pids, int n, pid_t pid)
{
	int i;

	for (i = 0; i < n; i++)
		if (pids[i] == pid)
			return i;
	return -1;
}

static void supervise(const struct kd_program *p, int listen_fd, int nworkers)
{
	pid_t pids[SERVE_MAX_WORKERS + 1];
	time_t started[SERVE_MAX_WORKERS + 1];
	int i, status, slot, nchildren = nworkers + (p->audit_journal ? 1 : 0);
	pid_t pid;

	for (i = 0; i < nchildren; i++) {
		pids[i] = spawn(p, listen_fd, i == nworkers);
		started[i] = time(NULL);
	}
	while (!stopping) {
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		slot = slot_of(pids, nchildren, pid);
		if (slot < 0 || stopping)
			continue;
		kd_log("worker %d ended (status %d), restarting", (int)pid, status);
		/* A worker that keeps dying at once must not spin the CPU. */
		if (time(NULL) - started[slot] < 2)
			sleep(1);
		pids[slot] = spawn(p, listen_fd, slot == nworkers);
		started[slot] = time(NULL);
	}
	for (i = 0; i < nchildren; i++)
		if (pids[i] > 0 && kill(pids[i], SIGTERM) != 0)
			kd_log("cannot stop worker %d: %s", (int)pids[i], strerror(errno));
	for (i = 0; i < nchildren; i++)
		if (pids[i] > 0)
			waitpid(pids[i], &status, 0);
}

/*
 * Started as root with run_as set (production: run_as = kiemdich,
 * run_as_group = www-data, so that nginx may talk to the socket): the
 * socket is handed to that user and group, then the supervisor and every
 * worker it forks run as them, with no way back.  Without run_as a root
 * start is allowed (the run configuration in a container) but said.
 * 0 ok, -1 refused (logged).
 */
static int drop_privileges(const char *sock)
{
	const char *user = kd_conf_get("run_as"), *group = kd_conf_get("run_as_group");
	const struct passwd *pw;
	const struct group *gr;
	gid_t gid;

	if (user == NULL || user[0] == '\0') {
		if (geteuid() == 0)
			kd_log("running as root: set run_as in production (docs/SECURITY.md)");
		return 0;
	}
	if (geteuid() != 0)
		return 0;
	if ((pw = getpwnam(user)) == NULL || pw->pw_uid == 0) {
		kd_log("run_as: no such unprivileged user");
		return -1;
	}
	gid = pw->pw_gid;
	if (group != NULL && group[0] != '\0') {
		if ((gr = getgrnam(group)) == NULL) {
			kd_log("run_as_group: no such group");
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (chown(sock, pw->pw_uid, gid) != 0 || setgroups(0, NULL) != 0 ||
	    setgid(gid) != 0 || setuid(pw->pw_uid) != 0 || setuid(0) == 0) {
		kd_log("run_as: cannot become %s: %s", user, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_pidfile(const char *path)
{
	FILE *fp = fopen(path, "w");
	int rc;

	if (fp == NULL)
		return -1;
	rc = fprintf(fp, "%d\n", (int)getpid()) > 0 ? 0 : -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

int kd_serve(int argc, char **argv, const struct kd_program *p)
{
	const char *conf = kd_conf_default_path(), *sock = NULL, *pidfile = NULL;
	struct sigaction sa;
	int nworkers = 0, opt, listen_fd;

	if (argc == 2 && strcmp(argv[1], "--routes") == 0) {
		print_routes(p);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc == 2 && strcmp(argv[1], "--fields") == 0) {
		print_fields(p);
		return fflush(stdout) == 0 ? 0 : 1;
	}

	while ((opt = getopt(argc, argv, "c:s:n:p:")) != -1) {
		switch (opt) {
		case 'c': conf = optarg; break;
		case 's': sock = optarg; break;
		case 'n': nworkers = atoi(optarg); break;
		case 'p': pidfile = optarg; break;
		default: usage(p->name); return 2;
		}
	}
	kd_log_init(p->name);
	if (sock == NULL) {
		usage(p->name);
		return 2;
	}
	if (kd_conf_load(conf) != 0 || sodium_init() < 0)
		return 1;
	if (nworkers <= 0) {
		/* "workers_<program>" first: a program that mostly waits (for
		 * durable commits) wants more workers than one that computes. */
		char key[64];

		snprintf(key, sizeof(key), "workers_%s", p->name);
		nworkers = (int)kd_conf_long(key, kd_conf_long("workers", 2));
	}
	if (nworkers > SERVE_MAX_WORKERS)
		nworkers = SERVE_MAX_WORKERS;
	snprintf(journal_dir, sizeof(journal_dir), "%s/audit/%s",
	    kd_conf_str("var_dir", "var"), p->name);
	if (FCGX_Init() != 0)
		return 1;
	/* A socket left by a crash is replaced; any other error shows below. */
	if (unlink(sock) != 0 && errno != ENOENT)
		kd_log("cannot remove the old socket: %s", strerror(errno));
	listen_fd = FCGX_OpenSocket(sock, 1024);
	if (listen_fd < 0) {
		kd_log("cannot listen on %s", sock);
		return 1;
	}
	/* Only nginx (same user or group) may talk to the programs. */
	if (chmod(sock, 0660) != 0) {
		kd_log("cannot restrict the socket: %s", strerror(errno));
		return 1;
	}
	if (pidfile != NULL && write_pidfile(pidfile) != 0)
		kd_log("cannot write %s", pidfile);
	if (drop_privileges(sock) != 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0 ||
	    signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		return 1;
	kd_log("listening with %d workers", nworkers);
	supervise(p, listen_fd, nworkers);
	if (unlink(sock) != 0 || (pidfile != NULL && unlink(pidfile) != 0))
		kd_log("socket or pid file already gone: %s", strerror(errno));
	kd_log("stopped");
	return 0;
}
