#include <errno.h>
#include <pthread.h>
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
#include "dir.h"
#include "journal.h"
#include "log.h"
#include "resp.h"
#include "serve.h"
#include "session.h"
#include "token.h"
#include "units.h"

#define SERVE_MAX_WORKERS 64
#define SERVE_MAX_THREADS 64
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

static const struct kd_route *route_find(const struct kd_program *p,
    const char *method, const char *path, int *path_known)
{
	size_t i, n;

	*path_known = 0;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (i = 0; i < p->nroutes; i++) {
		const struct kd_route *rt = &p->routes[i];

		n = strlen(rt->path);
		if (rt->path[n - 1] == '/' ? strncmp(path, rt->path, n) != 0 :
		    strcmp(path, rt->path) != 0)
			continue;
		*path_known = 1;
		if (strcmp(rt->method, method) == 0)
			return rt;
	}
	return NULL;
}

static void handle_one(const struct kd_program *p, FCGX_Request *fcgx)
{
	struct kd_req r;
	enum kd_parse_status st;
	const struct kd_route *rt;
	int path_known;

	memset(&r, 0, sizeof(r));
	st = kd_req_read(&r, fcgx, p->max_body ? p->max_body : SERVE_DEFAULT_BODY);
	if (st != KD_PARSE_OK) {
		kd_reply_parse_error(&r, st);
	} else {
		/* Only requests that carry a session cookie cost a look-up. */
		if (p->need_db && kd_req_cookie(&r, "sid") != NULL)
			kd_session_load(&r);
		rt = route_find(p, r.method, r.path, &path_known);
		if (rt != NULL)
			rt->handler(&r);
		else
			kd_reply_error(&r, path_known ? KD_E_METHOD : KD_E_NOT_FOUND,
			    NULL, 0, NULL);
		if (!r.replied) {
			kd_log("handler for %s gave no answer", r.path);
			kd_reply_error(&r, KD_E_SERVER, NULL, 0, NULL);
		}
	}
	if (r.status >= 500)
		kd_log("%s %s -> %d", r.method, r.path, r.status);
	kd_req_reset(&r);
}

/* What each thread of a worker opens for itself: its own database
 * connection and journal file (their state is thread-local). */
static int thread_open(const struct kd_program *p)
{
	if (p->need_db && kd_db_open(p->sql, p->nsql) != 0)
		return -1;
	if (p->need_dir && kd_dir_open() != 0)
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

	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
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
	if (p->need_keys && kd_token_keys_load(kd_conf_str("key_dir", "var/keys")) != 0)
		start_failed();
	if (p->init != NULL && p->init() != 0)
		start_failed();
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
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (i = 0; i < nchildren; i++)
		if (pids[i] > 0)
			waitpid(pids[i], &status, 0);
}

int kd_serve(int argc, char **argv, const struct kd_program *p)
{
	const char *conf = kd_conf_default_path(), *sock = NULL, *pidfile = NULL;
	struct sigaction sa;
	int nworkers = 0, opt, listen_fd;
	FILE *fp;

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
	unlink(sock);
	listen_fd = FCGX_OpenSocket(sock, 1024);
	if (listen_fd < 0) {
		kd_log("cannot listen on %s", sock);
		return 1;
	}
	chmod(sock, 0660);
	if (pidfile != NULL && (fp = fopen(pidfile, "w")) != NULL) {
		fprintf(fp, "%d\n", (int)getpid());
		fclose(fp);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	kd_log("listening with %d workers", nworkers);
	supervise(p, listen_fd, nworkers);
	unlink(sock);
	if (pidfile != NULL)
		unlink(pidfile);
	kd_log("stopped");
	return 0;
}
