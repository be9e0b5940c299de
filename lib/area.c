/*
 * area.c - SPEC "Area" (see area.h).
 */
#include <string.h>

#include "area.h"
#include "db.h"
#include "sql.h"
#include "units.h"

enum { SQL_COMMUNES = KD_SQL_BASE(KD_MOD_AREA) };
#define S(id) [(id) - KD_SQL_BASE(KD_MOD_AREA)]
static const char *const area_sql[] = {
	/* The registry's first (the ORDER BY), then the recent declarations'
	 * residences, through k_id_number. */
	S(SQL_COMMUNES) =
	    "SELECT code FROM ("
	    " SELECT 0 AS o, perm_commune AS code FROM citizens WHERE id_number = ?"
	    " UNION SELECT 1, perm_commune FROM declarations WHERE id_number = ?"
	    "   AND created_at > NOW() - INTERVAL 30 DAY"
	    " UNION SELECT 1, temp_commune FROM declarations WHERE id_number = ?"
	    "   AND created_at > NOW() - INTERVAL 30 DAY AND temp_commune IS NOT NULL"
	    " UNION SELECT 1, stay_commune FROM declarations WHERE id_number = ?"
	    "   AND created_at > NOW() - INTERVAL 30 DAY AND stay_commune IS NOT NULL"
	    ") a ORDER BY o LIMIT 16",
};
#undef S
const struct kd_sql_table kd_area_sql = KD_SQL_TABLE(area_sql);

_Static_assert(KD_AREA_DAYS == 30, "the statement says 30 days");

int kd_area_communes(const char *id_number, char codes[][6], int max)
{
	struct kd_param p[4] = { KD_STR(id_number), KD_STR(id_number),
	    KD_STR(id_number), KD_STR(id_number) };
	char code[8] = "";
	struct kd_col col[1] = { KD_COL(code) };
	int n = 0, rc;

	if (kd_db_exec(SQL_COMMUNES, p, 4) < 0)
		return -1;
	while ((rc = kd_db_fetch(SQL_COMMUNES, col, 1)) == 1) {
		if (n < max && strlen(code) <= 5)
			memcpy(codes[n++], code, strlen(code) + 1);
	}
	kd_db_done(SQL_COMMUNES);
	return rc < 0 ? -1 : n;
}

int kd_area_has(const char *unit, const char *id_number)
{
	char codes[16][6];
	int n, i;

	/* 1. The country holds everyone. */
	if (unit[0] == '\0')
		return 1;
	/* 2. The communes that could place the citizen. */
	n = kd_area_communes(id_number, codes, 16);
	if (n < 0)
		return -1;
	/* 3. One of them inside the unit. */
	for (i = 0; i < n; i++)
		if (kd_unit_within(codes[i], unit))
			return 1;
	return 0;
}
