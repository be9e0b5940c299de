/*
 * kd-registry-gen - a synthetic population registry for demos and benchmarks.
 *
 *   kd-registry-gen N [--seed S] [--data DIR]
 *
 * Writes to stdout the CSV that kd-registry-import reads
 * (id_number,full_name,dob,gender,perm_commune) with N invented citizens:
 *
 *  - name: surname + middle + given, each drawn by weight from
 *    DIR/vn_names.csv; middle and given names of the citizen's gender
 *    (M or U for men, F or U for women);
 *  - gender 50/50; birth date from an age pyramid of Vietnam (1930-2021);
 *  - perm_commune: a commune of DIR/admin_units.csv or one of the island
 *    districts that have no communes, drawn by the population of its
 *    province (DIR/province_population.csv; lib/synth.h);
 *  - id_number: a CCCD whose province digits are those of perm_commune,
 *    whose century/gender and year digits agree with dob and gender, and
 *    whose serial is unique in its (province, century/gender, year)
 *    bucket, so the output never repeats an id.
 *
 * The same N, seed and data give the same bytes on any machine: the PRNG
 * is our own (lib/synth.h), never rand().  Nothing but the CSV goes to
 * stdout; errors go to stderr (exit 1, or 2 for bad usage).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "synth.h"
#include "valid.h"

#define LINE_MAX_BYTES 1024
#define MAX_FIELDS 8
#define MAX_N 1000000000ULL
#define OUT_BUF (1u << 20)
#define ROW_MAX 256             /* a row is at most ~12+100+10+1+5+5 bytes */
#define N_PROVINCES 100         /* indexed by the 2-digit code */
#define SERIALS 1000000u

/* ----------------------------------------------------- weighted lists */

/* Values with cumulative weights; a draw is a binary search.  Built in
 * two steps: pool_add() collects, pool_finish() fixes the weights. */
struct pool {
	char **value;
	uint64_t *cum;          /* the raw weight until pool_finish() */
	unsigned char *marked;  /* value of one gender (M or F), not U */
	size_t n, cap;
};

static int pool_grow(struct pool *p)
{
	size_t cap = p->cap ? p->cap * 2 : 256;
	char **v = realloc(p->value, cap * sizeof(*v));
	uint64_t *c;
	unsigned char *m;

	if (v == NULL)
		return -1;
	p->value = v;
	c = realloc(p->cum, cap * sizeof(*c));
	if (c == NULL)
		return -1;
	p->cum = c;
	m = realloc(p->marked, cap);
	if (m == NULL)
		return -1;
	p->marked = m;
	p->cap = cap;
	return 0;
}

static int pool_add(struct pool *p, const char *value, uint64_t weight,
    int marked)
{
	if (p->n == p->cap && pool_grow(p) != 0)
		return -1;
	p->value[p->n] = strdup(value);
	if (p->value[p->n] == NULL)
		return -1;
	p->cum[p->n] = weight;
	p->marked[p->n] = (unsigned char)marked;
	p->n++;
	return 0;
}

/*
 * The name sample is 85% men, and its "U" (ambiguous) names are mostly
 * men's names (Quân, Sang ...): drawn by raw weight, women would mostly
 * get them.  So in each gendered pool the gender-marked values get 2/3 of
 * the weight and the U values 1/3, about the share men's names have in
 * the sample anyway.  Weights stay integers: marked w * 2U, unmarked w * M
 * (U, M = the pool's totals of unmarked and marked weight).
 */
static int pool_finish(struct pool *p)
{
	uint64_t tot[2] = { 0, 0 }, sum = 0;
	size_t i;

	for (i = 0; i < p->n; i++) {
		tot[p->marked[i]] += p->cum[i];
		/* Below 2^31 each, the scaled total 3 * U * M fits 64 bits. */
		if (tot[p->marked[i]] >= (1ULL << 31))
			return -1;
	}
	for (i = 0; i < p->n; i++) {
		uint64_t w = p->cum[i];

		if (tot[0] > 0 && tot[1] > 0)
			w *= p->marked[i] ? 2 * tot[0] : tot[1];
		sum += w;
		p->cum[i] = sum;
	}
	return 0;
}

static const char *pool_draw(const struct pool *p, struct kd_rng *r)
{
	return p->value[kd_rng_pick(r, p->cum, p->n)];
}

static void pool_free(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->value[i]);
	free(p->value);
	free(p->cum);
	free(p->marked);
}

/* --------------------------------------------------------- CSV lines */

static FILE *open_data(const char *dir, const char *name, const char *header)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		fprintf(stderr, "kd-registry-gen: data path too long\n");
		return NULL;
	}
	return kd_csv_open(path, header, "kd-registry-gen");
}

/* ---------------------------------------------------------- names */

enum { SURNAME, MIDDLE_M, MIDDLE_F, GIVEN_M, GIVEN_F, N_POOLS };

/* A name part must be able to stand inside a valid full name. */
static int name_part_ok(const char *value)
{
	char probe[LINE_MAX_BYTES + 8];

	if (snprintf(probe, sizeof(probe), "Ab %s", value) >= (int)sizeof(probe))
		return 0;
	return kd_valid_person_name(probe);
}

static int add_name(struct pool *pools, const char *part, const char *value,
    const char *gender, uint64_t weight)
{
	int u = strcmp(gender, "U") == 0;
	int m = u || strcmp(gender, "M") == 0;
	int f = u || strcmp(gender, "F") == 0;
	int first = strcmp(part, "given") == 0 ? GIVEN_M : MIDDLE_M;

	if (strcmp(part, "surname") == 0)
		return pool_add(&pools[SURNAME], value, weight, 0);
	if ((strcmp(part, "middle") != 0 && strcmp(part, "given") != 0) ||
	    (!m && !f))
		return 1;   /* unknown part or gender: counted as skipped */
	if (m && pool_add(&pools[first], value, weight, !u) != 0)
		return -1;
	if (f && pool_add(&pools[first + 1], value, weight, !u) != 0)
		return -1;
	return 0;
}

static int load_names(const char *dir, struct pool *pools)
{
	char line[LINE_MAX_BYTES], *f[MAX_FIELDS];
	unsigned long skipped = 0;
	FILE *fp = open_data(dir, "vn_names.csv", "part,value,gender,weight");
	int rc, i;

	if (fp == NULL)
		return -1;
	while ((rc = kd_csv_read_line(fp, line, sizeof(line))) == 1) {
		unsigned long long w;

		if (kd_csv_split(line, f, MAX_FIELDS) != 4 || !name_part_ok(f[1])) {
			skipped++;
			continue;
		}
		if (!kd_valid_uint(f[3], UINT32_MAX, &w) || w == 0) {
			skipped++;
			continue;
		}
		rc = add_name(pools, f[0], f[1], f[2], w);
		if (rc < 0) {
			fprintf(stderr, "kd-registry-gen: out of memory\n");
			(void)fclose(fp);      /* read-only: nothing to lose */
			return -1;
		}
		skipped += rc > 0;
	}
	(void)fclose(fp);      /* read-only: nothing to lose */
	if (rc < 0) {
		fprintf(stderr, "kd-registry-gen: vn_names.csv: line too long\n");
		return -1;
	}
	if (skipped > 0)
		fprintf(stderr, "kd-registry-gen: vn_names.csv: %lu rows skipped\n",
		    skipped);
	for (i = 0; i < N_POOLS; i++) {
		if (pools[i].n == 0) {
			fprintf(stderr, "kd-registry-gen: vn_names.csv lacks a part\n");
			return -1;
		}
		if (pool_finish(&pools[i]) != 0) {
			fprintf(stderr, "kd-registry-gen: vn_names.csv: weights too large\n");
			return -1;
		}
	}
	return 0;
}

/* ----------------------------------------------------- birth dates */

#define YEAR_FIRST 1930
#define YEAR_LAST 2021
#define N_YEARS (YEAR_LAST - YEAR_FIRST + 1)

/*
 * Share of the population (per mille) in each 5-year age group in 2021,
 * rounded from the 2019 census of Vietnam (GSO, "Kết quả toàn bộ Tổng
 * điều tra dân số và nhà ở năm 2019"): the "0-4" group first, the last
 * group being 85-91 (born 1930-1936).  Plausible, not exact.
 */
static const unsigned age_group_permille[] = {
	80, 85, 76, 68, 72, 82, 83, 78, 73, 68, 61, 54, 44, 32, 20, 13, 9, 8,
};

static void build_year_table(uint64_t cum[N_YEARS])
{
	const size_t ngroups = sizeof(age_group_permille) / sizeof(age_group_permille[0]);
	uint64_t total = 0;
	int year;

	for (year = YEAR_FIRST; year <= YEAR_LAST; year++) {
		size_t age = (size_t)(YEAR_LAST - year);
		size_t g = age / 5 < ngroups ? age / 5 : ngroups - 1;
		/* The last group spans 7 years (85-91), the others 5. */
		uint64_t span = g == ngroups - 1 ? N_YEARS - 5 * g : 5;

		/* Per year, in thousandths of a per mille. */
		total += age_group_permille[g] * 1000 / span;
		cum[year - YEAR_FIRST] = total;
	}
}

static int draw_year(const uint64_t cum[N_YEARS], struct kd_rng *r)
{
	return YEAR_FIRST + (int)kd_rng_pick(r, cum, N_YEARS);
}

static void draw_day(int year, struct kd_rng *r, int *month, int *day)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	int doy = (int)kd_rng_below(r, 365 + (uint64_t)leap), m = 0;

	for (;;) {
		int len = mdays[m] + (m == 1 && leap);

		if (doy < len)
			break;
		doy -= len;
		m++;
	}
	*month = m + 1;
	*day = doy + 1;
}

/* ------------------------------------------------------ identity */

/* Serial counters per (province, century/gender digit, year % 100). */
struct serials {
	uint32_t next[N_PROVINCES][10][100];
	uint32_t offset_seed;
};

/*
 * The k-th person of a bucket gets serial (k * 387419 + offset) mod 10^6:
 * 387419 is prime to 10^6, so this is a permutation of the serials and
 * ids stay unique while not looking like a counter.
 */
static int next_serial(struct serials *sr, int prov, int cg, int yy,
    uint32_t *serial)
{
	uint32_t k = sr->next[prov][cg][yy];
	uint64_t h = (uint64_t)sr->offset_seed ^ ((uint64_t)prov << 16 |
	    (uint64_t)cg << 8 | (uint64_t)yy);

	if (k >= SERIALS)
		return -1;
	sr->next[prov][cg][yy] = k + 1;
	*serial = (uint32_t)(((uint64_t)k * 387419u + kd_splitmix64(&h) % SERIALS) %
	    SERIALS);
	return 0;
}

/* ------------------------------------------------------------ output */

struct out {
	char buf[OUT_BUF];
	size_t len;
};

static int out_flush(struct out *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, stdout) != o->len) {
		fprintf(stderr, "kd-registry-gen: write: %s\n", strerror(errno));
		return -1;
	}
	o->len = 0;
	return 0;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *put_digits(char *p, uint32_t v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

struct gen {
	struct kd_rng rng;
	struct pool pools[N_POOLS];
	struct kd_homes homes;
	uint64_t year_cum[N_YEARS];
	struct serials *serials;
	struct out *out;
};

/* Appends one citizen to the output buffer. */
static int gen_row(struct gen *g)
{
	int female = (int)kd_rng_below(&g->rng, 2);
	const struct kd_home *home = kd_homes_draw(&g->homes, &g->rng);
	int year = draw_year(g->year_cum, &g->rng), month, day;
	int cg = (year >= 2000 ? 2 : 0) + female;   /* 1930..2021 only */
	uint32_t serial;
	char *p;

	draw_day(year, &g->rng, &month, &day);
	if (next_serial(g->serials, home->province, cg, year % 100, &serial) != 0) {
		fprintf(stderr, "kd-registry-gen: more than %u people in one "
		    "(province, year, gender): N too large\n", SERIALS);
		return -1;
	}
	if (OUT_BUF - g->out->len < ROW_MAX && out_flush(g->out) != 0)
		return -1;
	p = g->out->buf + g->out->len;
	*p++ = '0';
	p = put_digits(p, (uint32_t)home->province, 2);
	p = put_digits(p, (uint32_t)cg, 1);
	p = put_digits(p, (uint32_t)(year % 100), 2);
	p = put_digits(p, serial, 6);
	*p++ = ',';
	p = put_str(p, pool_draw(&g->pools[SURNAME], &g->rng));
	*p++ = ' ';
	p = put_str(p, pool_draw(&g->pools[female ? MIDDLE_F : MIDDLE_M], &g->rng));
	*p++ = ' ';
	p = put_str(p, pool_draw(&g->pools[female ? GIVEN_F : GIVEN_M], &g->rng));
	*p++ = ',';
	p = put_digits(p, (uint32_t)year, 4);
	*p++ = '-';
	p = put_digits(p, (uint32_t)month, 2);
	*p++ = '-';
	p = put_digits(p, (uint32_t)day, 2);
	*p++ = ',';
	*p++ = female ? 'F' : 'M';
	*p++ = ',';
	p = put_str(p, home->code);
	*p++ = '\n';
	g->out->len = (size_t)(p - g->out->buf);
	return 0;
}

/* Longest possible row must fit ROW_MAX and the name 100 bytes. */
static int check_lengths(const struct pool *pools)
{
	size_t maxlen[N_POOLS] = { 0 };
	size_t i, j;

	for (i = 0; i < N_POOLS; i++)
		for (j = 0; j < pools[i].n; j++)
			if (strlen(pools[i].value[j]) > maxlen[i])
				maxlen[i] = strlen(pools[i].value[j]);
	for (i = MIDDLE_M; i <= MIDDLE_F; i++)
		for (j = GIVEN_M; j <= GIVEN_F; j++)
			if (maxlen[SURNAME] + maxlen[i] + maxlen[j] + 2 > 100) {
				fprintf(stderr, "kd-registry-gen: vn_names.csv: "
				    "names could exceed 100 bytes\n");
				return -1;
			}
	return 0;
}

/* ------------------------------------------------------------ main */

static void usage(void)
{
	fprintf(stderr, "usage: kd-registry-gen N [--seed S] [--data DIR]\n");
	exit(2);
}

static void gen_free(struct gen *g)
{
	int i;

	for (i = 0; i < N_POOLS; i++)
		pool_free(&g->pools[i]);
	kd_homes_free(&g->homes);
	free(g->serials);
	free(g->out);
}

int main(int argc, char **argv)
{
	unsigned long long n = 0, seed = 1, i;
	const char *dir = "data";
	struct gen g;
	int have_n = 0, a, rc = 1;

	memset(&g, 0, sizeof(g));
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--seed") == 0 && a + 1 < argc) {
			if (!kd_valid_uint(argv[++a], UINT64_MAX, &seed))
				usage();
		} else if (strcmp(argv[a], "--data") == 0 && a + 1 < argc) {
			dir = argv[++a];
		} else if (!have_n && kd_valid_uint(argv[a], MAX_N, &n)) {
			have_n = 1;
		} else {
			usage();
		}
	}
	if (!have_n)
		usage();

	g.serials = calloc(1, sizeof(*g.serials));
	g.out = malloc(sizeof(*g.out));
	if (g.serials == NULL || g.out == NULL) {
		fprintf(stderr, "kd-registry-gen: out of memory\n");
		goto done;
	}
	g.out->len = 0;
	if (load_names(dir, g.pools) != 0 || check_lengths(g.pools) != 0 ||
	    kd_homes_load(dir, &g.homes, "kd-registry-gen") != 0)
		goto done;
	build_year_table(g.year_cum);
	kd_rng_seed(&g.rng, seed);
	g.serials->offset_seed = (uint32_t)kd_rng_next(&g.rng);

	memcpy(g.out->buf, "id_number,full_name,dob,gender,perm_commune\n", 44);
	g.out->len = 44;
	for (i = 0; i < n; i++)
		if (gen_row(&g) != 0)
			goto done;
	if (out_flush(g.out) != 0 || fflush(stdout) != 0)
		goto done;
	rc = 0;
done:
	gen_free(&g);
	return rc;
}
