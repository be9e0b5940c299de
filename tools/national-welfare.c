/*
 * national-welfare.c - kd-national-gen welfare: the support programs of
 * 2021 and their beneficiaries (schema/007, docs/WELFARE.md,
 * docs/NATIONAL.md).
 *
 *   kd-national-gen welfare --out DIR --beneficiaries B [--first-program ID]
 *                   [--first-beneficiary ID] [--first-payment ID]
 *                   [--seed S] [--data DIR] < citizens.tsv
 *
 * Programs: five national ones (Resolutions 68 and 116, Decision 23) and
 * three provinces' own (Hồ Chí Minh City, Hà Nội, Bình Dương), open from
 * 90 days before today to 90 days after.  Beneficiaries: B citizens of
 * stdin (TSV as `activity` reads; read whole and shuffled), each with a
 * kind of support drawn by its share and kept when the citizen fits it
 * (age in 2021, a province's program for its residents only; stdin must
 * hold about three times B), registered for its program in the commune
 * where they live by its police (`ca-<commune>`, as F statuses are set)
 * over the last 30 days, in id order, and paid once: one to three days
 * later, before now, client_ref `national-<payment_id>`.  A citizen
 * appears once, so no (program, citizen) is registered or paid twice.
 *
 * Writes DIR/welfare_programs.tsv, DIR/welfare_beneficiaries.tsv and
 * DIR/welfare_payments.tsv in primary key order, ids from the --first-*
 * options on (the tables may hold rows already: the benchmarks' programs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "national-gen.h"

#define REGISTERED_DAYS 27      /* registrations until 3 days ago */
#define PROGRAM_DAYS 90         /* open this long before and after today */
#define YEAR 2021               /* ages as of it (the registry's, too) */

struct program {
	const char *name;
	int province;               /* 0: national */
	const char *categories;     /* schema/007's SET */
	unsigned amount;            /* VND, the most one person gets */
};

static const struct program programs[] = {
	{ "Nghị quyết 68/NQ-CP: người lao động tạm hoãn hợp đồng lao động, "
	    "nghỉ việc không hưởng lương", 0, "worker_suspended", 3710000 },
	{ "Quyết định 23/2021/QĐ-TTg: lao động không có giao kết hợp đồng "
	    "lao động (lao động tự do)", 0, "free_worker", 1500000 },
	{ "Nghị quyết 68/NQ-CP: hộ kinh doanh phải tạm ngừng kinh doanh", 0,
	    "household_business", 3000000 },
	{ "Nghị quyết 68/NQ-CP: người điều trị COVID-19 (F0), cách ly y tế (F1) "
	    "và trẻ em", 0, "f0_f1,child", 1680000 },
	{ "Nghị quyết 116/NQ-CP: hỗ trợ người lao động từ Quỹ bảo hiểm thất nghiệp",
	    0, "worker_suspended", 3300000 },
	{ "TP. Hồ Chí Minh: hỗ trợ người dân gặp khó khăn do dịch COVID-19 (đợt 3)",
	    79, "elderly,poor_household,disabled,homeless,other", 1000000 },
	{ "Hà Nội: hỗ trợ người dân gặp khó khăn do đại dịch COVID-19", 1,
	    "elderly,poor_household,disabled,homeless,other", 1500000 },
	{ "Bình Dương: hỗ trợ người dân gặp khó khăn do dịch COVID-19", 74,
	    "elderly,poor_household,disabled,homeless,other", 1000000 },
};
#define N_PROGRAMS (sizeof(programs) / sizeof(programs[0]))
#define OWN_PROVINCE -1         /* kind.program: the province's program */

/* A kind of support: the category, its program, its share of the
 * beneficiaries, who fits it, and the amounts paid (by chance). */
struct kind {
	const char *category;
	int program;                /* index in programs[], or OWN_PROVINCE */
	unsigned share;
	int min_age, max_age;       /* in YEAR */
	unsigned amount[6];         /* 0 ends */
};

static const struct kind kinds[] = {
	/* 15 days or a month of leave; 80,000 a day for 21 or 14 days. */
	{ "worker_suspended", 0, 22, 18, 59, { 3710000, 1855000 } },
	{ "free_worker", 1, 30, 18, 64, { 1500000 } },
	{ "household_business", 2, 10, 20, 70, { 3000000 } },
	{ "f0_f1", 3, 8, 16, 120, { 1680000, 1120000 } },
	{ "child", 3, 12, 0, 15, { 1000000 } },
	/* By the months of insurance paid in. */
	{ "worker_suspended", 4, 10, 18, 59,
	    { 1800000, 2100000, 2400000, 2700000, 3000000, 3300000 } },
	{ "elderly", OWN_PROVINCE, 3, 60, 120, { 0 } },
	{ "poor_household", OWN_PROVINCE, 3, 0, 120, { 0 } },
	{ "disabled", OWN_PROVINCE, 1, 0, 120, { 0 } },
	{ "homeless", OWN_PROVINCE, 1, 18, 120, { 0 } },
	{ "other", OWN_PROVINCE, 1, 0, 120, { 0 } },
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *const homeless_places[] = {
	"Nơi đang ở: gầm cầu", "Nơi đang ở: chợ đầu mối", "Nơi đang ở: bến xe",
	"Nơi đang ở: vỉa hè gần trạm y tế", "Nơi đang ở: nhà tạm ở bãi sông",
};

struct welfare {
	struct kd_rng r;
	struct ng_clock clock;      /* the registrations' period */
	int64_t now;
	uint64_t kind_cum[N_KINDS];
	struct kd_home *by_code;    /* the homes sorted by code */
	size_t n_homes;
	FILE *prog, *benef, *pay;
	unsigned long long first_program, benef_id, payment_id, n_expected, n_benef;
	unsigned long long amount_sum;
};

/* ---------------------------------------------------------- programs */

static void fmt_day(int64_t t, char out[11])
{
	char full[20];

	ng_fmt_time(t, full);
	snprintf(out, 11, "%.10s", full);
}

static int write_programs(struct welfare *w)
{
	char start[11], end[11], created[20];
	size_t i;

	fmt_day(w->now - PROGRAM_DAYS * 86400, start);
	fmt_day(w->now + PROGRAM_DAYS * 86400, end);
	ng_fmt_time(w->now - (PROGRAM_DAYS + 3) * 86400, created);
	for (i = 0; i < N_PROGRAMS; i++) {
		const struct program *p = &programs[i];
		char province[4] = "\\N";

		if (p->province > 0)
			snprintf(province, sizeof(province), "%02u", (unsigned)p->province % 100u);
		fprintf(w->prog, "%llu\t%s\t%u\t%s\t%s\t%s\t%s\tnational-data\t%s\n",
		    w->first_program + i, p->name, p->amount, start, end, province,
		    p->categories, created);
	}
	return 0;
}

/* ------------------------------------------------------- who fits */

static int code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kd_home *)a)->code, ((const struct kd_home *)b)->code);
}

/* The province (2-digit code as a number) of a commune; 0 unknown. */
static int province_of(const struct welfare *w, const char *commune)
{
	struct kd_home key = { .province = 0 };
	const struct kd_home *h;

	snprintf(key.code, sizeof(key.code), "%s", commune);
	h = bsearch(&key, w->by_code, w->n_homes, sizeof(*w->by_code), code_cmp);
	return h != NULL ? h->province : 0;
}

/* The program of kind k for a citizen of province, or -1: none there. */
static int program_for(const struct kind *k, int province)
{
	size_t i;

	if (k->program != OWN_PROVINCE)
		return k->program;
	for (i = 0; i < N_PROGRAMS; i++)
		if (programs[i].province == province)
			return (int)i;
	return -1;
}

static int fits(const struct kind *k, const struct ng_citizen *c)
{
	int age = YEAR - atoi(c->dob);

	return age >= k->min_age && age <= k->max_age;
}

static unsigned amount_of(struct welfare *w, const struct kind *k, int program)
{
	size_t n = 0;

	while (n < sizeof(k->amount) / sizeof(k->amount[0]) && k->amount[n] != 0)
		n++;
	return n > 0 ? k->amount[kd_rng_below(&w->r, n)] : programs[program].amount;
}

/* ------------------------------------------------ a beneficiary */

/* Registered at the n-th quantile of the period; paid one to three
 * days later at an hour of the rhythm, before now.  paid_on, the day
 * the money was handed over, is a day before the record now and then. */
static void payment(struct welfare *w, const struct ng_citizen *c, int program,
    unsigned amount, int64_t registered)
{
	int64_t reg_day = (registered - w->clock.midnight) / 86400;
	int64_t paid = ng_clock_on_day(&w->clock, &w->r, reg_day + 1 +
	    (int64_t)kd_rng_below(&w->r, 3));
	int day_before = ng_bernoulli(&w->r, 200);
	/* Drawn whether needed or not: a run at another moment draws the
	 * same beneficiaries and amounts. */
	int64_t late = 1 + (int64_t)kd_rng_below(&w->r, 600);
	char paid_at[20], paid_on[11];

	if (paid >= w->now)
		paid = w->now - late;
	if ((paid - w->clock.midnight) / 86400 - 1 <= reg_day)
		day_before = 0;         /* not before the registration's day */
	ng_fmt_time(paid, paid_at);
	fmt_day(paid - day_before * 86400, paid_on);
	fprintf(w->pay, "%llu\t%llu\t%s\t%llu\t%s\t%u\t%s\tca-%s\t%s.%03u\tnational-%llu\n",
	    w->payment_id, w->first_program + (unsigned)program, c->id, w->benef_id,
	    c->commune, amount, paid_on, c->commune, paid_at,
	    (unsigned)kd_rng_below(&w->r, 1000), w->payment_id);
	w->amount_sum += amount;
	w->payment_id++;
}

/* A kind drawn by share; the citizen is registered when they fit it. */
static void beneficiary(struct welfare *w, const struct ng_citizen *c)
{
	const struct kind *k = &kinds[kd_rng_pick(&w->r, w->kind_cum, N_KINDS)];
	int program = program_for(k, province_of(w, c->commune));
	int homeless = strcmp(k->category, "homeless") == 0;
	unsigned amount;
	int64_t registered;
	char reg_at[20];

	if (program < 0 || !fits(k, c))
		return;
	amount = amount_of(w, k, program);
	registered = ng_clock_nth(&w->clock, &w->r, w->n_benef, w->n_expected);
	ng_fmt_time(registered, reg_at);
	fprintf(w->benef, "%llu\t%llu\t%s\t%s\t%s\t%s\t%s\t%s\tca-%s\t%s.%03u\n",
	    w->benef_id, w->first_program + (unsigned)program, c->id, c->name, c->commune,
	    homeless ? "homeless" : "perm", k->category,
	    homeless ? PICK(&w->r, homeless_places) : "", c->commune, reg_at,
	    (unsigned)kd_rng_below(&w->r, 1000));
	payment(w, c, program, amount, registered);
	w->benef_id++;
	w->n_benef++;
}

/* -------------------------------------------------------------- run */

static int welfare_setup(struct welfare *w, const struct ng_opts *o,
    const struct kd_homes *homes)
{
	size_t i;

	kd_rng_seed(&w->r, o->seed ^ 0x77656c66ULL);
	w->now = ng_now_vn();
	for (i = 0; i < N_KINDS; i++)
		w->kind_cum[i] = (i ? w->kind_cum[i - 1] : 0) + kinds[i].share;
	w->by_code = malloc(homes->n * sizeof(*w->by_code));
	if (w->by_code == NULL)
		return -1;
	memcpy(w->by_code, homes->home, homes->n * sizeof(*w->by_code));
	w->n_homes = homes->n;
	qsort(w->by_code, w->n_homes, sizeof(*w->by_code), code_cmp);
	w->first_program = o->first_program;
	w->benef_id = o->first_beneficiary;
	w->payment_id = o->first_payment;
	w->n_expected = o->beneficiaries;
	return ng_clock_setup(&w->clock, w->now - (30 - REGISTERED_DAYS) * 86400,
	    REGISTERED_DAYS);
}

int ng_run_welfare(const struct ng_opts *o, const struct kd_homes *homes)
{
	static struct welfare w;
	struct ng_lines in = { 0 };
	struct ng_citizen c;
	size_t i;
	int rc = 0;

	if (o->out == NULL || o->beneficiaries == 0)
		ng_usage();
	if (welfare_setup(&w, o, homes) != 0) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	if (ng_sample_read(&in, o->seed) != 0)
		return -1;
	w.prog = ng_open_out(o->out, "welfare_programs.tsv");
	w.benef = ng_open_out(o->out, "welfare_beneficiaries.tsv");
	w.pay = ng_open_out(o->out, "welfare_payments.tsv");
	rc = w.prog == NULL || w.benef == NULL || w.pay == NULL ? -1 : write_programs(&w);
	for (i = 0; rc == 0 && i < in.n && w.n_benef < o->beneficiaries; i++) {
		rc = ng_sample_citizen(&in, i, &c);
		if (rc == 0)
			beneficiary(&w, &c);
	}
	if (ng_close_out(w.prog) != 0 || ng_close_out(w.benef) != 0 || ng_close_out(w.pay) != 0)
		rc = -1;
	if (rc == 0 && w.n_benef < o->beneficiaries)
		fprintf(stderr, PROG ": only %llu beneficiaries fitted among %zu citizens\n",
		    w.n_benef, in.n);
	fprintf(stderr, PROG ": %zu programs, %llu beneficiaries paid once, %llu VND\n",
	    N_PROGRAMS, w.n_benef, w.amount_sum);
	ng_clock_free(&w.clock);
	ng_lines_free(&in);
	free(w.by_code);
	return rc;
}
