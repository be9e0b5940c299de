/*
 * sql.c - the library's statement tables, in module order (see sql.h).
 */
#include "sql.h"

const struct kd_sql_table *const kd_lib_sql[KD_MOD_COUNT] = {
	[KD_MOD_UNITS] = &kd_units_sql,
	[KD_MOD_SESSION] = &kd_session_sql,
	[KD_MOD_AUDIT] = &kd_audit_sql,
	[KD_MOD_DECL] = &kd_decl_sql,
	[KD_MOD_PASSAGE] = &kd_passage_sql,
	[KD_MOD_AREA] = &kd_area_sql,
	[KD_MOD_HOUSEHOLD] = &kd_household_sql,
	[KD_MOD_QUOTA] = &kd_quota_sql,
	[KD_MOD_ACCESS] = &kd_access_sql,
};
