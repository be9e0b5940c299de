#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "sql.h"
#include "units.h"

#define UNITS_MAX 12000

enum { SQL_ALL = KD_SQL_BASE(KD_MOD_UNITS) };

static const char *const unit_sql[] = {
	[SQL_ALL - KD_SQL_BASE(KD_MOD_UNITS)] =
	    "SELECT code, level, name, type, COALESCE(parent_code, '') FROM admin_units",
};
const struct kd_sql_table kd_units_sql = KD_SQL_TABLE(unit_sql);

static struct kd_unit *units;
static unsigned nunits;

static int unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kd_unit *)a)->code,
	    ((const struct kd_unit *)b)->code);
}

static char *display_name(const char *type, const char *name)
{
	char buf[200];

	/* "Thành phố Trung ương" is a class of province; people say "Thành phố". */
	if (strcmp(type, "Thành phố Trung ương") == 0)
		type = "Thành phố";
	snprintf(buf, sizeof(buf), "%s %s", type, name);
	return strdup(buf);
}

int kd_units_load(void)
{
	char code[6], level[16], name[128], type[48], parent[6];
	struct kd_col cols[] = { KD_COL(code), KD_COL(level), KD_COL(name),
	    KD_COL(type), KD_COL(parent) };
	unsigned i;
	int rc;

	if (units != NULL)
		return 0;
	units = calloc(UNITS_MAX, sizeof(*units));
	if (units == NULL || kd_db_exec(SQL_ALL, NULL, 0) < 0)
		return -1;
	while ((rc = kd_db_fetch(SQL_ALL, cols, 5)) == 1 && nunits < UNITS_MAX) {
		struct kd_unit *u = &units[nunits++];

		snprintf(u->code, sizeof(u->code), "%s", code);
		snprintf(u->parent, sizeof(u->parent), "%s", parent);
		u->level = level[0] == 'p' ? 'p' : level[0] == 'd' ? 'd' : 'c';
		u->name = strdup(name);
		u->display = display_name(type, name);
		if (u->name == NULL || u->display == NULL)
			rc = -1;
	}
	kd_db_done(SQL_ALL);
	if (rc < 0)
		return -1;
	qsort(units, nunits, sizeof(*units), unit_cmp);
	for (i = 0; i < nunits; i++) {
		struct kd_unit *parent_unit = (struct kd_unit *)kd_unit_find(units[i].parent);

		if (parent_unit != NULL)
			parent_unit->has_children = 1;
	}
	if (nunits == 0)
		kd_log("units: table admin_units is empty");
	return nunits > 0 ? 0 : -1;
}

const struct kd_unit *kd_unit_find(const char *code)
{
	struct kd_unit key = { .level = 0 };

	if (units == NULL || code == NULL || strlen(code) >= sizeof(key.code))
		return NULL;
	snprintf(key.code, sizeof(key.code), "%s", code);
	return bsearch(&key, units, nunits, sizeof(*units), unit_cmp);
}

int kd_unit_is_address(const char *code)
{
	const struct kd_unit *u = kd_unit_find(code);

	return u != NULL && (u->level == 'c' || (u->level == 'd' && !u->has_children));
}

int kd_unit_within(const char *code, const char *ancestor)
{
	const struct kd_unit *u;
	int steps;

	if (ancestor == NULL || code == NULL)
		return 0;
	if (ancestor[0] == '\0')
		return code[0] == '\0' || kd_unit_find(code) != NULL;
	/* Three levels: at most three steps up. */
	for (u = kd_unit_find(code), steps = 0; u != NULL && steps < 4; steps++) {
		if (strcmp(u->code, ancestor) == 0)
			return 1;
		u = kd_unit_find(u->parent);
	}
	return 0;
}

const char *kd_unit_display(const char *code)
{
	const struct kd_unit *u;

	if (code != NULL && code[0] == '\0')
		return "Toàn quốc";
	u = kd_unit_find(code);
	return u != NULL ? u->display : NULL;
}

unsigned kd_units_count(void)
{
	return nunits;
}

const struct kd_unit *kd_unit_at(unsigned i)
{
	return i < nunits ? &units[i] : NULL;
}

unsigned kd_unit_index(const struct kd_unit *u)
{
	return (unsigned)(u - units);
}
