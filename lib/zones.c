/*
 * zones.c - zone levels in memory, permits, the kiosk's view (zones.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "epoch.h"
#include "labels.h"
#include "log.h"
#include "units.h"
#include "zones.h"

#define S(id) [(id) - KD_SQL_BASE(KD_MOD_ZONES)]
static const char *const zones_sql[] = {
	/* In the order kd_zone_own_at walks: by unit, then as they apply. */
	S(KD_SQL_ZONES_ALL) = "SELECT unit, level, UNIX_TIMESTAMP(since) FROM zone_levels"
	    " ORDER BY unit, since, change_id",
	S(KD_SQL_ZONES_PLACE) = "SELECT commune, kind FROM places WHERE place_id = ?",
};
#undef S
const struct kd_sql_table kd_zones_sql = KD_SQL_TABLE(zones_sql);

/* ------------------------------------------------------------ levels */

struct change {
	char unit[6];
	signed char level;
	time_t since;
};

/* This thread's copy of zone_levels, sorted by unit, then as they apply. */
static _Thread_local struct change *changes;
static _Thread_local size_t nchanges;
static _Thread_local int loaded;
static _Thread_local time_t loaded_at;         /* monotonic seconds */
static _Thread_local uint64_t seen;            /* the epoch at the last load */
static _Thread_local struct kd_epoch epoch = KD_EPOCH_INIT("zones-epoch");

static time_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Reads the whole table into a new array.  0 ok, -1 error. */
static int load(void)
{
	char unit[8] = "", level[8] = "", since[24] = "";
	struct kd_col c[3] = { KD_COL(unit), KD_COL(level), KD_COL(since) };
	struct change *all = NULL, *grown;
	size_t n = 0, cap = 0;
	int rc;

	if (kd_db_exec(KD_SQL_ZONES_ALL, NULL, 0) < 0)
		return -1;
	while ((rc = kd_db_fetch(KD_SQL_ZONES_ALL, c, 3)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((grown = realloc(all, cap * sizeof(*all))) == NULL) {
				rc = -1;
				break;
			}
			all = grown;
		}
		snprintf(all[n].unit, sizeof(all[n].unit), "%s", unit);
		all[n].level = (signed char)atoi(level);
		all[n].since = (time_t)strtoll(since, NULL, 10);
		n++;
	}
	kd_db_done(KD_SQL_ZONES_ALL);
	if (rc < 0) {
		free(all);
		return -1;
	}
	free(changes);
	changes = all;
	nchanges = n;
	return 0;
}

int kd_zones_fresh(void)
{
	static _Thread_local long max_age = -1;
	uint64_t now_seen = seen;
	int moved = kd_epoch_moved(&epoch, &now_seen);
	time_t now = mono_now();

	if (max_age < 0)
		max_age = kd_conf_long("zones_cache_seconds", 60);
	/* The counter is read before the table: a change committed after
	 * the SELECT comes with a bump this copy has not seen. */
	if (loaded && moved == 0 && now - loaded_at < max_age)
		return 0;
	if (load() != 0) {
		kd_log("zones: levels not read, the copy of %lld s ago stays",
		    loaded ? (long long)(now - loaded_at) : -1LL);
		return -1;
	}
	seen = now_seen;
	loaded = 1;
	loaded_at = now;
	return 0;
}

void kd_zones_changed(void)
{
	kd_epoch_bump(&epoch);
	loaded = 0;
}

/* The first change of unit code, or nchanges. */
static size_t first_of(const char *code)
{
	size_t lo = 0, hi = nchanges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(changes[mid].unit, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int kd_zone_own_at(const char *code, time_t at, time_t *since)
{
	size_t i = first_of(code);
	int level = 0;

	for (; i < nchanges && strcmp(changes[i].unit, code) == 0; i++) {
		if (changes[i].since > at)
			break;
		level = changes[i].level;
		if (since != NULL)
			*since = changes[i].since;
	}
	return level;
}

void kd_zone_at(const char *code, time_t at, struct kd_zone *out)
{
	const struct kd_unit *u;
	const char *chain[3];
	size_t n = 0, i;

	memset(out, 0, sizeof(*out));
	/* No level anywhere (the usual case outside an outbreak): no search. */
	if (nchanges == 0 || code == NULL || (u = kd_unit_find(code)) == NULL)
		return;
	/* The unit, then its district and province: their codes are in the
	 * unit itself, one search of the units for the whole chain. */
	chain[n++] = u->code;
	if (u->level == 'c' && u->district[0] != '\0')
		chain[n++] = u->district;
	if (u->level != 'p')
		chain[n++] = u->province;
	for (i = 0; i < n; i++) {
		out->level = kd_zone_own_at(chain[i], at, &out->since);
		if (out->level > 0) {
			snprintf(out->unit, sizeof(out->unit), "%s", chain[i]);
			return;
		}
	}
	out->level = 0;
	out->since = 0;
}

static const struct {
	const char *name, *color;
} levels[KD_ZONE_MAX + 1] = {
	{ "Chưa phân cấp", "none" },
	{ "Cấp 1 – nguy cơ thấp (vùng xanh)", "green" },
	{ "Cấp 2 – nguy cơ trung bình (vùng vàng)", "yellow" },
	{ "Cấp 3 – nguy cơ cao (vùng cam)", "orange" },
	{ "Cấp 4 – nguy cơ rất cao (vùng đỏ)", "red" },
};

const char *kd_zone_name(int level)
{
	return levels[level >= 0 && level <= KD_ZONE_MAX ? level : 0].name;
}

const char *kd_zone_color(int level)
{
	return levels[level >= 0 && level <= KD_ZONE_MAX ? level : 0].color;
}

/* ----------------------------------------------------------- permits */

const char *const kd_permit_kinds[] = {
	"shipper", "essential", "medical", "official", "other", NULL
};

static const struct kd_label permit_kind_names[] = {
	{ "shipper", "Người giao hàng (shipper)" },
	{ "essential", "Lao động thiết yếu" },
	{ "medical", "Y tế" },
	{ "official", "Công vụ" },
	{ "other", "Khác" },
	{ NULL, NULL }
};

const char *kd_permit_kind_name(const char *kind)
{
	return kd_label(permit_kind_names, kind);
}

/* One "kind area valid_to permit_id" of the list into p.  0 ok. */
static int permit_parse(const char *item, size_t len, struct kd_permit *p)
{
	char text[80];
	long long to = 0, id = 0;

	if (len >= sizeof(text))
		return -1;
	memcpy(text, item, len);
	text[len] = '\0';
	if (sscanf(text, "%11s %5s %lld %lld", p->kind, p->area, &to, &id) != 4 || id <= 0)
		return -1;
	p->valid_to = (time_t)to;
	p->permit_id = id;
	return 0;
}

int kd_permit_pick(const char *list, const char *here, struct kd_permit *out)
{
	struct kd_permit p;
	const char *item = list, *end;

	memset(out, 0, sizeof(*out));
	while (item != NULL && *item != '\0') {
		end = strchr(item, ',');
		if (permit_parse(item, end ? (size_t)(end - item) : strlen(item), &p) == 0) {
			if (here != NULL && kd_unit_within(here, p.area)) {
				*out = p;
				return 1;
			}
			if (out->permit_id == 0)
				*out = p;
		}
		item = end ? end + 1 : NULL;
	}
	return 0;
}

/* ---------------------------------------------------- the kiosk's view */

static void zone_of(const struct kd_decl *d, enum kd_decl_field f, time_t at,
    struct kd_zone *out)
{
	kd_zone_at(d->v[f][0] != '\0' ? d->v[f] : NULL, at, out);
}

/* A declared residence inside unit. */
static int lives_in(const struct kd_decl *d, const char *unit)
{
	static const enum kd_decl_field homes[] = {
		KD_DF_PERM_COMMUNE, KD_DF_TEMP_COMMUNE, KD_DF_STAY_COMMUNE
	};
	size_t i;

	for (i = 0; i < sizeof(homes) / sizeof(homes[0]); i++)
		if (d->v[homes[i]][0] != '\0' && kd_unit_within(d->v[homes[i]], unit))
			return 1;
	return 0;
}

void kd_zone_judge(const struct kd_decl *d, const char *here, const char *permits,
    time_t now, struct kd_zone_view *out)
{
	memset(out, 0, sizeof(*out));
	zone_of(d, KD_DF_FROM_COMMUNE, d->created_at, &out->from);
	zone_of(d, KD_DF_TO_COMMUNE, d->created_at, &out->to);
	out->placed = here != NULL && here[0] != '\0';
	if (out->placed)
		kd_zone_at(here, now, &out->here);
	out->permit_here = kd_permit_pick(permits, out->placed ? here : NULL, &out->permit);
	out->from_zone = out->from.level >= KD_ZONE_RISKY;
	if (out->here.level == KD_ZONE_LOCKDOWN) {
		out->resident = lives_in(d, out->here.unit);
		out->lockdown = !out->permit_here && !out->resident;
	}
}

/* ------------------------------------------------------------ places */

#define PLACE_SLOTS 64             /* a power of two */

struct place_slot {
	long long id;              /* 0 = empty */
	char commune[6];
	char kind[16];
};
static _Thread_local struct place_slot places[PLACE_SLOTS];

int kd_zones_place(long long place_id, char commune[6], char kind[16])
{
	struct place_slot *s = &places[(unsigned long long)place_id & (PLACE_SLOTS - 1)];
	struct kd_col c[2] = { KD_COL(s->commune), KD_COL(s->kind) };
	struct kd_param p[1] = { KD_INT(place_id) };
	int rc;

	if (place_id <= 0)
		return 0;
	if (s->id != place_id) {
		s->id = 0;
		rc = kd_db_row(KD_SQL_ZONES_PLACE, p, 1, c, 2);
		if (rc != 1)
			return rc;
		s->id = place_id;
	}
	memcpy(commune, s->commune, 6);
	memcpy(kind, s->kind, 16);
	return 1;
}
