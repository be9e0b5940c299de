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
#include "vehicle.h"
#include "zones.h"

/* What a look-up found, and the verdict about the person. */
struct verdict {
	int valid;
	const char *reason;          /* SPEC word, NULL when valid */
	time_t expires;              /* from the signed token; 0 unknown */
	int shown;                   /* the declaration is part of the answer */
	char f_status[16];           /* "" = none recorded */
	char doses[8];               /* registered vaccine doses */
	struct kd_decl d;
	struct kd_verdict decision;  /* lib/decision.h, from the facts above */
	/* Zones, permits, green-lane vehicles (verify-zones.c): read with
	 * the declaration, judged with lib/zones.h. */
	char permits[KD_PERMITS_TEXT_MAX];   /* KD_SQL_PERMITS_NOW's text */
	struct kd_vehicle vehicle;
	struct kd_zone_view zone;            /* when shown */
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

/* ------------------------------------- verify-zones.c: zones, vehicles */

/* The zone view of a shown declaration at the session's place (v->zone)
 * and its facts, and the vehicle's, into facts.  No database but the
 * place's commune the first time a thread meets it (lib/zones.h). */
void zone_facts(struct kd_req *r, struct verdict *v, struct kd_facts *facts);

/* "zone", "permit" and "vehicle" of the JSON answer (null when the
 * declaration is not shown); and their words inside "labels". */
void zone_json(struct kd_json *j, const struct verdict *v);
void zone_labels_json(struct kd_json *j, const struct verdict *v);

/* The words of reason i when it is about zones ("ĐẾN TỪ VÙNG NGUY CƠ CAO:
 * cấp 4, Phường X"); NULL for other reasons. */
const char *zone_reason_words(const struct verdict *v,
    const struct kd_decision_rule *rule, char *out, size_t outlen);

/* The same for the kiosk page: Zone.*, Permit.*, Vehicle.*. */
void zone_hdf(HDF *hdf, const struct verdict *v);

/* 1 when the session's place is a depot (Kiosk.depot: the page offers
 * the depot check). */
int kiosk_at_depot(struct kd_req *r);

/* POST /verify action=depot_check: code. */
enum { DC_CODE, DC_COUNT };
extern const struct kd_field depot_fields[DC_COUNT];
void depot_check_post(struct kd_req *r);
void depot_check_invalid(struct kd_req *r);
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
