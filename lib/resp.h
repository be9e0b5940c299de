/*
 * resp.h - every response goes out through these functions: one place
 * writes the status, the content type, no-store caching and the cookies.
 * Errors come from one fixed table of status, code and Vietnamese message;
 * they never echo request data (an unknown key is a validated [a-z0-9_]
 * name, the only exception, so that a client knows what to fix).
 */
#ifndef KD_RESP_H
#define KD_RESP_H

#include <stddef.h>
#include <ClearSilver.h>

#include "field.h"
#include "json.h"
#include "req.h"

enum kd_err {
	KD_E_BAD_REQUEST,
	KD_E_INVALID_FIELDS,
	KD_E_BAD_ENCODING,
	KD_E_BAD_UTF8,
	KD_E_BAD_TYPE,
	KD_E_UNKNOWN_FIELD,
	KD_E_NOT_LOGGED_IN,
	KD_E_BAD_CREDENTIALS,
	KD_E_FORBIDDEN,
	KD_E_CSRF,
	KD_E_PASSWORD_CHANGE,
	KD_E_ACCOUNT_DISABLED,
	KD_E_NOT_FOUND,
	KD_E_METHOD,
	KD_E_CONFLICT,
	KD_E_ALREADY_PAID,
	KD_E_TOO_LARGE,
	KD_E_ACCOUNT_LOCKED,
	KD_E_RATE_LIMITED,
	KD_E_SERVER,
	KD_E_UNAVAILABLE,
	KD_E_NO_PLACE,           /* officer/venue account without a place */
	KD_E_TOKEN_BAD,          /* QR code forged, altered or not ours */
	KD_E_TOKEN_EXPIRED,
	KD_E_TOKEN_UNKNOWN,      /* good signature, no such declaration */
	KD_E_TOKEN_REVOKED,
	KD_E_OUTSIDE_AREA,       /* a citizen outside the officer's area */
	KD_E_NOT_IN_REGISTRY,    /* welfare: an ID the population registry lacks */
	KD_E_REGISTRY_MISMATCH,  /* welfare: name, birth date or gender differ */
	KD_E_DECEASED,           /* welfare: died before the program started */
	KD_E_NOT_YOURS,          /* kiosk: undo of another account's passage */
	KD_E_UNDO_TOO_LATE,      /* kiosk: undo after its 2 minutes */
	KD_E_NOT_DEPOT,          /* a depot check from a place that is no depot */
	KD_E_UNIT_LEVEL,         /* permits: an account above a district */
	KD_E_SESSION_AMBIGUOUS,  /* two session cookies in one request */
	KD_E_LOGIN_UNAVAILABLE,  /* login: the directory cannot be reached */
	KD_E_COUNT
};

/* Answers error e: JSON {"error": {...}} or the HTML error page.  With
 * fields/vals, the per-field messages go into "fields". */
void kd_reply_error(struct kd_req *r, enum kd_err e,
    const struct kd_field *fields, size_t nfields, const struct kd_values *vals);

/* The error for a request that did not parse. */
void kd_reply_parse_error(struct kd_req *r, enum kd_parse_status st);

/* 400 naming an unknown or repeated key. */
void kd_reply_bad_key(struct kd_req *r, const char *key);

/* Error e with one field named: JSON error.fields {field: message}; the
 * HTML error page lists it.  field is a name of ours, never request data
 * (an unknown key is a validated [a-z0-9_] name). */
void kd_reply_field(struct kd_req *r, enum kd_err e, const char *field,
    const char *message);

/* The error's HTTP status (for tests and logs). */
int kd_err_status(enum kd_err e);
const char *kd_err_code(enum kd_err e);
const char *kd_err_message(enum kd_err e);

/* JSON body with status; j is freed. */
void kd_reply_json(struct kd_req *r, int status, struct kd_json *j);

/* The same with a Cache-Control of its own (public data: the units, the
 * signing keys); NULL is no-store. */
void kd_reply_json_cached(struct kd_req *r, int status, struct kd_json *j,
    const char *cache_control);

/* Renders template name (under template_dir) with hdf; hdf is destroyed. */
void kd_reply_page(struct kd_req *r, int status, const char *name, HDF *hdf);

/* "/login?next=<path>" for this request: the path only (a query may
 * carry personal data), and only when it is plain enough to need no
 * escaping; else "/login".  In the request's arena. */
const char *kd_login_url(struct kd_req *r);

/* 303 See Other to a path of ours (must start with '/'). */
void kd_reply_redirect(struct kd_req *r, const char *path);

/* Any other body (images); cache_control NULL means no-store. */
void kd_reply_bytes(struct kd_req *r, int status, const char *content_type,
    const char *cache_control, const void *data, size_t len);

/* A new HDF whose every var: is HTML-escaped, with the request's common
 * values (session, csrf).  NULL when out of memory. */
HDF *kd_hdf_new(struct kd_req *r);

/* The same without a request (tools that render pages). */
HDF *kd_hdf_escaped(void);

/* Sets a value under a fixed name; user data only ever goes in values. */
void kd_hdf_set(HDF *hdf, const char *name, const char *value);
void kd_hdf_set_int(HDF *hdf, const char *name, long long value);

/* Copies the values and per-field messages of a form into HDF under
 * prefix (e.g. "Form"): Form.<name>.value and Form.<name>.error. */
void kd_hdf_form(HDF *hdf, const char *prefix, const struct kd_field *fields,
    size_t nfields, const struct kd_values *vals);

/* Renders template name with hdf into a malloc'd string (for tests and
 * golden files).  NULL on a render error (logged). */
char *kd_render_string(const char *template_dir, const char *name, HDF *hdf);

/* One value of the i-th element of a list the template walks with each:
 * "<list>.<i>.<key>" (list and key are names of ours, never data). */
void kd_hdf_item(HDF *hdf, const char *list, size_t i, const char *key,
    const char *value);
void kd_hdf_item_int(HDF *hdf, const char *list, size_t i, const char *key,
    long long value);

/* ClearSilver's error types, registered once per process before any
 * thread renders (nerr_init is not thread-safe).  0 ok, -1 error. */
int kd_tmpl_init(void);

#endif
