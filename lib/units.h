/*
 * units.h - the 2021 administrative units, loaded once per worker from
 * table admin_units (11,367 rows) for validation and subtree checks.
 */
#ifndef KD_UNITS_H
#define KD_UNITS_H

struct kd_unit {
	char code[6];
	char level;                /* 'p' province, 'd' district, 'c' commune */
	char parent[6];            /* "" for provinces */
	const char *name;          /* without the type word */
	const char *display;       /* e.g. "Tỉnh Thanh Hóa" */
	int has_children;
};

/* Loads the table (call after kd_db_open). 0 ok, -1 error. */
int kd_units_load(void);

/* The unit with this code, or NULL. */
const struct kd_unit *kd_unit_find(const char *code);

/* A code an address may carry: a commune, or a district without communes. */
int kd_unit_is_address(const char *code);

/* 1 when code is ancestor itself or lies below it; "" is the country. */
int kd_unit_within(const char *code, const char *ancestor);

/* The display name of a code ("" = "Toàn quốc"), or NULL. */
const char *kd_unit_display(const char *code);

/* Number of loaded units. */
unsigned kd_units_count(void);

/* The i-th unit in code order (i < kd_units_count()), and the index of a
 * unit kd_unit_find gave: for arrays of figures kept per unit. */
const struct kd_unit *kd_unit_at(unsigned i);
unsigned kd_unit_index(const struct kd_unit *u);

#endif
