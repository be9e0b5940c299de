/*
 * req.h - one FastCGI request: its parameters parsed and bounded before any
 * handler sees them, its memory in one arena, its response state.
 */
#ifndef KD_REQ_H
#define KD_REQ_H

#include <stddef.h>
#include <time.h>
#include <fcgiapp.h>

#include "arena.h"

#define KD_MAX_PARAMS 160     /* keys in a query or a body (a household of
                                 ten: 155 fields, lib/household.h) */
#define KD_MAX_KEY 32         /* bytes in a key */
#define KD_MAX_COOKIES 16
#define KD_MAX_SET_COOKIES 4
#define KD_MAX_FIELDS 160     /* fields in one field table */

/* A decoded key/value pair; both NUL-terminated, value valid UTF-8. */
struct kd_kv {
	const char *key;
	const char *value;
	size_t len;
};

/* Results of parsing; also what kd_reply_parse_error() answers.  Values
 * are not judged here: their bytes are checked field by field
 * (lib/field.h), so that a bad value is named. */
enum kd_parse_status {
	KD_PARSE_OK = 0,
	KD_PARSE_BAD_ENCODING,   /* broken %-escape or a bad key */
	KD_PARSE_BAD_UTF8,       /* the path is not UTF-8 */
	KD_PARSE_TOO_MANY,       /* more than KD_MAX_PARAMS pairs */
	KD_PARSE_TOO_LARGE,      /* body over the program's limit */
	KD_PARSE_BAD_TYPE,       /* body not application/x-www-form-urlencoded */
	KD_PARSE_NO_MEMORY
};

struct kd_session {
	int valid;
	int unavailable;         /* not valid because the database failed:
	                            the answer is 503, not "log in again" */
	char uid[65];
	char role[17];
	unsigned role_bit;       /* the role's KD_ROLE_* bit (lib/role.h) */
	char unit[6];            /* "" = the whole country */
	long long place_id;      /* 0 = none */
	char place_name[256];    /* "" = none; for the page header */
	char csrf[44];
};

/* The parsed values of a request's fields, parallel to the route's field
 * table (lib/field.h): NULL / 0 when absent. */
struct kd_values {
	const char *v[KD_MAX_FIELDS];      /* the text, normalised */
	long long n[KD_MAX_FIELDS];        /* integers, ids, flags, choice index */
	time_t t[KD_MAX_FIELDS];           /* dates (00:00 +07:00), date-times */
	const char *error[KD_MAX_FIELDS];  /* message per bad field */
	unsigned char sent[KD_MAX_FIELDS]; /* the key came, even if empty */
	size_t nerrors;
	const char *bad_key;               /* unknown or repeated key */
};

struct kd_route;

struct kd_req {
	FCGX_Request *fcgx;
	struct kd_arena arena;
	const char *method;
	const char *path;          /* the URI path, without the query */
	int want_json;             /* Accept: application/json */
	struct kd_kv query[KD_MAX_PARAMS];
	size_t nquery;
	struct kd_kv body[KD_MAX_PARAMS];
	size_t nbody;
	struct kd_kv cookies[KD_MAX_COOKIES];
	size_t ncookies;
	char *raw_body;            /* NUL-terminated copy of the body */
	size_t body_len;
	const char *set_cookies[KD_MAX_SET_COOKIES];
	size_t nset_cookies;
	struct kd_session session;
	const struct kd_route *route;  /* the route being served */
	const char *action;        /* the body's "action" value, or NULL */
	struct kd_values vals;     /* the route's fields, parsed */
	int replied;               /* a response has been written */
	int status;                /* the status written, for the log */
};

/*
 * Parses application/x-www-form-urlencoded text in place (buf is modified
 * and must stay alive).  Keys must be [a-z0-9_] and at most KD_MAX_KEY
 * bytes.  Values are decoded but not judged (their len counts a decoded
 * NUL): lib/field.c checks their bytes for the field they belong to.
 */
enum kd_parse_status kd_parse_urlencoded(char *buf, struct kd_kv *out,
    size_t max, size_t *n);

/* Parses a Cookie header into out (copies into the arena). Cookies that do
 * not parse are ignored: they come from the browser, not from a form. */
void kd_parse_cookies(struct kd_arena *a, const char *header,
    struct kd_kv *out, size_t max, size_t *n);

/* Reads the FastCGI request into r: method, path, query, cookies and, for
 * a POST, the body (at most max_body bytes; over it nothing is read). */
enum kd_parse_status kd_req_read(struct kd_req *r, FCGX_Request *fcgx,
    size_t max_body);

/* A CGI parameter (e.g. "HTTP_X_CSRF_TOKEN"), or NULL. */
const char *kd_req_param(const struct kd_req *r, const char *name);

/* The value of cookie name, or NULL. */
const char *kd_req_cookie(const struct kd_req *r, const char *name);

/* Queues a Set-Cookie header for the response (value copied). */
int kd_req_set_cookie(struct kd_req *r, const char *header_value);

/* Frees everything the request allocated. */
void kd_req_reset(struct kd_req *r);

#endif
