#include "sql.h"

const char *const kd_lib_sql[KD_SQL_LIB_END - KD_DB_LIB_BASE] = {
	[KD_SQL_UNITS_ALL - KD_DB_LIB_BASE] =
	    "SELECT code, level, name, type, COALESCE(parent_code, '') FROM admin_units",
	[KD_SQL_SESSION_GET - KD_DB_LIB_BASE] =
	    "SELECT uid, role, unit, COALESCE(place_id, 0), csrf FROM sessions"
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
};
