/*
 * national-gen.h - what the parts of kd-national-gen share (the tool's
 * files: national-gen.c, with places and activity; national-welfare.c;
 * national-vaccinations.c; docs/NATIONAL.md).
 */
#ifndef KD_NATIONAL_GEN_H
#define KD_NATIONAL_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "synth.h"

#define PROG "kd-national-gen"

/* The command line: the part, then --name value pairs. */
struct ng_opts {
	const char *part, *data, *out;
	unsigned long long seed, passages, f_cases, first_id, days, declarations;
	unsigned long long beneficiaries, first_program, first_beneficiary, first_payment;
};

/* Exits 2 after printing the usage. */
void ng_usage(void);

/* A citizen of the registry, as a TSV line of stdin gives it:
 * id_number, full_name, dob, gender, perm_commune. */
struct ng_citizen {
	char *id, *name, *dob, *gender, *commune;
};

/* A sample of citizens: the lines of stdin, whole, each a string. */
struct ng_lines {
	char *buf;
	size_t len, cap;
	size_t *start;
	size_t n;
};
/* Reads stdin and shuffles its lines by the seed (a sample in primary
 * key order, by province then birth year, spread over the country):
 * 0, or -1 said on stderr. */
int ng_sample_read(struct ng_lines *l, uint64_t seed);
/* The i-th line split in place: 0, or -1 said on stderr. */
int ng_sample_citizen(const struct ng_lines *l, size_t i, struct ng_citizen *c);
void ng_lines_free(struct ng_lines *l);

/* DIR/NAME opened for writing with a large buffer (NULL: said on
 * stderr); closed, 0 when everything was written. */
FILE *ng_open_out(const char *dir, const char *name);
int ng_close_out(FILE *fp);

/* 1 with a chance of per_mille in a thousand. */
int ng_bernoulli(struct kd_rng *r, unsigned per_mille);
const char *ng_pick(struct kd_rng *r, const char *const *list, size_t n);
#define PICK(r, list) ng_pick(r, list, sizeof(list) / sizeof(list[0]))

/* A period of time with the day/night rhythm of people's activity. */
struct ng_clock {
	int64_t start, end;     /* seconds, +07:00 wall clock as if UTC */
	int64_t midnight;       /* of start's day */
	uint64_t hour_cum[24];
	uint64_t *period_cum;   /* each hour of the period, by the rhythm */
	size_t hours;
};
/* The days before end (0 ok, -1 out of memory); freed by ng_clock_free. */
int ng_clock_setup(struct ng_clock *c, int64_t end, unsigned long long days);
void ng_clock_free(struct ng_clock *c);
/* Now, +07:00, as the clock counts it. */
int64_t ng_now_vn(void);
/* A time on day `day` (from start's midnight), its hour by the rhythm. */
int64_t ng_clock_on_day(const struct ng_clock *c, struct kd_rng *r, int64_t day);
/* The time below which x / period_cum[hours - 1] of the activity falls. */
int64_t ng_clock_quantile(const struct ng_clock *c, uint64_t x);
/* The i-th of n events at the (i + u) / n quantile of the period, so
 * that ids grow with time as in the real tables. */
int64_t ng_clock_nth(const struct ng_clock *c, struct kd_rng *r,
    unsigned long long i, unsigned long long n);
/* "YYYY-MM-DD HH:MM:SS" */
void ng_fmt_time(int64_t t, char out[20]);

/* The parts of the other files: 0 done, -1 failed (said on stderr). */
int ng_run_welfare(const struct ng_opts *o, const struct kd_homes *homes);
int ng_run_vaccinations(const struct ng_opts *o, const struct kd_homes *homes);

#endif
