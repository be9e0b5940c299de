/*
 * session.h - officer sessions and the CSRF checks.
 *
 * The cookie `sid` holds 32 random bytes (base64url); the table keeps only
 * their SHA-256.  With cookie_secure = 1 (production, behind TLS) it is
 * named `__Host-sid` and carries Secure: a browser then accepts it only
 * from this very host over HTTPS, without Domain, for Path=/.  A request
 * with two session cookies (one planted by a neighbouring host) is
 * refused by lib/serve.c rather than guessed at.  A session ends at its
 * role's idle timeout and absolute limit (lib/role.c); a kiosk's cookie
 * is not kept when the browser closes; an administrator's new login ends
 * its other sessions.  Each session has its own CSRF token, which every
 * state-changing officer request must carry as field `csrf` or header
 * X-CSRF-Token.  Public POSTs (login, the citizen's declaration) have no
 * session yet: they are checked by origin (Sec-Fetch-Site / Origin must be
 * ours when a browser sends them), which is what stops a cross-site form.
 *
 * Each worker caches the sessions it has read (by the SHA-256 of the sid)
 * for at most session_cache_seconds (config, default 30; 0 = no cache), and
 * never past the session's own expires_at.  Revocation stays immediate on
 * this host: whoever deletes sessions calls kd_session_revoke_all(), which
 * bumps a host-wide epoch (<var_dir>/run/session-epoch, mmap'ed by every
 * worker) that every worker compares before it trusts a cached session.
 * With several application hosts, a revocation made on one host reaches the
 * others within session_cache_seconds; so does any change made to the
 * sessions table by hand.  Without var_dir there is no cache.
 */
#ifndef KD_SESSION_H
#define KD_SESSION_H

#include "attr.h"
#include "req.h"
#include "role.h"

/* "sid", or "__Host-sid" with cookie_secure = 1. */
const char *kd_session_cookie_name(void);

/* 1 when the request carries the session cookie more than once. */
int kd_session_cookie_ambiguous(const struct kd_req *r);

/* Reads the session cookie and fills r->session when it names a live
 * session (not past its expiry, nor idle past its role's timeout). */
void kd_session_load(struct kd_req *r);

/* Starts a session: stores it, queues the cookie, fills r->session
 * (r->session.csrf is the new token).  0 ok, -1 error. */
int kd_session_start(struct kd_req *r, const char *uid, const char *role,
    const char *unit, long long place_id) KD_MUST_USE;

/* Ends every other session of the request's account (after its password
 * changed).  0 ok, -1 error. */
int kd_session_end_others(const struct kd_req *r) KD_MUST_USE;

/* Ends the session of the request and clears the cookie (and calls
 * kd_session_revoke_all()).  0 ok; -1 when the row could not be deleted:
 * the session may still be alive, and the caller must say so. */
int kd_session_end(struct kd_req *r) KD_MUST_USE;

/* Call after any DELETE from sessions (except the purge of expired rows):
 * bumps the host-wide revocation epoch, so that no worker on this host uses
 * a session it has cached before the bump, and empties the caller's cache. */
void kd_session_revoke_all(void);

/* 1 when the request carries its session's CSRF token (field csrf or
 * header X-CSRF-Token), compared in constant time.  kd_serve() asks it for
 * every POST of a route that needs a session. */
int kd_csrf_ok(const struct kd_req *r) KD_MUST_USE;

/* For public POSTs: -1 (answered 403) when a browser says the request
 * comes from another site. */
int kd_origin_check(struct kd_req *r) KD_MUST_USE;

/* Random URL-safe text of 43 characters from 32 random bytes. */
void kd_random_token(char out[44]);

#endif
