/*
 * quota.h - look-ups of citizens by ID number, counted per account and
 * hour in the database (issue 18): the kiosk's look-up (POST /verify
 * action=lookup) and paper entry's registry look-up (action=lookup and
 * action=cccd).  An officer's account that reads the registry without
 * limit is a way to copy it; the count is the database's, so every worker
 * and host sees the same number.
 *
 *   lookup_limit_per_hour  (kiemdich.conf, default 120): the look-up past
 *                          it is refused (429 rate_limited) until the
 *                          hour ends;
 *   lookup_flag_per_hour   (default 60): from this many on, the account
 *                          is listed for the administrators of its unit's
 *                          subtree (lookup_flags, /admin-accounts), with
 *                          the highest count of the hour.
 *
 * Refused look-ups count too (they show the attempt).  Counts older than a
 * day are purged as new hours begin.  nginx limits the same requests per
 * session besides (nginx/kiemdich.conf.in): a burst is cut there before
 * it reaches the database.
 */
#ifndef KD_QUOTA_H
#define KD_QUOTA_H

#include "attr.h"
#include "req.h"

enum kd_quota_kind {
	KD_QUOTA_LOOKUP,       /* "lookup": the kiosk's look-up by ID number */
	KD_QUOTA_REGISTRY,     /* "registry": paper entry's registry look-up */
	KD_QUOTA_COUNT
};

/* Counts one look-up of the session's account.  0 go on; 1 over the
 * limit (answer 429); -1 database error (answer 503: an uncounted look-up
 * is not made). */
int kd_quota_take(const struct kd_req *r, enum kd_quota_kind kind) KD_MUST_USE;

/* "lookup", "registry". */
const char *kd_quota_name(enum kd_quota_kind kind);

#endif
