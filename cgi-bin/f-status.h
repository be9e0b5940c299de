/*
 * f-status.h - what the files of the f-status program share.
 *
 *   f-status.c       the route table; a person's status and history
 *   f-common.c       the helpers every page uses (below)
 *   f-list.c         the area's list
 *   f-trace.c        the trace's computation: itinerary, contacts at
 *                    depth 1 and 2, the bound on crowded places
 *   f-trace-page.c   GET/POST /f-status/trace: JSON, CSV, the page with
 *                    its timeline and graph (SVG drawn by the template)
 *   f-mark.c         POST /f-status/mark: contacts marked F1/F2, a task
 *                    for the commune police of each one's residence
 *   f-tasks.c        GET/POST /f-status/tasks: the worklists
 *   f-visitors.c     GET /f-status/visitors: who was at a place
 *   f-arrivals.c     GET /f-status/arrivals: who declared the area as
 *                    destination (or origin) for a day, riskiest first
 *   f-permits.c      GET/POST /permits: travel permits
 *
 * One statement table for the program: each file lists its own
 * statements in its part of enum fs_stmt and fills them in its
 * fs_<file>_sql(), which main() calls before kd_serve().  A new page group
 * (arrivals, zones, permits) adds its file, its part of the enum and its
 * fill function, and its routes to f-status.c's table.
 */
#ifndef KD_F_STATUS_H
#define KD_F_STATUS_H

#include <stddef.h>
#include <time.h>

#include "db.h"
#include "field.h"
#include "req.h"
#include "resp.h"
#include "listw.h"
#include "serve.h"

enum fs_stmt {
	/* f-status.c */
	ST_PERSON, ST_HISTORY, ST_NEWEST, ST_STATUS_INSERT,
	/* f-list.c */
	ST_LIST,
	/* f-trace.c */
	ST_ITINERARY, ST_NEAR_1, ST_NEAR_8, ST_CROWD_8, ST_PASSAGES_OF_16,
	ST_DECLS_16, ST_PLACES_16,
	/* f-mark.c */
	ST_CURRENT_LOCK, ST_RESIDENCE, ST_TASK_INSERT,
	/* f-tasks.c */
	ST_TASKS, ST_TASKS_COUNT, ST_TASK_GET, ST_TASK_DONE,
	/* f-visitors.c */
	ST_PLACE, ST_VISITORS, ST_VISITORS_COUNT,
	/* f-arrivals.c */
	ST_ARRIVALS_IN, ST_ARRIVALS_OUT, ST_PASSED_IN, ST_PASSED_OUT,
	/* f-permits.c */
	ST_PERMIT_INSERT, ST_PERMIT_BY_REF, ST_PERMITS_OF, ST_PERMITS_UNIT,
	ST_PERMITS_UNIT_COUNT, ST_PERMIT_LOCK, ST_PERMIT_REVOKE,
	ST_COUNT
};

void fs_status_sql(const char **sql);
void fs_list_sql(const char **sql);
void fs_trace_sql(const char **sql);
void fs_mark_sql(const char **sql);
void fs_tasks_sql(const char **sql);
void fs_visitors_sql(const char **sql);
void fs_arrivals_sql(const char **sql);
void fs_permits_sql(const char **sql);

/* --- routes served by the other files ------------------------------------ */


/* GET and POST /f-status/trace (f-trace-page.c). */
enum { T_ID_NUMBER, T_FROM, T_TO, T_WINDOW, T_DEPTH, T_PAGE, T_FORMAT, T_COUNT };
extern const struct kd_field fs_trace_fields[T_COUNT];
void fs_trace(struct kd_req *r);

/* POST /f-status/mark (f-mark.c). */
enum { M_SOURCE, M_IDS, M_STATUS, M_FROM, M_TO, M_WINDOW, M_DUE_HOURS, M_COUNT };
extern const struct kd_field fs_mark_fields[M_COUNT];
void fs_mark(struct kd_req *r);

/* GET and POST /f-status/tasks (f-tasks.c). */
enum { TL_PAGE, TL_COUNT };
extern const struct kd_field fs_tasks_fields[TL_COUNT];
enum { TD_TASK_ID, TD_NOTE, TD_COUNT };
extern const struct kd_field fs_done_fields[TD_COUNT];
void fs_tasks(struct kd_req *r);
void fs_task_done(struct kd_req *r);
void fs_task_done_invalid(struct kd_req *r);

/* GET /f-status/visitors (f-visitors.c). */
enum { V_PLACE_ID, V_FROM, V_TO, V_PAGE, V_FORMAT, V_COUNT };
extern const struct kd_field fs_visitors_fields[V_COUNT];
void fs_visitors(struct kd_req *r);

/* GET /f-status/arrivals (f-arrivals.c). */
enum { A_DATE, A_DIRECTION, A_UNIT, A_PAGE, A_FORMAT, A_COUNT };
extern const struct kd_field fs_arrivals_fields[A_COUNT];
void fs_arrivals(struct kd_req *r);

/* GET /permits, POST /permits [action=view|revoke] (f-permits.c). */
enum { PG_ID_NUMBER, PG_PAGE, PG_FORMAT, PG_COUNT };
extern const struct kd_field fs_permits_get_fields[PG_COUNT];
enum { PV_ID_NUMBER, PV_COUNT };
extern const struct kd_field fs_permits_view_fields[PV_COUNT];
enum { PI_ID_NUMBER, PI_KIND, PI_AREA, PI_VALID_FROM, PI_VALID_TO, PI_NOTE,
	PI_CLIENT_REF, PI_COUNT };
extern const struct kd_field fs_permits_issue_fields[PI_COUNT];
enum { PR_PERMIT_ID, PR_REASON, PR_COUNT };
extern const struct kd_field fs_permits_revoke_fields[PR_COUNT];
void fs_permits(struct kd_req *r);
void fs_permits_view(struct kd_req *r);
void fs_permit_issue(struct kd_req *r);
void fs_permit_issue_invalid(struct kd_req *r);
void fs_permit_revoke(struct kd_req *r);
void fs_permit_revoke_invalid(struct kd_req *r);

/* --- helpers of f-status.c ------------------------------------------------- */

/* The F statuses, in the order of the database's ENUM and of "counts". */
extern const char *const fs_statuses[];
#define FS_NSTATUS 7

/* The values of a format field. */
extern const char *const fs_formats[];
enum fs_format { FS_HTML, FS_JSON, FS_CSV };

/* The area's list (f-list.c): status (NULL all), q (NULL none). */
void fs_list(struct kd_req *r, const char *status, const char *q, long page,
    enum fs_format format);

/* How the request wants its answer: the format field (index f) when
 * given (format=json also makes errors JSON), else its Accept header. */
enum fs_format fs_format(struct kd_req *r, size_t f);

/* The page asked for (field index f, default 1). */
long fs_page(const struct kd_req *r, size_t f);

/* A citizen as the registry (or, for someone not in it, their newest
 * declaration) has them. */
struct fs_person {
	char full_name[404];
	char dob[16];              /* YYYY-MM-DD */
	int registered;            /* in the population registry */
};

/* 1 found, 0 unknown, -1 database error. */
int fs_person_load(const char *id_number, struct fs_person *p);

/*
 * The checks before any read or change of one citizen's record: known
 * (404, field), in the officer's area (403 outside_area, SPEC "Area"),
 * the database up (503).  0 go on; -1 answered.
 */
int fs_person_check(struct kd_req *r, const char *id_number, const char *field,
    struct fs_person *p);

/* An audit row; when it cannot be written, 503 and -1 (no audit, no
 * data).  A citizen target is kd_citizen_ref(), never the number. */
int fs_audit(struct kd_req *r, const char *action, const char *kind,
    const char *target, const char *detail);
int fs_audit_citizen(struct kd_req *r, const char *action,
    const char *id_number, const char *detail);

/* The four parameters of KD_AREA_SQL_UNIT (lib/area.h) for unit. */
void fs_unit_params(struct kd_param *p, const char *unit);

/* A page of the program: the HDF with the officer's header and the
 * program's menu, nav naming the current page ("list", "trace", "tasks",
 * "visitors").  NULL when out of memory. */
HDF *fs_hdf(struct kd_req *r, const char *nav);

/* The pager of a list: List.total, List.page, List.prev, List.next. */
void fs_hdf_pager(HDF *hdf, long page, long size, long long total);

/* The CSV of w (UTF-8, header line) as the answer; w is freed. */
void fs_reply_csv(struct kd_req *r, struct kd_listw *w);

/* The answer of a JSON writer or the error when it failed. */
void fs_reply_rows_json(struct kd_req *r, int status, struct kd_json *j,
    const struct kd_listw *w);

/* "YYYY-MM-DD HH:MM:SS[.fff]" of the database -> ISO 8601; NULL stays
 * NULL, "" too.  Into the request's arena. */
const char *fs_iso(struct kd_req *r, const char *db);

/* "YYYY-MM-DD HH:MM:SS[.fff]" -> "HH:MM dd/mm/yyyy", for pages. */
const char *fs_when(struct kd_req *r, const char *db);

/* The Vietnamese name of a status ("F1 – tiếp xúc gần với F0"). */
const char *fs_status_label(const char *status);

/* Statuses.<i>.code and .label, for a page's select and counts. */
void fs_hdf_statuses(HDF *hdf);

#endif
