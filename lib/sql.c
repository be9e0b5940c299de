/*
 * sql.c - the library's statement tables, in module order (see sql.h).
 */
#include <stdio.h>

#include "sql.h"

const struct kd_sql_table *const kd_lib_sql[KD_MOD_COUNT] = {
	[KD_MOD_UNITS] = &kd_units_sql,
	[KD_MOD_SESSION] = &kd_session_sql,
	[KD_MOD_AUDIT] = &kd_audit_sql,
	[KD_MOD_DECL] = &kd_decl_sql,
	[KD_MOD_PASSAGE] = &kd_passage_sql,
	[KD_MOD_AREA] = &kd_area_sql,
	[KD_MOD_HOUSEHOLD] = &kd_household_sql,
	[KD_MOD_ZONES] = &kd_zones_sql,
	[KD_MOD_VEHICLE] = &kd_vehicle_sql,
	[KD_MOD_QUOTA] = &kd_quota_sql,
	[KD_MOD_ACCESS] = &kd_access_sql,
};

int kd_sql_complete(const char *program, const char *const *sql, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (sql[i] == NULL) {
			fprintf(stderr, "%s: statement %zu has no SQL\n", program, i);
			return -1;
		}
	}
	return 0;
}
