#include "sql.h"

/* One audit_log row of a journal record: its time is the read's, carried
 * in the record as milliseconds since the epoch. */
#define AUDIT_ROW "(FROM_UNIXTIME(? / 1000), ?, ?, ?, ?, ?, ?)"
#define AUDIT_ROWS8 AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW ", " \
	AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW ", " AUDIT_ROW
#define AUDIT_ROWS32 AUDIT_ROWS8 ", " AUDIT_ROWS8 ", " AUDIT_ROWS8 ", " AUDIT_ROWS8
#define AUDIT_LOAD "INSERT INTO audit_log (at, actor, action, target_kind," \
	" target, place_id, detail) VALUES "

const char *const kd_lib_sql[KD_SQL_LIB_END - KD_DB_LIB_BASE] = {
	[KD_SQL_UNITS_ALL - KD_DB_LIB_BASE] =
	    "SELECT code, level, name, type, COALESCE(parent_code, '') FROM admin_units",
	[KD_SQL_SESSION_GET - KD_DB_LIB_BASE] =
	    /* The 6th column is the session's own expiry, which bounds how
	     * long lib/session.c may keep the row in its per-thread cache. */
	    "SELECT uid, role, unit, COALESCE(place_id, 0), csrf,"
	    " UNIX_TIMESTAMP(expires_at) FROM sessions"
	    " WHERE sid_hash = ? AND expires_at > NOW()",
	[KD_SQL_SESSION_INSERT - KD_DB_LIB_BASE] =
	    "INSERT INTO sessions (sid_hash, uid, role, unit, place_id, csrf,"
	    " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, NOW(),"
	    " NOW() + INTERVAL ? MINUTE)",
	[KD_SQL_SESSION_DELETE - KD_DB_LIB_BASE] =
	    "DELETE FROM sessions WHERE sid_hash = ?",
	[KD_SQL_SESSION_PURGE - KD_DB_LIB_BASE] =
	    "DELETE FROM sessions WHERE expires_at < NOW() LIMIT 1000",
	[KD_SQL_AUDIT_INSERT - KD_DB_LIB_BASE] =
	    "INSERT INTO audit_log (at, actor, action, target_kind, target,"
	    " place_id, detail) VALUES (NOW(3), ?, ?, ?, ?, ?, ?)",
	[KD_SQL_AUDIT_LOAD_1 - KD_DB_LIB_BASE] = AUDIT_LOAD AUDIT_ROW,
	[KD_SQL_AUDIT_LOAD_8 - KD_DB_LIB_BASE] = AUDIT_LOAD AUDIT_ROWS8,
	[KD_SQL_AUDIT_LOAD_32 - KD_DB_LIB_BASE] = AUDIT_LOAD AUDIT_ROWS32,
	[KD_SQL_JOURNAL_GET - KD_DB_LIB_BASE] =
	    "SELECT loaded_bytes FROM audit_journal WHERE file = ?",
	[KD_SQL_JOURNAL_SET - KD_DB_LIB_BASE] =
	    "INSERT INTO audit_journal (file, loaded_bytes, updated_at)"
	    " VALUES (?, ?, NOW()) ON DUPLICATE KEY UPDATE"
	    " loaded_bytes = VALUES(loaded_bytes), updated_at = NOW()",
	[KD_SQL_JOURNAL_FORGET - KD_DB_LIB_BASE] =
	    "DELETE FROM audit_journal WHERE file = ?",
	/* lib/decl.c: the column lists are in the order of enum
	 * kd_decl_field (tests/unit/test_decl.c checks it). */
	[KD_SQL_DECL_CITIZEN - KD_DB_LIB_BASE] =
	    "SELECT full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender FROM citizens"
	    " WHERE id_number = ?",
	[KD_SQL_DECL_INSERT - KD_DB_LIB_BASE] =
	    "INSERT INTO declarations (id_number, full_name, dob, gender, phone,"
	    " perm_commune, perm_address, temp_commune, temp_address, stay_commune,"
	    " stay_address, from_commune, from_address, to_commune, to_address,"
	    " travel_date, vehicle, plate, fever, cough, breath, sore_throat,"
	    " taste_smell, contact_f0, from_epidemic_zone, vaccine_doses, client_ref,"
	    " source, entered_by, registry, created_at, expires_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	/* A locking read sees the latest committed row, also inside a
	 * caller's REPEATABLE READ transaction. */
	[KD_SQL_DECL_BY_REF - KD_DB_LIB_BASE] =
	    "SELECT declaration_id, id_number, registry, UNIX_TIMESTAMP(created_at),"
	    " UNIX_TIMESTAMP(expires_at) FROM declarations WHERE client_ref = ?"
	    " LOCK IN SHARE MODE",
	[KD_SQL_DECL_LOAD - KD_DB_LIB_BASE] =
	    "SELECT " KD_SQL_DECL_COLUMNS("")
	    " FROM declarations WHERE declaration_id = ?",
};
