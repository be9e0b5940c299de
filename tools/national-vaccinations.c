/*
 * national-vaccinations.c - kd-national-gen vaccinations: the doses of
 * 2021 for the whole registry (schema/009; docs/REPORT.md "Vaccinations";
 * docs/NATIONAL.md).
 *
 *   kd-national-gen vaccinations --out DIR [--seed S] < citizens.tsv > doses.tsv
 *
 * stdin: TSV id_number, dob of every citizen in id order (the registry's
 * primary key order), streamed.  Each citizen's doses follow their age in
 * 2021: none under 12 (not offered that year); aged 12-17, none, one or
 * two of Pfizer's from 27 October; adults none (7%), one (9%), two (66%)
 * or three (18%) from 8 March, the first doses weighted by month as the
 * campaign went (most from August to October), the second after the
 * vaccine's interval (3-12 weeks) and a booster from 1 November at least
 * three months after.  About 1.5 doses per citizen, a quarter none.
 * Every date is in 2021, as kd-vaccination-import accepts; the place is
 * left empty (the import's file may omit it; nothing reads it).
 *
 * Writes the doses to stdout (id_number, dose, given_on, vaccine, place),
 * in primary key order (citizen, dose; a citizen's doses in date order),
 * and DIR/vaccination_people.tsv (id_number, doses, first_on, second_on),
 * the rows the triggers of schema/009 would have made from those doses.
 * stdout may be a named pipe that LOAD DATA reads as it comes (opened by
 * the shell, so that a generator failing early still closes it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "national-gen.h"
#include "valid.h"

#define YEAR_DAYS 365           /* of 2021; day 0 is 1 January */
#define CAMPAIGN_START 66       /* 8 March: the first doses in Vietnam */
#define TEENS_START 299         /* 27 October: 12-17 year olds */
#define BOOSTER_START 304       /* 1 November */
#define BOOSTER_GAP 90          /* days after the second dose */
#define LAST_DAY (YEAR_DAYS - 1)
#define MAX_DOSES 3
#define LINE_MAX_BYTES 256

enum { AZ, VERO, PFIZER, MODERNA, ABDALA, SPUTNIK, N_VACCINES };

/* As the certificates name them; shares of the primary doses and of the
 * boosters in 2021 (in percent), days from the first dose to the second. */
static const struct vaccine {
	const char *name;
	unsigned share, booster_share;
	unsigned gap_min, gap_max;
} vaccines[N_VACCINES] = {
	[AZ] = { "AstraZeneca", 30, 10, 56, 84 },
	[VERO] = { "Vero Cell (Sinopharm)", 30, 0, 21, 28 },
	[PFIZER] = { "Comirnaty (Pfizer-BioNTech)", 28, 60, 21, 28 },
	[MODERNA] = { "Spikevax (Moderna)", 8, 30, 28, 35 },
	[ABDALA] = { "Abdala", 3, 0, 14, 21 },
	[SPUTNIK] = { "Sputnik V", 1, 0, 21, 28 },
};

/* Who got how many doses, by year of birth (the first plan whose
 * born_from the citizen's year reaches). */
static const struct plan {
	int born_from;
	unsigned per_mille[MAX_DOSES + 1];      /* none, one, two, three */
	int first_day;                          /* the earliest first dose */
	int vaccine;                            /* -1: drawn by share */
} plans[] = {
	{ 2010, { 1000, 0, 0, 0 }, 0, -1 },     /* under 12 */
	{ 2004, { 200, 400, 400, 0 }, TEENS_START, PFIZER },
	{ 0, { 70, 90, 660, 180 }, CAMPAIGN_START, -1 },
};

/* First doses per month of 2021, relative. */
static const unsigned month_weight[12] = { 0, 0, 1, 1, 2, 4, 10, 20, 25, 20, 12, 5 };
static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

struct vacc {
	struct kd_rng r;
	uint64_t day_cum[YEAR_DAYS];            /* first doses by day */
	uint64_t share_cum[N_VACCINES], booster_cum[N_VACCINES];
	char date[YEAR_DAYS][11];
	FILE *doses, *people;
	unsigned long long citizens, n_doses, with[MAX_DOSES + 1];
};

static void vacc_setup(struct vacc *v, uint64_t seed)
{
	int m, d, day = 0;
	size_t i;

	kd_rng_seed(&v->r, seed ^ 0x76616363ULL);
	for (m = 0; m < 12; m++) {
		for (d = 1; d <= month_days[m]; d++, day++) {
			v->day_cum[day] = (day ? v->day_cum[day - 1] : 0) +
			    month_weight[m] * 1000u / (unsigned)month_days[m];
			snprintf(v->date[day], sizeof(v->date[day]), "2021-%02u-%02u",
			    (unsigned)(m + 1) % 100u, (unsigned)d % 100u);
		}
	}
	for (i = 0; i < N_VACCINES; i++) {
		v->share_cum[i] = (i ? v->share_cum[i - 1] : 0) + vaccines[i].share;
		v->booster_cum[i] = (i ? v->booster_cum[i - 1] : 0) + vaccines[i].booster_share;
	}
}

/* A day in [lo, hi] by the campaign's weights. */
static int draw_day(struct vacc *v, int lo, int hi)
{
	uint64_t base = lo > 0 ? v->day_cum[lo - 1] : 0, x;

	if (v->day_cum[hi] <= base)
		return lo + (int)kd_rng_below(&v->r, (uint64_t)(hi - lo + 1));
	x = base + kd_rng_below(&v->r, v->day_cum[hi] - base);
	while (lo < hi) {               /* the first day whose sum passes x */
		int mid = lo + (hi - lo) / 2;

		if (v->day_cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static const struct plan *plan_of(const char *dob)
{
	int year = atoi(dob);
	size_t i = 0;

	while (year < plans[i].born_from)
		i++;
	return &plans[i];
}

/* The days of n doses: the first as the campaign went, late enough
 * for the later ones to fall in the year too. */
static void dose_days(struct vacc *v, const struct plan *p, int n, unsigned gap,
    int day[MAX_DOSES])
{
	int latest = n == 1 ? LAST_DAY : n == 2 ? LAST_DAY - (int)gap :
	    LAST_DAY - BOOSTER_GAP - (int)gap;
	int booster_from;

	day[0] = draw_day(v, p->first_day, latest);
	if (n < 2)
		return;
	day[1] = day[0] + (int)gap;
	if (n < 3)
		return;
	booster_from = day[1] + BOOSTER_GAP > BOOSTER_START ? day[1] + BOOSTER_GAP : BOOSTER_START;
	day[2] = booster_from + (int)kd_rng_below(&v->r, (uint64_t)(LAST_DAY - booster_from + 1));
}

static void citizen(struct vacc *v, const char *id, const char *dob)
{
	const struct plan *p = plan_of(dob);
	uint64_t x = kd_rng_below(&v->r, 1000);
	int n = 0, day[MAX_DOSES], k;
	const struct vaccine *vx;
	unsigned gap;

	while (n < MAX_DOSES && x >= p->per_mille[n])
		x -= p->per_mille[n++];
	v->with[n]++;
	v->citizens++;
	if (n == 0)
		return;
	vx = &vaccines[p->vaccine >= 0 ? (size_t)p->vaccine :
	    kd_rng_pick(&v->r, v->share_cum, N_VACCINES)];
	gap = vx->gap_min + (unsigned)kd_rng_below(&v->r, vx->gap_max - vx->gap_min + 1);
	dose_days(v, p, n, gap, day);
	for (k = 0; k < n; k++)
		fprintf(v->doses, "%s\t%d\t%s\t%s\t\\N\n", id, k + 1, v->date[day[k]],
		    k < 2 ? vx->name :
		    vaccines[kd_rng_pick(&v->r, v->booster_cum, N_VACCINES)].name);
	fprintf(v->people, "%s\t%d\t%s\t%s\n", id, n, v->date[day[0]],
	    n > 1 ? v->date[day[1]] : "\\N");
	v->n_doses += (unsigned)n;
}

/* "id_number\tdob" split in place; 0, or -1 for a line that is not. */
static int parse(char *line, char **id, char **dob)
{
	char *tab = strchr(line, '\t');

	line[strcspn(line, "\r\n")] = '\0';
	if (tab == NULL)
		return -1;
	*tab = '\0';
	*id = line;
	*dob = tab + 1;
	return kd_valid_id_number(*id) && strlen(*dob) == 10 ? 0 : -1;
}

static int read_citizens(struct vacc *v, FILE *in)
{
	char line[LINE_MAX_BYTES], *id, *dob;
	unsigned long long n = 0;

	while (fgets(line, sizeof(line), in) != NULL) {
		n++;
		if (parse(line, &id, &dob) != 0) {
			fprintf(stderr, PROG ": stdin: line %llu is not id_number, dob\n", n);
			return -1;
		}
		citizen(v, id, dob);
		if (n % 10000000 == 0)
			fprintf(stderr, "\xe2\x80\xa6 %llu citizens\n", n);
	}
	return ferror(in) ? -1 : 0;
}

int ng_run_vaccinations(const struct ng_opts *o, const struct kd_homes *homes)
{
	static struct vacc v;
	int rc, k;

	(void)homes;
	if (o->out == NULL)
		ng_usage();
	vacc_setup(&v, o->seed);
	v.doses = stdout;
	(void)setvbuf(stdout, NULL, _IOFBF, 1u << 20);      /* only speed */
	v.people = ng_open_out(o->out, "vaccination_people.tsv");
	rc = v.people != NULL ? read_citizens(&v, stdin) : -1;
	if (fflush(stdout) != 0 || ferror(stdout) || ng_close_out(v.people) != 0)
		rc = -1;
	fprintf(stderr, PROG ": %llu citizens, %llu doses (%.2f each):", v.citizens,
	    v.n_doses, v.citizens ? (double)v.n_doses / (double)v.citizens : 0.0);
	for (k = 0; k <= MAX_DOSES; k++)
		fprintf(stderr, " %.1f%% %d", v.citizens ? 100.0 * (double)v.with[k] /
		    (double)v.citizens : 0.0, k);
	fprintf(stderr, "\n");
	return rc;
}
