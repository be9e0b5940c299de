/*
 * area.h - SPEC "Area": the citizens a police unit acts on.
 *
 * The rule: a citizen is in the area of unit U when U's subtree holds
 *   - the registry's perm_commune of the citizen, or
 *   - the perm_commune, temp_commune or stay_commune of one of the
 *     citizen's declarations of the last KD_AREA_DAYS days.
 * The national unit ("") holds everyone.  An admin may read what the
 * police of its subtree may, so the same rule serves both.
 *
 * The steps of kd_area_has:
 *   1. the country holds everyone: yes, without a query;
 *   2. read the citizen's candidate communes (registry, recent
 *      declarations) with one statement;
 *   3. yes when one of them lies within U (kd_unit_within).
 *
 * Lists (an area's F cases, its arrivals) filter in SQL instead, with
 * KD_AREA_SQL_UNIT below.
 */
#ifndef KD_AREA_H
#define KD_AREA_H

#include "attr.h"

#define KD_AREA_DAYS 30

/* 1 when the citizen id_number is in unit's area, 0 when not (or not
 * known at all), -1 on a database error. */
int kd_area_has(const char *unit, const char *id_number) KD_MUST_USE;

/* The communes that put id_number in an area, at most max codes of up to
 * 5 digits into codes[][6]; returns how many, -1 on a database error.  The
 * first is the registry's perm_commune when the citizen is registered. */
int kd_area_communes(const char *id_number, char codes[][6], int max) KD_MUST_USE;

/*
 * A condition on a commune-code column c that holds when c lies within the
 * unit given as four parameters of the same code (bind it 4 times):
 *   ( ? = '' OR c = ? OR c IN (SELECT code FROM admin_units WHERE
 *     district_code = ? OR province_code = ?) )
 */
#define KD_AREA_SQL_UNIT(c) \
	"(? = '' OR " c " = ? OR " c " IN (SELECT code FROM admin_units" \
	" WHERE district_code = ? OR province_code = ?))"

/*
 * The same condition written for an index that starts with c: the units
 * of the area first (a scan of admin_units), then c by index for each
 * (a semi-join).  KD_AREA_SQL_UNIT's ORs keep MariaDB from using such an
 * index at all (a day's arrivals read the whole declarations table: 418
 * ms against 11 ms on 200,000 rows, docs/ZONES.md).  The same 4
 * parameters.
 */
#define KD_AREA_SQL_IN(c) \
	c " IN (SELECT code FROM admin_units WHERE ? = '' OR code = ?" \
	" OR district_code = ? OR province_code = ?)"

#endif
