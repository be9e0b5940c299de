#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "resp.h"
#include "session.h"
#include "sql.h"

static const struct {
	const char *name;
	unsigned bit;
} roles[] = {
	{ "admin", KD_ROLE_ADMIN },
	{ "police", KD_ROLE_POLICE },
	{ "officer", KD_ROLE_OFFICER },
	{ "venue", KD_ROLE_VENUE },
};

unsigned kd_role_bit(const char *role)
{
	size_t i;

	for (i = 0; role != NULL && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].name, role) == 0)
			return roles[i].bit;
	return 0;
}

void kd_random_token(char out[44])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 44, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static void sid_hash(const char *sid, unsigned char hash[32])
{
	crypto_hash_sha256(hash, (const unsigned char *)sid, strlen(sid));
}

void kd_session_load(struct kd_req *r)
{
	const char *sid = kd_req_cookie(r, "sid");
	unsigned char hash[32];
	char place[24] = "";
	struct kd_session *s = &r->session;
	struct kd_col cols[] = { KD_COL(s->uid), KD_COL(s->role), KD_COL(s->unit),
	    KD_COL(place), KD_COL(s->csrf) };
	struct kd_param p[1];

	memset(s, 0, sizeof(*s));
	if (sid == NULL || strlen(sid) != 43)
		return;
	sid_hash(sid, hash);
	p[0] = KD_BLOB(hash, sizeof(hash));
	if (kd_db_row(KD_SQL_SESSION_GET, p, 1, cols, 5) == 1) {
		s->place_id = strtoll(place, NULL, 10);
		s->valid = 1;
	}
}

static void set_sid_cookie(struct kd_req *r, const char *value, int max_age)
{
	char cookie[160];
	const char *secure = kd_conf_long("cookie_secure", 0) ? "; Secure" : "";

	snprintf(cookie, sizeof(cookie),
	    "sid=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
	    value, max_age, secure);
	kd_req_set_cookie(r, cookie);
}

int kd_session_start(struct kd_req *r, const char *uid, const char *role,
    const char *unit, long long place_id)
{
	long minutes = kd_conf_long("session_minutes", 720);
	char sid[44], csrf[44];
	unsigned char hash[32];
	struct kd_param p[7];

	kd_random_token(sid);
	kd_random_token(csrf);
	sid_hash(sid, hash);
	p[0] = KD_BLOB(hash, sizeof(hash));
	p[1] = KD_STR(uid);
	p[2] = KD_STR(role);
	p[3] = KD_STR(unit);
	p[4] = place_id > 0 ? KD_INT(place_id) : KD_NULLP;
	p[5] = KD_STR(csrf);
	p[6] = KD_INT(minutes);
	if (kd_db_exec(KD_SQL_SESSION_INSERT, p, 7) != 1)
		return -1;
	/* Expired sessions go a few at a time, on the login path only. */
	kd_db_exec(KD_SQL_SESSION_PURGE, NULL, 0);
	set_sid_cookie(r, sid, (int)minutes * 60);
	memset(&r->session, 0, sizeof(r->session));
	snprintf(r->session.uid, sizeof(r->session.uid), "%s", uid);
	snprintf(r->session.role, sizeof(r->session.role), "%s", role);
	snprintf(r->session.unit, sizeof(r->session.unit), "%s", unit);
	snprintf(r->session.csrf, sizeof(r->session.csrf), "%s", csrf);
	r->session.place_id = place_id;
	r->session.valid = 1;
	sodium_memzero(sid, sizeof(sid));
	return 0;
}

void kd_session_end(struct kd_req *r)
{
	const char *sid = kd_req_cookie(r, "sid");
	unsigned char hash[32];
	struct kd_param p[1];

	if (sid != NULL && strlen(sid) == 43) {
		sid_hash(sid, hash);
		p[0] = KD_BLOB(hash, sizeof(hash));
		kd_db_exec(KD_SQL_SESSION_DELETE, p, 1);
	}
	set_sid_cookie(r, "", 0);
	memset(&r->session, 0, sizeof(r->session));
}

static const char *csrf_sent(const struct kd_req *r)
{
	size_t i;

	for (i = 0; i < r->nbody; i++)
		if (strcmp(r->body[i].key, "csrf") == 0)
			return r->body[i].value;
	return kd_req_param(r, "HTTP_X_CSRF_TOKEN");
}

int kd_session_require(struct kd_req *r, unsigned roles_allowed)
{
	const char *token;

	if (!r->session.valid) {
		kd_reply_error(r, KD_E_NOT_LOGGED_IN, NULL, 0, NULL);
		return -1;
	}
	if (strcmp(r->method, "POST") == 0) {
		token = csrf_sent(r);
		if (token == NULL || strlen(token) != 43 ||
		    sodium_memcmp(token, r->session.csrf, 43) != 0) {
			kd_reply_error(r, KD_E_CSRF, NULL, 0, NULL);
			return -1;
		}
	}
	if ((kd_role_bit(r->session.role) & roles_allowed) == 0) {
		kd_reply_error(r, KD_E_FORBIDDEN, NULL, 0, NULL);
		return -1;
	}
	return 0;
}

/* "http://host:port" of an Origin header against the Host header. */
static int origin_is_ours(const char *origin, const char *host)
{
	const char *p = strstr(origin, "://");

	if (p == NULL || host == NULL)
		return 0;
	return strcmp(p + 3, host) == 0;
}

int kd_origin_check(struct kd_req *r)
{
	const char *site = kd_req_param(r, "HTTP_SEC_FETCH_SITE");
	const char *origin = kd_req_param(r, "HTTP_ORIGIN");
	const char *host = kd_req_param(r, "HTTP_HOST");

	/* Clients that are not browsers send neither header and cannot be
	 * made to act for someone else.  A browser's Sec-Fetch-Site cannot be
	 * set by a page, so when it is there it decides: with our
	 * Referrer-Policy no-referrer, Chromium sends "Origin: null" even on
	 * a same-origin form POST.  Without it, "null" origins are refused. */
	if (site != NULL ? strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0 :
	    origin != NULL && !origin_is_ours(origin, host)) {
		kd_reply_error(r, KD_E_CSRF, NULL, 0, NULL);
		return -1;
	}
	return 0;
}
