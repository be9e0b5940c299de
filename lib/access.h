/*
 * access.h - who looked at a citizen's records, for the citizen (issue 18,
 * SPEC POST /declare/find "accesses"): the audit rows of the last 30 days
 * whose target is one of the person's declarations or the person's keyed
 * reference (kd_citizen_ref), each with why (its purpose), when, and from
 * which unit or place.  Only officers' reads have a purpose: the person's
 * own actions (finding their code) and what is no read of theirs are left
 * out.  The table of purposes (access.c) names every audit action that
 * reads a citizen; a program that adds one adds it there.
 *
 *   purpose      actions
 *   checkpoint   verify at a checkpoint, paper_entry
 *   venue        verify at a venue
 *   lookup       lookup (kiosk, by ID number), registry_lookup (paper entry)
 *   trace        trace, trace_mark
 *   status       status_read, status_set
 *   welfare      welfare_register, welfare_pay, welfare_reverse and their
 *                refusals
 */
#ifndef KD_ACCESS_H
#define KD_ACCESS_H

#include <stddef.h>
#include <time.h>

#define KD_ACCESS_MAX 100
#define KD_ACCESS_DAYS 30

struct kd_access {
	time_t at;
	const char *purpose;          /* a word of the table above */
	char unit[8];                 /* the reader's unit ("" = the country) */
	char place_name[256];         /* "" when the read was made at no place */
};

/* The reads of id_number's records in the last KD_ACCESS_DAYS days, newest
 * first, into out[0..*n) (at most max).  0 ok, -1 database error. */
int kd_access_list(const char *id_number, struct kd_access *out, size_t max,
    size_t *n);

/* The purpose of an audit action read at a place of place_kind ("" none);
 * NULL when the action is no officer's read of a citizen. */
const char *kd_access_purpose(const char *action, const char *place_kind);

#endif
