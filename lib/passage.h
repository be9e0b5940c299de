/*
 * passage.h - recording a passage through a checkpoint (in/out) or a visit
 * to a venue, once: the rule of SPEC "the same code at the same place
 * within 5 minutes returns the first passage, never a duplicate".
 *
 * The rule is kept by a lock, not by luck: inside the transaction the
 * declaration row is locked (SELECT ... FOR UPDATE), then a passage of the
 * same declaration, place and direction in the last KD_PASSAGE_WINDOW
 * seconds is looked for, and only when there is none a row is inserted.
 * Two identical confirmations that race are serialised on the declaration
 * row; the second sees the first's committed row (its read view is made
 * only after it got the lock) and returns it.  In and out are different
 * acts: a citizen let in and turned back at once gets both rows.
 *
 * The steps of kd_passage_record:
 *   1. lock the declaration row (unknown, revoked: refused);
 *   2. look for a passage of it at this place and direction in the last
 *      KD_PASSAGE_WINDOW seconds: found, it is the answer (200);
 *   3. else insert one (201).
 */
#ifndef KD_PASSAGE_H
#define KD_PASSAGE_H

#include <stddef.h>
#include <time.h>

#include "json.h"
#include "req.h"
#include "resp.h"
#include "vntime.h"

#define KD_PASSAGE_WINDOW 300     /* seconds: 5 minutes */

struct kd_passage {
	unsigned long long passage_id;
	unsigned long long declaration_id;
	long long place_id;
	char direction[8];
	char at[40];              /* ISO 8601, milliseconds, +07:00 */
	int created;              /* 1 new row (201), 0 the earlier one (200) */
};

/*
 * Inside a transaction the caller opened: records a passage of declaration
 * id at the session's place by the session's account.  0 ok (ps filled);
 * -1 with *err = KD_E_TOKEN_UNKNOWN, KD_E_TOKEN_REVOKED or
 * KD_E_UNAVAILABLE (the caller rolls back).
 */
int kd_passage_record(const struct kd_req *r, unsigned long long id,
    const char *direction, struct kd_passage *ps, enum kd_err *err);

/*
 * Checks the code (signature, expiry) and records the passage in its own
 * transaction (retried once after a deadlock or lost connection).  0 ok;
 * -1 with *err = KD_E_TOKEN_BAD, KD_E_TOKEN_EXPIRED, KD_E_TOKEN_UNKNOWN,
 * KD_E_TOKEN_REVOKED or KD_E_UNAVAILABLE.
 */
int kd_passage_confirm(const struct kd_req *r, const char *code,
    const char *direction, struct kd_passage *ps, enum kd_err *err);

/* The members "passage_id", "place_id", "at", "direction",
 * "declaration_id", inside an object the caller opened. */
void kd_passage_json(struct kd_json *j, const struct kd_passage *ps);

#endif
