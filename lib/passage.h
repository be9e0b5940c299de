/*
 * passage.h - recording a passage through a checkpoint (in/out) or a visit
 * to a venue, once: the rules of SPEC "the same code at the same place
 * within 5 minutes returns the first passage, never a duplicate" and "the
 * same device_ref again answers the first passage".
 *
 * A passage happens at a time: now for a confirmation made online, the
 * scan's time (scanned_at) for one made offline and sent later.
 *
 * The rules are kept by a lock and a unique key, not by luck: inside the
 * transaction the declaration row is locked (SELECT ... FOR UPDATE), then
 * the passage of the same device_ref is looked for, then a passage of the
 * same declaration, place and direction, not cancelled, within
 * KD_PASSAGE_WINDOW seconds of the passage's time; only when there is
 * none a row is inserted.  Two identical confirmations that race are
 * serialised on the declaration row; the second sees the first's
 * committed row (its read view is made only after it got the lock) and
 * returns it.  The unique key on passages.device_ref (schema/012) holds
 * even for requests that lock different declarations: one device_ref is
 * one row, ever.  In and out are different acts: a citizen let in and
 * turned back at once gets both rows.
 *
 * The steps of kd_passage_record:
 *   1. lock the declaration row (unknown, revoked by the passage's time,
 *      or expired by then as the database holds it: refused);
 *   2. with a device_ref: the passage already stored under it is the
 *      answer (200); under another declaration, 409 conflict;
 *   3. a passage of it at this place and direction, not cancelled, within
 *      KD_PASSAGE_WINDOW seconds of the passage's time: it is the answer
 *      (200);
 *   4. else insert one (201).  A passage confirmed offline also gets the
 *      verdict's reasons the officer could not see (lib/decision.h), and
 *      followup = 1 when one of them asks for it (schema/012).
 *
 * Undo (kd_passage_undo): the officer who confirmed a passage may cancel
 * it within KD_PASSAGE_UNDO_WINDOW seconds of its recording; the row is
 * kept with cancelled_at and the undo is audited; another officer's undo
 * is refused.
 */
#ifndef KD_PASSAGE_H
#define KD_PASSAGE_H

#include <stddef.h>
#include <time.h>

#include "decision.h"
#include "json.h"
#include "req.h"
#include "resp.h"
#include "vntime.h"

#define KD_PASSAGE_WINDOW 300     /* seconds: 5 minutes */
#define KD_PASSAGE_UNDO_WINDOW 120 /* seconds: 2 minutes */
#define KD_PASSAGE_OFFLINE_MAX (72 * 3600) /* oldest scanned_at accepted */
#define KD_PASSAGE_CLOCK_SKEW 120 /* a scanned_at this far ahead is now */
#define KD_DEVICE_REF_MAX 64

/* What the kiosk asks for. */
struct kd_passage_in {
	const char *direction;    /* in, out, visit */
	const char *device_ref;   /* NULL: none */
	time_t scanned_at;        /* 0: now (online); else the offline scan's
	                             time, checked by kd_passage_when */
};

struct kd_passage {
	unsigned long long passage_id;
	unsigned long long declaration_id;
	long long place_id;
	char direction[8];
	char at[40];              /* ISO 8601, milliseconds, +07:00 */
	char cancelled_at[40];    /* "" when not cancelled */
	int created;              /* 1 new row (201), 0 the earlier one (200) */
	int offline;              /* confirmed offline (scanned_at given) */
	struct kd_verdict late;   /* offline: what the server found on arrival */
	int followup;             /* offline: late asks for a follow-up */
};

/* Whether scanned_at may be recorded, now: not more than
 * KD_PASSAGE_CLOCK_SKEW ahead (a kiosk's clock runs a little fast; such a
 * scan is recorded now), not older than KD_PASSAGE_OFFLINE_MAX.  NULL when
 * it may, else the Vietnamese message for the field. */
const char *kd_passage_when(time_t scanned_at, time_t now);

/*
 * Inside a transaction the caller opened: records a passage of declaration
 * id at the session's place by the session's account.  0 ok (ps filled);
 * -1 with *err = KD_E_TOKEN_UNKNOWN, KD_E_TOKEN_REVOKED, KD_E_CONFLICT
 * (device_ref used for another declaration) or KD_E_UNAVAILABLE (the
 * caller rolls back).
 */
int kd_passage_record(const struct kd_req *r, unsigned long long id,
    const struct kd_passage_in *in, struct kd_passage *ps, enum kd_err *err);

/* A code's signature and its expiry at time at, without the database:
 * 0 with *id; -1 with *err = KD_E_TOKEN_BAD or KD_E_TOKEN_EXPIRED.  (Also
 * the depot check's, lib/vehicle.h.) */
int kd_passage_code(const char *code, time_t at, unsigned long long *id,
    enum kd_err *err);

/*
 * Checks the code (signature; expiry at the passage's time) and records
 * the passage in its own transaction (retried after a deadlock or lost
 * connection).  0 ok; -1 with *err = KD_E_TOKEN_BAD, KD_E_TOKEN_EXPIRED,
 * KD_E_TOKEN_UNKNOWN, KD_E_TOKEN_REVOKED, KD_E_CONFLICT or
 * KD_E_UNAVAILABLE.
 */
int kd_passage_confirm(const struct kd_req *r, const char *code,
    const struct kd_passage_in *in, struct kd_passage *ps, enum kd_err *err);

/*
 * The same for a declaration the session's account looked up by ID
 * number (POST /verify action=lookup, audited) in the last 10 minutes:
 * the look-up gives the officer no code (the kiosk's program holds no
 * signing key), so the passage names the declaration.  Refused with
 * KD_E_FORBIDDEN when there was no such look-up.
 */
int kd_passage_confirm_looked_up(const struct kd_req *r, unsigned long long id,
    const struct kd_passage_in *in, struct kd_passage *ps, enum kd_err *err);

/*
 * Cancels passage_id for the session's account, in its own transaction,
 * with its audit row (passage_undo).  0 ok (ps filled, cancelled_at set;
 * an undo already made answers it again); -1 with *err = KD_E_NOT_FOUND,
 * KD_E_NOT_YOURS (another account's passage), KD_E_UNDO_TOO_LATE or
 * KD_E_UNAVAILABLE.
 */
int kd_passage_undo(const struct kd_req *r, unsigned long long passage_id,
    struct kd_passage *ps, enum kd_err *err);

/* The members "passage_id", "place_id", "at", "direction",
 * "declaration_id", "cancelled_at" (when cancelled), and for an offline
 * confirmation newly stored "offline_reasons", "decision" (what the
 * server's verdict would have been) and "followup", inside an object the
 * caller opened. */
void kd_passage_json(struct kd_json *j, const struct kd_passage *ps);

#endif
