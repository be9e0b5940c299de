/*
 * verify.h - what the two files of the verify program share: verify.c
 * (the routes, the look-ups and their JSON) and verify-page.c (the kiosk
 * page, templates/verify.cs).
 */
#ifndef KD_VERIFY_H
#define KD_VERIFY_H

#include <time.h>

#include "decision.h"
#include "decl.h"
#include "labels.h"
#include "passage.h"
#include "req.h"
#include "resp.h"
#include "token.h"

/* What a look-up found, and the verdict about the person. */
struct verdict {
	int valid;
	const char *reason;          /* SPEC word, NULL when valid */
	time_t expires;              /* from the signed token; 0 unknown */
	int shown;                   /* the declaration is part of the answer */
	char f_status[16];           /* "" = none recorded */
	struct kd_decl d;
	struct kd_verdict decision;  /* lib/decision.h, from the facts above */
	int looked_up;               /* found by the ID number on the card */
	/* What this account may see (issue 18), decided after the verdict:
	 * a venue the decision and the masked name only; anyone, for a
	 * declaration the registry does not confirm (unless looked up by
	 * the card's number), nothing of the F status of the ID number it
	 * names: the verdict shown is then the one without it. */
	int limited;                 /* venue: decision and masked name */
	int f_hidden;                /* the F status is not shown */
	struct kd_verdict shown_decision;
	char masked_name[160];       /* limited: the name as shown */
};

/* The place's day, for the counters and the last passages. */
#define TODAY_LAST 8
struct today_passage {
	unsigned long long passage_id;
	char at[40];                 /* ISO 8601 */
	char direction[8];
	char name[160];              /* masked: "Nguyễn V. A." */
	int cancelled;
	int undo;                    /* this account's, still undoable */
};
struct today {
	char date[11];               /* YYYY-MM-DD, +07:00 */
	long long count[3];          /* in, out, visit (not cancelled) */
	size_t nlast;
	struct today_passage last[TODAY_LAST];
};

/* Loads the session's place's day.  0 ok, -1 database error. */
int today_load(struct kd_req *r, struct today *t);

/* "Sốt, Ho" for the ticked flags of table (codes are field names of the
 * declaration); NULL when none is ticked. */
const char *ticked(const struct verdict *v, const struct kd_label *table,
    char *out, size_t outlen);

/* The words of the shown verdict's reasons: the rule's words, and for
 * symptoms and exposure what was ticked ("CÓ TRIỆU CHỨNG: Sốt, Ho"). */
const char *reason_words(const struct verdict *v, size_t i, char *out, size_t outlen);

/* The F status as the page and the JSON say it ("identity_check" when
 * it is hidden). */
const char *f_status_words(const struct verdict *v);

/* ------------------------------------------------ verify-page.c: HTML */

/* The kiosk frame: place, role, the words the script needs, the day's
 * counters and last passages.  NULL when out of memory. */
HDF *kiosk_hdf(struct kd_req *r);

/* The verdict into the page (Result.*, Decl.*). */
void verdict_hdf(HDF *hdf, const struct verdict *v);

void kiosk_page(struct kd_req *r, int status, HDF *hdf);

/* The kiosk with a flash line and/or an error line. */
void kiosk_message(struct kd_req *r, int status, const char *flash,
    const char *error);

#endif
