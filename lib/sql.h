/*
 * sql.h - how SQL statements are owned.
 *
 * The convention: each module that talks to MariaDB lists its own
 * statements in its own .c file, in a table indexed by a private enum,
 * and exports the table as a struct kd_sql_table.  Statement ids say whose
 * they are:
 *
 *   0 .. n-1                   a program's own table (struct kd_program.sql)
 *   KD_SQL_BASE(KD_MOD_X) + k  statement k of library module X
 *
 * so a library module starts its enum at KD_SQL_BASE(its module).  Every
 * worker thread prepares the program's table and every table listed in
 * kd_lib_sql below, once, at start (lib/db.c).  A new library module adds
 * its name to enum kd_sql_module and its table to lib/sql.c.
 */
#ifndef KD_SQL_H
#define KD_SQL_H

#include <stddef.h>

#define KD_SQL_LIB_BASE 1000
#define KD_SQL_MODULE_SPAN 100
#define KD_SQL_BASE(module) (KD_SQL_LIB_BASE + KD_SQL_MODULE_SPAN * (module))

enum kd_sql_module {
	KD_MOD_UNITS,       /* lib/units.c */
	KD_MOD_SESSION,     /* lib/session.c */
	KD_MOD_AUDIT,       /* lib/audit.c: audit rows and the journal loader */
	KD_MOD_DECL,        /* lib/decl.c */
	KD_MOD_PASSAGE,     /* lib/passage.c */
	KD_MOD_AREA,        /* lib/area.c */
	KD_MOD_HOUSEHOLD,   /* lib/household.c */
	KD_MOD_ZONES,       /* lib/zones.c */
	KD_MOD_VEHICLE,     /* lib/vehicle.c */
	KD_MOD_QUOTA,       /* lib/quota.c */
	KD_MOD_ACCESS,      /* lib/access.c */
	KD_MOD_COUNT
};

struct kd_sql_table {
	const char *const *sql;
	size_t n;
};

#define KD_SQL_TABLE(array) { (array), sizeof(array) / sizeof((array)[0]) }

/* The library's tables, indexed by enum kd_sql_module. */
extern const struct kd_sql_table *const kd_lib_sql[KD_MOD_COUNT];

/* Each module's table (defined in the module's .c). */
extern const struct kd_sql_table kd_units_sql, kd_session_sql, kd_audit_sql,
    kd_decl_sql, kd_passage_sql, kd_area_sql, kd_household_sql, kd_zones_sql,
    kd_vehicle_sql, kd_quota_sql, kd_access_sql;

/* A program whose files fill parts of its statement table (f-status,
 * report) checks it before use: 0 when every statement has its SQL, else
 * -1 after telling stderr which has none. */
int kd_sql_complete(const char *program, const char *const *sql, size_t n);

#endif
