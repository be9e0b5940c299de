/*
 * labels.h - the words the kiosk shows, once.  The kiosk page (HTML) and
 * the JSON answer's "labels" (for htdocs/js/kiosk.js, which keeps no copy)
 * both read these tables, so every client shows the same words.  The
 * verdict's words (decision and reasons) are in the decision table of
 * lib/decision.h.  The kiosk page also carries every table here (and the
 * decision table) as data for the page's script, which needs them when it
 * checks a code offline.
 */
#ifndef KD_LABELS_H
#define KD_LABELS_H

#include <stddef.h>

/* A code and what a person reads for it.  Tables end with { NULL, NULL }. */
struct kd_label {
	const char *code;
	const char *text;
};

extern const struct kd_label kd_label_reasons[];     /* expired, bad_signature ... */
extern const struct kd_label kd_label_registry[];    /* matched, mismatch, not_found */
extern const struct kd_label kd_label_directions[];  /* in, out, visit */
extern const struct kd_label kd_label_symptoms[];    /* fever ... (form field names) */
extern const struct kd_label kd_label_exposure[];    /* contact_f0, from_epidemic_zone */
extern const struct kd_label kd_label_f_status[];    /* F0 ... deceased */
extern const struct kd_label kd_label_sources[];     /* web, paper */
extern const struct kd_label kd_label_genders[];     /* M, F */
extern const struct kd_label kd_label_verdicts[];    /* valid, invalid */

/* What the kiosk's script says, by key (scanner, offline queue, undo). */
extern const struct kd_label kd_label_kiosk[];

/* The tables the kiosk page hands its script, by name ("reasons" ...),
 * ending with { NULL, NULL }. */
struct kd_label_table {
	const char *name;
	const struct kd_label *table;
};
extern const struct kd_label_table kd_label_tables[];

/* The text of code in table, or NULL when there is none. */
const char *kd_label(const struct kd_label *table, const char *code);

/* Words for "none" ("Không") and "not recorded" ("Chưa ghi nhận"). */
extern const char kd_label_none[];
extern const char kd_label_not_recorded[];

/* Input that is not a code at all (never "forged"). */
extern const char kd_label_unreadable[];

#endif
