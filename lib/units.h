/*
 * units.h - the 2021 administrative units, loaded once per worker from
 * table admin_units (11,367 rows) for validation, subtree checks, names
 * and the search by name (the citizen's commune field, the
 * administrator's unit field).
 */
#ifndef KD_UNITS_H
#define KD_UNITS_H

#include <stddef.h>

struct kd_unit {
	char code[6];
	char level;                /* 'p' province, 'd' district, 'c' commune */
	char parent[6];            /* "" for provinces */
	char province[3];          /* its province's code (its own for one) */
	char district[4];          /* its district's code; "" for a province */
	unsigned short up;         /* its parent's index (kd_unit_at), 0xFFFF
	                              for a province: the search reads the
	                              parents' words through it */
	const char *name;          /* without the type word */
	const char *display;       /* e.g. "Tỉnh Thanh Hóa" */
	const char *short_name;    /* as a label says it: "Thanh Hóa" (a
	                              province), "TP Thanh Hóa" (a district),
	                              "Phường Hàm Rồng" (a commune) */
	const char *key;           /* kd_name_key of name: "ham rong" */
	const char *own;           /* " " + the keys of its display name
	                              and short name + " ": its words for
	                              the search, with its parents' own */
	unsigned order;            /* rank in Vietnamese order (name, then
	                              label): lists sort by it */
	int has_children;
	unsigned long long initials, pairs;   /* the first letter and the
	                              first two of each of its words and its
	                              parents', as bits:
	                              a search looks at the words only of the
	                              units that have them all */
};

/* Loads the table (call after kd_db_open). 0 ok, -1 error. */
int kd_units_load(void);

/* The same from data/admin_units.csv (header level,code,name,type,
 * parent_code), for tests and tools without a database. */
int kd_units_load_csv(const char *path);

/* The unit with this code, or NULL. */
const struct kd_unit *kd_unit_find(const char *code);

/* Its label, with its parents, for a list to pick from: "Phường Hàm
 * Rồng, TP Thanh Hóa, Thanh Hóa" (a district: "TP Thanh Hóa, Thanh
 * Hóa"; a province: its display name), written into buf (cap bytes,
 * KD_UNIT_LABEL_MAX is enough), which it returns. */
#define KD_UNIT_LABEL_MAX 400
const char *kd_unit_label(const struct kd_unit *u, char *buf, size_t cap);

/* A code an address may carry: a commune, or a district without communes. */
int kd_unit_is_address(const char *code);

/* 1 when code is ancestor itself or lies below it; "" is the country. */
int kd_unit_within(const char *code, const char *ancestor);

/* The display name of a code ("" = "Toàn quốc"), or NULL. */
const char *kd_unit_display(const char *code);

/* Number of loaded units. */
unsigned kd_units_count(void);

/* The i-th unit (0 <= i < kd_units_count(), in code order), or NULL: for
 * a walk over the whole tree (the zones' picture of the country). */
const struct kd_unit *kd_unit_at(unsigned i);

/*
 * The search by name.  q is what a person typed: a few letters of each
 * word, with or without tone marks, in any case ("ham rong", "Hàm Rồng
 * thanh hoa", "p ham rong").  A unit matches when every word of q begins
 * a word of its name, its type or its parents' names.  Best first: the
 * name itself, then a name that begins with q, then by how many words of
 * q its own name and type leave unmatched, then its name alone, then q
 * not as one phrase; within each, the higher unit, then Vietnamese
 * order.  what: the units an address may carry (communes and the island
 * districts), or any unit; within: a unit code whose subtree the units
 * must lie in ("" or NULL: the country).  Fills out[0..n) (at most max)
 * and returns n; *total (may be NULL) gets how many matched.  A q without
 * a letter or digit matches nothing.  No allocation, no database.
 */
enum kd_units_kind { KD_UNITS_ADDRESS, KD_UNITS_ANY };
#define KD_UNITS_FOUND_MAX 20
size_t kd_units_search(const char *q, enum kd_units_kind what, const char *within,
    const struct kd_unit **out, size_t max, size_t *total);

/* The one unit q names: the only match, or a match whose own name
 * answers q better than any other's ("phuc xa ha noi": Phường Phúc Xá,
 * though "xa" and "ha noi" match many more).  NULL: none, or several
 * as good (the person picks from kd_units_search's list). */
const struct kd_unit *kd_units_pick(const char *q, enum kd_units_kind what,
    const char *within);

/* 1 when text names unit u the way a pick shows it (its label or its
 * display name, tone marks and case aside): the text of a field that was
 * filled by picking u and not changed since. */
int kd_unit_named(const struct kd_unit *u, const char *text);

/* The index of a unit kd_unit_find gave (kd_unit_at's i): for arrays of
 * figures kept per unit. */
unsigned kd_unit_index(const struct kd_unit *u);

#endif
