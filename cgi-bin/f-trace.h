/*
 * f-trace.h - the trace (f-trace.c): where a person was over a range of
 * days, and who was at the same place at the same time.
 *
 * Definitions (docs/F_STATUS.md "Tracing"):
 *   - the itinerary: the person's passages (checkpoints) and visits
 *     (venues) from the first day 00:00 to the day after the last 00:00,
 *     in time order;
 *   - a contact at depth 1: anyone else with a passage or visit at a place
 *     of the itinerary within ±window minutes of the person's own (both
 *     ends included: exactly window minutes apart is in, one second more
 *     is out); "of" is the traced person, "via_at" the person's time there;
 *   - at depth 2: the same around every passage, in the same days, of a
 *     depth-1 contact ("of" that contact, "via_at" its time there);
 *   - a person appears once, at the lowest depth, with the earliest of
 *     their passages that made them a contact (at, place_id), "of" and
 *     "via_at" those of that passage.
 *
 * The bound (what keeps a depth-2 trace through a very busy checkpoint
 * finite): at depth 2, a depth-1 contact's passage whose window holds
 * more than TRACE_CROWD_MAX other passages at that place is not expanded;
 * the place is listed in the answer ("crowded") with how many such
 * passages and when, so the officer can read its visitors
 * (/f-status/visitors) for that time instead.  Depth 1 is never bounded
 * this way.  Beyond that, a trace stops at TRACE_MAX_CONTACTS contacts or
 * TRACE_MAX_MEMBERS depth-1 passages examined, and says "truncated".
 */
#ifndef KD_F_TRACE_H
#define KD_F_TRACE_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "req.h"
#include "resp.h"

#define TRACE_CROWD_MAX 100        /* other passages in one window, depth 2 */
#define TRACE_MAX_CONTACTS 20000
#define TRACE_MAX_STOPS 2000       /* itinerary entries */
#define TRACE_MAX_MEMBERS 20000    /* depth-1 contacts' passages examined */
#define TRACE_MAX_CROWDS 50        /* crowded places listed */
#define TRACE_MAX_DAYS 31          /* from .. to, both included */
#define TRACE_DEFAULT_DAYS 14
#define TRACE_DEFAULT_WINDOW 30    /* minutes */
#define TRACE_MAX_WINDOW 240

struct trace_params {
	const char *id_number;
	time_t from, to;           /* first and last day, 00:00 +07:00 */
	int window;                /* minutes */
	int depth;                 /* 1 or 2 */
};

/* One entry of the itinerary. */
struct trace_stop {
	long long at;              /* ms since the epoch */
	long long place_id;
	char place_name[808];
	char kind[12];             /* checkpoint, venue */
	char direction[8];         /* in, out, visit */
};

struct trace_contact {
	char id[16];
	char of[16];               /* the ID number met */
	int depth;                 /* 1 or 2 */
	long long place_id, at;    /* the contact's passage (ms) */
	long long via_at;          /* of's passage at the same place (ms) */
	unsigned long long decl_id;/* the declaration of the contact's passage */
	const char *full_name, *phone, *place_name;   /* after trace_names */
};

/* A place whose depth-2 windows were not expanded. */
struct trace_crowd {
	long long place_id;
	long long first, last;     /* times of those passages (ms) */
	long passages;             /* how many */
	const char *place_name, *kind;  /* after trace_names */
};

struct trace {
	struct trace_stop *stops;
	size_t nstops, stops_cap;
	int stops_capped;          /* more than TRACE_MAX_STOPS */
	struct trace_contact *contacts;   /* by depth, then at, then id */
	size_t ncontacts, cap;
	size_t by_depth[3];
	struct trace_crowd crowds[TRACE_MAX_CROWDS];
	size_t ncrowds;
	long crowded;              /* passages not expanded, all places */
	int truncated;             /* a TRACE_MAX_* limit was reached */
	int *slot;                 /* open addressing: id -> contact index */
	size_t nslots;
};

/* Runs the trace.  0 ok, -1 database error.  Memory from a. */
int trace_run(struct kd_arena *a, const struct trace_params *tp, struct trace *t);

/* Fills full_name, phone (of the declaration of each contact's passage)
 * and place_name for contacts [first, first + n), and the crowds' place
 * names.  0 ok, -1 database error. */
int trace_names(struct kd_arena *a, struct trace *t, size_t first, size_t n);

/* The same for the n contacts whose indexes are idx. */
int trace_names_of(struct kd_arena *a, struct trace *t, const size_t *idx, size_t n);

/* f-trace-svg.c: the timeline of the itinerary and the graph of the
 * chain, as numbers for templates/f-trace.cs to draw (Timeline.*,
 * Graph.*).  trace_svg_names first reads the names the graph shows. */
int trace_svg_names(struct kd_arena *a, struct trace *t);
void trace_svg_hdf(HDF *hdf, const struct trace *t, const struct trace_params *tp);

/* The index of the contact with this ID number, or -1. */
long trace_find(const struct trace *t, const char *id);

/* Reads from, to and window (field indexes fi, ti, wi of vals) into tp,
 * with the defaults: to today, from TRACE_DEFAULT_DAYS days before it
 * (both included), window TRACE_DEFAULT_WINDOW.  0 ok; 1 when a rule
 * between them fails (the field is marked in vals). */
int trace_params_read(struct kd_values *vals, size_t fi, size_t ti, size_t wi,
    struct trace_params *tp);

#endif
