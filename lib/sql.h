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

/*
 * The columns of a loaded declaration, in the order lib/decl.c binds them
 * (enum kd_decl_field, then id, source, entered_by, registry and the three
 * times).  t is the table's alias with its dot ("d.") or "".  One list for
 * KD_SQL_DECL_LOAD and for programs that read declarations their own way
 * (verify's grouped look-up).
 */
#define KD_SQL_DECL_COLUMNS(t) \
	t "id_number, " t "full_name, DATE_FORMAT(" t "dob, '%Y-%m-%d'), " \
	t "gender, " t "phone, " t "perm_commune, " t "perm_address, " \
	t "temp_commune, " t "temp_address, " t "stay_commune, " \
	t "stay_address, " t "from_commune, " t "from_address, " \
	t "to_commune, " t "to_address, DATE_FORMAT(" t "travel_date, '%Y-%m-%d'), " \
	t "vehicle, " t "plate, " t "fever, " t "cough, " t "breath, " \
	t "sore_throat, " t "taste_smell, " t "contact_f0, " \
	t "from_epidemic_zone, " t "vaccine_doses, " t "client_ref, " \
	t "declaration_id, " t "source, " t "entered_by, " t "registry, " \
	"UNIX_TIMESTAMP(" t "created_at), UNIX_TIMESTAMP(" t "expires_at), " \
	"UNIX_TIMESTAMP(" t "revoked_at)"

extern const char *const kd_lib_sql[KD_SQL_LIB_END - KD_DB_LIB_BASE];

#endif
