/*
 * sql.h - the statements the library itself runs (sessions, audit, units,
 * declarations).
 * Programs keep their own tables; ids at or above KD_DB_LIB_BASE name
 * these, and every worker prepares both at start.
 */
#ifndef KD_SQL_H
#define KD_SQL_H

#include <stddef.h>

#define KD_DB_LIB_BASE 1000

enum kd_lib_sql {
	KD_SQL_UNITS_ALL = KD_DB_LIB_BASE,
	KD_SQL_SESSION_GET,
	KD_SQL_SESSION_INSERT,
	KD_SQL_SESSION_DELETE,
	KD_SQL_SESSION_PURGE,
	KD_SQL_AUDIT_INSERT,
	KD_SQL_AUDIT_LOAD_1,        /* lib/audit.c: the journal loader */
	KD_SQL_AUDIT_LOAD_8,
	KD_SQL_AUDIT_LOAD_32,
	KD_SQL_JOURNAL_GET,
	KD_SQL_JOURNAL_SET,
	KD_SQL_JOURNAL_FORGET,
	KD_SQL_DECL_CITIZEN,        /* lib/decl.c: the registry row of an ID */
	KD_SQL_DECL_INSERT,
	KD_SQL_DECL_BY_REF,         /* the declaration of a client_ref */
	KD_SQL_DECL_LOAD,
	KD_SQL_LIB_END
};

extern const char *const kd_lib_sql[KD_SQL_LIB_END - KD_DB_LIB_BASE];

#endif
