/*
 * coverage.h - vaccination coverage counted per commune, for the daily
 * report (schema/009: coverage_residents, coverage_doses).
 *
 * Coverage by unit is the residents of the registry (perm_commune) with
 * one and with two doses, over the residents.  Counting it from the
 * registry and every vaccinated person is a join of the whole registry
 * (17 s for five million residents, all vaccinated, here; minutes at
 * national scale), far over the daily job's budget, and it changes only when the registry
 * or the doses do.  So it is counted after each of those changes: the
 * residents per commune, and per commune and day how many residents
 * reached their first and their second dose that day (a day's coverage
 * is the sum of the days up to it, so a past day keeps its figure).
 * kd-registry-import and kd-vaccination-import call kd_coverage_refresh
 * at their end; `report --coverage` runs it by hand (after rows were
 * written by other means).
 */
#ifndef KD_COVERAGE_H
#define KD_COVERAGE_H

#include "attr.h"

#include <mysql.h>

/* The read timeout (kd_db_set_timeout) of a connection that recounts:
 * a statement reads the whole registry. */
#define KD_COVERAGE_TIMEOUT_S 3600

/* Recounts both tables in one transaction on db (a plain connection, any
 * autocommit).  0 ok; -1 a database error (the old counts stay; the
 * error number is logged). */
int kd_coverage_refresh(MYSQL *db) KD_MUST_USE;

#endif
