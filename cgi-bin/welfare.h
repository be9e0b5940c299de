/*
 * welfare.h - what the files of welfare share, and the rule they keep.
 *
 * The rule: one citizen, one live payment per program in the whole
 * country.  The database keeps it, not a look before the insert:
 * welfare_payments (schema/007) is unique over (program_id, id_number,
 * live), where live is a generated column, 1 while a payment stands and
 * NULL once it is reversed.  A unique key never holds two NULLs equal, so
 * reversed payments pile up beside at most one live payment.  Fifty
 * communes paying one person at the same moment all INSERT; InnoDB lets
 * the first commit and answers each other one 1062, after which it reads
 * the live payment with a locking read (the latest committed row, not its
 * transaction's older snapshot) to say where and when that was made.
 *
 * Why a generated column and not a table of live payments (one row per
 * program and citizen, deleted on reversal): one INSERT per payment
 * instead of two and one UPDATE per reversal instead of an UPDATE and a
 * DELETE; and the flag cannot disagree with reversed_at, because the
 * database derives it (a CHECK also ties reversed_at, reversed_by and the
 * reason together).
 *
 * The steps of wf_pay, one transaction (kd_db_txn: a deadlock runs it
 * again):
 *   1. the program: it exists, paid_on lies within its dates and is not
 *      after today, the amount is not above the program's;
 *   2. the citizen's registration for it in the officer's unit; none: 404
 *      not registered when the citizen lives in the unit's area, else 403
 *      outside_area;
 *   3. the citizen's F status: deceased before the program started is
 *      refused (409 deceased, with the day of death);
 *   4. INSERT the payment.  On 1062, the live payment: with this
 *      request's client_ref it is this request again (200, its id);
 *      else 409 already_paid, naming its commune and day;
 *   5. the audit row, in the same transaction: no row, no payment.
 *
 * The steps of wf_reverse (an administrator of a district or above):
 *   1. lock the payment (FOR UPDATE); unknown: 404;
 *   2. its commune within the administrator's unit, else 403
 *      outside_area;
 *   3. already reversed: 409;
 *   4. UPDATE reversed_at, reversed_by, reverse_reason: live turns NULL,
 *      so the citizen may be paid once more;
 *   5. the audit row, in the same transaction.
 */
#ifndef KD_WELFARE_H
#define KD_WELFARE_H

#include "field.h"
#include "req.h"
#include "resp.h"
#include "rows.h"

#define PAGE_SIZE 50
#define CSV_MAX_ROWS 200000

/* --- statements (cgi-bin/welfare.c holds the table) ---------------------- */

enum {
	ST_PROGRAM_GET, ST_PROGRAM_INSERT, ST_PROGRAMS, ST_PROGRAMS_COUNT,
	ST_DECEASED, ST_BENEF_INSERT, ST_BENEF_FIND, ST_BENEF_IN_UNIT,
	ST_BENEF_LIST, ST_BENEF_COUNT, ST_PAY_INSERT, ST_PAY_LIVE, ST_PAY_LOCK,
	ST_PAY_REVERSE, ST_PUBLIC_TOTALS, ST_PUBLIC_ITEMS, ST_PUBLIC_ITEMS_OF, ST_PAYMENTS,
	ST_PAYMENTS_COUNT, ST_COUNT
};
extern const char *const wf_sql[ST_COUNT];

/* --- fields of the routes that more than one file reads ------------------- */

/* POST /welfare/pay */
enum { P_PROGRAM, P_ID_NUMBER, P_AMOUNT, P_PAID_ON, P_CLIENT_REF, P_COUNT };
extern const struct kd_field wf_pay_fields[P_COUNT];

/* POST /welfare/reverse */
enum { V_PAYMENT_ID, V_REASON, V_COUNT };
extern const struct kd_field wf_reverse_fields[V_COUNT];

/* --- refusals: each with its status, code, field and message ------------- */

enum wf_refusal {
	WF_OK,
	WF_NO_PROGRAM,          /* 404 program */
	WF_PROGRAM_ELSEWHERE,   /* 403 program: another province's program */
	WF_PROGRAM_ENDED,       /* 409 program */
	WF_PAID_ON,             /* 400 paid_on: outside the program's dates */
	WF_AMOUNT_TOO_HIGH,     /* 400 amount */
	WF_CATEGORY,            /* 400 category: the program does not cover it */
	WF_COMMUNE,             /* 400 commune: none given, or not a commune */
	WF_HOMELESS_NOTE,       /* 400 note: where a homeless person was found */
	WF_NOT_IN_REGISTRY,     /* 400 not_in_registry, id_number */
	WF_MISMATCH,            /* 400 registry_mismatch: the fields that differ */
	WF_OUTSIDE_AREA,        /* 403 outside_area, id_number */
	WF_NOT_REGISTERED,      /* 404 id_number */
	WF_DECEASED,            /* 409 deceased, id_number */
	WF_ALREADY_PAID,        /* 409 already_paid, id_number: where and when */
	WF_REF_CONFLICT,        /* 409 client_ref of another payment */
	WF_NO_PAYMENT,          /* 404 payment_id */
	WF_ALREADY_REVERSED,    /* 409 payment_id */
	WF_LEVEL,               /* 403: this account's unit level may not */
	WF_UNAVAILABLE,         /* 503: the database, or no audit row */
	WF_COMMUNE_ELSEWHERE,   /* 403 outside_area, commune: outside the unit */
	WF_PAYMENT_ELSEWHERE,   /* 403 outside_area, payment_id: outside the unit */
	WF_COUNT
};

/* A refusal and what makes it particular: a message with facts (where and
 * when the first payment was made, a day of death) replacing the table's
 * message next to the field, and the extra fields of a registry
 * mismatch. */
struct wf_refused {
	enum wf_refusal why;
	char detail[512];
	const char *mismatch[3];    /* names of the fields that differ */
};

/* Inside a transaction (kd_db_txn): records why and returns what fn
 * returns for it, KD_TXN_REFUSED (or -1 for WF_UNAVAILABLE). */
int wf_txn_refuse(struct wf_refused *no, enum wf_refusal why);

/* After a refused request that named a citizen: an audit row saying so
 * (action, the citizen's reference, the refusal's code).  When it cannot
 * be written the refusal becomes 503: no audit row, no answer. */
void wf_audit_refusal(struct kd_req *r, const char *action, const char *ref,
    struct wf_refused *no);

/* --- programs (welfare.c) -------------------------------------------------- */

struct wf_program {
	long long id;
	char name[404];
	long long amount;
	char start[11], end[11];    /* YYYY-MM-DD */
	char province[3];           /* "" = national */
	char categories[400];       /* codes, comma-separated */
};

/* Program id: 1 found, 0 none, -1 database error. */
int wf_program_load(long long id, struct wf_program *pg);

/* The citizen died before day (YYYY-MM-DD): WF_DECEASED with the day of
 * death in no->detail; else WF_OK (or WF_UNAVAILABLE). */
enum wf_refusal wf_check_alive(const char *id_number, const char *day,
    struct wf_refused *no);

/* --- pages (welfare-lists.c) ----------------------------------------------- */

/* What an officer's page shows: its filters, and the answer to the POST
 * that led to it (the form as sent when refused, a notice when done). */
struct wf_view {
	int status;
	long long program;          /* 0 = every program */
	const char *commune;        /* NULL = the whole of the officer's unit */
	long page;
	const char *form;           /* the POST form answered ("pay"), or NULL */
	int keep_form;              /* refused: show the form as it was sent */
	const char *alert, *notice;
};
typedef void (*wf_page)(struct kd_req *r, const struct wf_view *v);

void wf_programs_page(struct kd_req *r, const struct wf_view *v);
void wf_beneficiaries_page(struct kd_req *r, const struct wf_view *v);
void wf_payments_page(struct kd_req *r, const struct wf_view *v);

/* List.total, List.page, List.prev and List.next for a template. */
void wf_hdf_pager(HDF *hdf, long page, long long total);

/* GET /welfare (welfare-public.c). */
void wf_public_get(struct kd_req *r);

/* GET /welfare/programs, /welfare/beneficiaries, /welfare/payments. */
void wf_programs_get(struct kd_req *r);
void wf_beneficiaries_get(struct kd_req *r);
void wf_payments_get(struct kd_req *r);

/* The query of the officers' lists: program, commune, page, format. */
enum { L_PROGRAM, L_COMMUNE, L_PAGE, L_FORMAT, L_COUNT };
extern const struct kd_field wf_list_fields[L_COUNT];
enum { FORMAT_HTML, FORMAT_JSON, FORMAT_CSV };

/* The levels an action needs (SPEC: programs by the country or a
 * province, reversals by a district or above). */
int wf_may_create_program(const struct kd_req *r);
int wf_may_reverse(const struct kd_req *r);

/* The kinds of person a program may cover, and the residences. */
struct wf_label { const char *code, *field, *label; };
#define WF_NCATEGORIES 10
extern const struct wf_label wf_categories[WF_NCATEGORIES];
#define WF_NRESIDENCES 4
extern const struct wf_label wf_residences[WF_NRESIDENCES];
const char *wf_label_of(const struct wf_label *table, size_t n, const char *code);

/* 1 when code is one item of the comma-separated set. */
int wf_in_set(const char *set, const char *code);

/* --- payments (welfare-pay.c) --------------------------------------------- */

struct wf_payment {
	unsigned long long payment_id;
	char commune[6];
	char paid_on[11];
	long long amount;
	int created;                /* 1 a new payment (201), 0 a replay (200) */
};

/* POST /welfare/pay, fields wf_pay_fields in r->vals.  0 paid (out
 * filled); -1 refused (no says why). */
int wf_pay(struct kd_req *r, struct wf_payment *out, struct wf_refused *no);

/* POST /welfare/reverse.  0 reversed; -1 refused. */
int wf_reverse(struct kd_req *r, struct wf_refused *no);

/* --- formatting (welfare.c) ----------------------------------------------- */

/* "05/09/2021" from "2021-09-05". */
void wf_date_vn(const char *iso, char out[11]);

/* "1.500.000" from 1500000 (the amount as people read it). */
void wf_money(long long amount, char out[32]);

/* For a template: prefix.<row>.amount_vn of column amount_col and
 * prefix.<row>.<name>_vn of the day in column day_col (-1: none). */
void wf_hdf_money_days(HDF *hdf, const char *prefix, const struct kd_rows *rows,
    int amount_col, int day_col);

#endif
