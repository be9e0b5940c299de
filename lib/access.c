/*
 * access.c - who looked at a citizen's records (see access.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "db.h"
#include "sql.h"

#define DECLS 16       /* the person's newest declarations looked at */

enum { SQL_DECLS = KD_SQL_BASE(KD_MOD_ACCESS), SQL_READS };
#define S(id) [(id) - KD_SQL_BASE(KD_MOD_ACCESS)]
#define READ_COLUMNS "SELECT UNIX_TIMESTAMP(a.at) AS t, a.action, a.actor_unit," \
	" COALESCE(p.name, ''), COALESCE(p.kind, '') FROM audit_log a" \
	" LEFT JOIN places p ON p.place_id = a.place_id WHERE "
#define IDS4 "?, ?, ?, ?"
static const char *const access_sql[] = {
	/* A declaration read 30 days ago may have been made 3 days before. */
	S(SQL_DECLS) = "SELECT declaration_id FROM declarations WHERE id_number = ?"
	    " AND created_at > NOW() - INTERVAL 33 DAY"
	    " ORDER BY created_at DESC LIMIT 16",
	/* Two index look-ups (k_target) rather than one OR. */
	S(SQL_READS) = "(" READ_COLUMNS "a.target_kind = 'citizen' AND a.target = ?"
	    " AND a.at > NOW() - INTERVAL 30 DAY) UNION ALL (" READ_COLUMNS
	    "a.target_kind = 'declaration' AND a.target IN (" IDS4 ", " IDS4 ", "
	    IDS4 ", " IDS4 ") AND a.at > NOW() - INTERVAL 30 DAY)"
	    " ORDER BY t DESC LIMIT 500",
};
#undef S
const struct kd_sql_table kd_access_sql = KD_SQL_TABLE(access_sql);
_Static_assert(KD_ACCESS_DAYS == 30, "SQL_READS says 30 days");

static const struct {
	const char *action, *purpose;
} purposes[] = {
	{ "paper_entry", "checkpoint" },
	{ "lookup", "lookup" }, { "registry_lookup", "lookup" },
	{ "trace", "trace" }, { "trace_mark", "trace" },
	{ "status_read", "status" }, { "status_set", "status" },
	{ "welfare_register", "welfare" }, { "welfare_register_refused", "welfare" },
	{ "welfare_pay", "welfare" }, { "welfare_pay_refused", "welfare" },
	{ "welfare_reverse", "welfare" },
};

const char *kd_access_purpose(const char *action, const char *place_kind)
{
	size_t i;

	/* A kiosk's look-up: at a checkpoint or at a venue. */
	if (strcmp(action, "verify") == 0)
		return strcmp(place_kind, "venue") == 0 ? "venue" : "checkpoint";
	for (i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++)
		if (strcmp(purposes[i].action, action) == 0)
			return purposes[i].purpose;
	return NULL;
}

/* The ids of the person's declarations as text, into ids[] (unused
 * ones ""); -1 on error. */
static int declaration_ids(const char *id_number, char ids[DECLS][24])
{
	char id[24] = "";
	struct kd_col c[1] = { KD_COL(id) };
	struct kd_param p[1] = { KD_STR(id_number) };
	size_t n = 0;
	int rc;

	memset(ids, 0, DECLS * sizeof(ids[0]));
	if (kd_db_exec(SQL_DECLS, p, 1) < 0)
		return -1;
	while ((rc = kd_db_fetch(SQL_DECLS, c, 1)) == 1)
		if (n < DECLS)
			snprintf(ids[n++], sizeof(ids[0]), "%s", id);
	kd_db_done(SQL_DECLS);
	return rc < 0 ? -1 : 0;
}

int kd_access_list(const char *id_number, struct kd_access *out, size_t max,
    size_t *n)
{
	char ids[DECLS][24], ref[KD_CITIZEN_REF_SIZE], at[24] = "", action[40] = "",
	    unit[8] = "", place[256] = "", kind[16] = "";
	struct kd_col c[5] = { KD_COL(at), KD_COL(action), KD_COL(unit), KD_COL(place),
	    KD_COL(kind) };
	struct kd_param p[1 + DECLS];
	const char *purpose;
	size_t i;
	int rc;

	*n = 0;
	if (declaration_ids(id_number, ids) != 0)
		return -1;
	kd_citizen_ref(id_number, ref);
	p[0] = KD_STR(ref);
	for (i = 0; i < DECLS; i++)
		p[1 + i] = ids[i][0] ? KD_STR(ids[i]) : KD_NULLP;
	if (kd_db_exec(SQL_READS, p, 1 + DECLS) < 0)
		return -1;
	while ((rc = kd_db_fetch(SQL_READS, c, 5)) == 1) {
		if (*n == max || (purpose = kd_access_purpose(action, kind)) == NULL)
			continue;
		out[*n].at = (time_t)strtoll(at, NULL, 10);
		out[*n].purpose = purpose;
		snprintf(out[*n].unit, sizeof(out[*n].unit), "%s", unit);
		snprintf(out[*n].place_name, sizeof(out[*n].place_name), "%s", place);
		(*n)++;
	}
	kd_db_done(SQL_READS);
	return rc < 0 ? -1 : 0;
}
