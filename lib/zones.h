/*
 * zones.h - epidemic zone levels (Resolution 128: 1 green, 2 yellow,
 * 3 orange, 4 red), travel permits, and what the kiosk makes of them.
 *
 * The levels.  Every change is a row of zone_levels (schema/010): a
 * unit, a level, the time it takes effect (since).  The level of unit U
 * at time t is U's own level at t, the level of its row with the latest
 * since <= t; when U has none (or that row says 0, "lifted"), its
 * parent's at t, up to the province; none at all is 0 (not classified).
 * Each worker thread holds the whole table in memory (a few rows per
 * unit at most) and reads it again when the host-wide counter
 * var/run/zones-epoch moved (lib/epoch.h; bumped by whoever changes a
 * level, after the commit) or when its copy is older than
 * zones_cache_seconds (config, default 60: changes made on another
 * application host, or by hand).  So the kiosk's look-up costs a
 * counter read and a few binary searches, no database.
 *
 * The kiosk's rule (kd_zone_judge), about the person of a declaration at
 * a place:
 *   - from_level, to_level: the levels of the declared origin and
 *     destination at the time the declaration was made (created_at): the
 *     levels the person travelled under; a level set later does not
 *     change an older declaration's verdict, a level whose since lies
 *     before it (entered late) does;
 *   - here_level: the level of the place's unit now, at the scan: a
 *     lockdown applies from the moment it starts, whenever the person
 *     declared;
 *   - arriving from level 3 or 4 is reason from_zone (check);
 *   - here at level 4 (set on unit L, the place's commune or above it):
 *     lockdown (stop) unless the person holds a permit valid now whose
 *     area contains the place's commune, or declared a residence
 *     (permanent, temporary, stay) inside L.
 */
#ifndef KD_ZONES_H
#define KD_ZONES_H

#include "attr.h"

#include <stddef.h>
#include <time.h>

#include "decl.h"
#include "sql.h"

#define KD_ZONE_MAX 4
#define KD_ZONE_LOCKDOWN 4
#define KD_ZONE_RISKY 3          /* arriving from this level or above: check */

/* A unit's level at a time, and where it comes from. */
struct kd_zone {
	int level;                 /* 1..4; 0 = not classified */
	char unit[6];              /* the unit whose own level it is ("" none) */
	time_t since;              /* when that level took effect */
};

/* Makes the calling thread's copy current (see above).  0 ok, -1 the
 * table could not be read (logged; the previous copy stays, if any). */
int kd_zones_fresh(void) KD_MUST_USE;

/* The level of unit code at time at (0 and "" for an unknown code). */
void kd_zone_at(const char *code, time_t at, struct kd_zone *out);

/* Unit code's own level at time at (0 when it takes its parent's). */
int kd_zone_own_at(const char *code, time_t at, time_t *since);

/* Tells every worker of this host that a level changed (after the
 * commit). */
void kd_zones_changed(void);

/* "Cấp 4 – nguy cơ rất cao (vùng đỏ)"; "Chưa phân cấp" for 0. */
const char *kd_zone_name(int level);

/* "green", "yellow", "orange", "red"; "none" for 0 (CSS classes). */
const char *kd_zone_color(int level);

/* --- travel permits --------------------------------------------------- */

extern const char *const kd_permit_kinds[];    /* shipper ... other, NULL */
const char *kd_permit_kind_name(const char *kind); /* "Người giao hàng" */

/* A column for a SELECT that has a person's ID number in column idcol:
 * that person's permits valid now, at most 8, the latest ending first,
 * as "kind area valid_to(unix) permit_id" joined with ",".  Read by key
 * (permits.k_person); NULL when there is none. */
#define KD_SQL_PERMITS_NOW(idcol) \
	"(SELECT GROUP_CONCAT(CONCAT(kind, ' ', area, ' ', UNIX_TIMESTAMP(valid_to)," \
	" ' ', permit_id) ORDER BY valid_to DESC SEPARATOR ',' LIMIT 8)" \
	" FROM permits WHERE id_number = " idcol " AND valid_to > NOW()" \
	" AND valid_from <= NOW() AND revoked_at IS NULL)"
#define KD_PERMITS_TEXT_MAX 400

struct kd_permit {
	long long permit_id;       /* 0 = none */
	char kind[12];
	char area[6];
	time_t valid_to;
};

/* From the column above: the permit whose area contains commune here,
 * else (here NULL or none covers it) the first.  1 when the one found
 * covers here, 0 otherwise (out->permit_id 0 when there is none). */
int kd_permit_pick(const char *list, const char *here, struct kd_permit *out);

/* --- the kiosk's view ------------------------------------------------- */

struct kd_zone_view {
	struct kd_zone from, to, here;   /* here.level 0 when no place */
	int placed;                      /* the request has a place */
	struct kd_permit permit;         /* the one shown (permit_id 0: none) */
	int permit_here;                 /* it is valid where the place is */
	int resident;                    /* a declared residence lies in the
	                                    unit whose level 4 applies */
	int from_zone;                   /* reason from_zone holds */
	int lockdown;                    /* reason lockdown holds */
};

/* The rule above for declaration d at a place in commune here (NULL: no
 * place), at time now, with the person's permits (KD_SQL_PERMITS_NOW's
 * text, NULL none).  Needs kd_zones_fresh() first. */
void kd_zone_judge(const struct kd_decl *d, const char *here, const char *permits,
    time_t now, struct kd_zone_view *out);

/* Where a place is: its commune and kind, remembered per thread (a
 * place's commune and kind never change: admin-places edits the name and
 * address only).  1 found, 0 no such place, -1 database error. */
int kd_zones_place(long long place_id, char commune[6], char kind[16]) KD_MUST_USE;

/* The module's statements (lib/sql.h). */
enum kd_zones_sql {
	KD_SQL_ZONES_ALL = KD_SQL_BASE(KD_MOD_ZONES),
	KD_SQL_ZONES_PLACE,
	KD_SQL_ZONES_END
};

#endif
