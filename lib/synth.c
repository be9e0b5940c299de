/*
 * synth.c - dice and map of the invented population (synth.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "synth.h"
#include "valid.h"

#define LINE_MAX_BYTES 1024
#define MAX_FIELDS 8
#define N_PROVINCES 100         /* indexed by the 2-digit code */

/* ------------------------------------------------------------ PRNG */

uint64_t kd_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void kd_rng_seed(struct kd_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = kd_splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** (Blackman & Vigna, public domain algorithm). */
uint64_t kd_rng_next(struct kd_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire's multiply-shift; the bias (< n / 2^64) is far below anything
 * synthetic data could show. */
uint64_t kd_rng_below(struct kd_rng *r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)kd_rng_next(r) * n) >> 64);
}

size_t kd_rng_pick(struct kd_rng *r, const uint64_t *cum, size_t n)
{
	uint64_t x = kd_rng_below(r, cum[n - 1]);
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {               /* first index with cum > x */
		size_t mid = lo + (hi - lo) / 2;

		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ----------------------------------------------------------- units */

struct unit {
	char code[6];
	char parent[6];
	int has_children;
};

struct units {
	struct unit *u;
	size_t n;
};

static FILE *open_data(const char *dir, const char *name, const char *header,
    const char *prog)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		fprintf(stderr, "%s: data path too long\n", prog);
		return NULL;
	}
	return kd_csv_open(path, header, prog);
}

static int unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct unit *)a)->code, ((const struct unit *)b)->code);
}

static struct unit *unit_find(const struct units *us, const char *code)
{
	struct unit key = { 0 };

	if (strlen(code) >= sizeof(key.code))
		return NULL;
	strcpy(key.code, code);
	return bsearch(&key, us->u, us->n, sizeof(*us->u), unit_cmp);
}

static int read_units(const char *dir, struct units *us, const char *prog)
{
	char line[LINE_MAX_BYTES], *f[MAX_FIELDS];
	FILE *fp = open_data(dir, "admin_units.csv", "level,code,name,type,parent_code", prog);
	size_t cap = 0;
	int rc;

	if (fp == NULL)
		return -1;
	while ((rc = kd_csv_read_line(fp, line, sizeof(line))) == 1) {
		struct unit *u;

		if (kd_csv_split(line, f, MAX_FIELDS) != 5 || !kd_valid_unit_code(f[1]) ||
		    (*f[4] != '\0' && !kd_valid_unit_code(f[4]))) {
			rc = -1;
			break;
		}
		if (us->n == cap) {
			cap = cap ? cap * 2 : 16384;
			u = realloc(us->u, cap * sizeof(*u));
			if (u == NULL) {
				rc = -1;
				break;
			}
			us->u = u;
		}
		u = &us->u[us->n++];
		memset(u, 0, sizeof(*u));
		strcpy(u->code, f[1]);
		strcpy(u->parent, f[4]);
	}
	(void)fclose(fp);      /* read-only: nothing to lose */
	if (rc < 0 || us->n == 0) {
		fprintf(stderr, "%s: admin_units.csv: malformed\n", prog);
		return -1;
	}
	qsort(us->u, us->n, sizeof(*us->u), unit_cmp);
	return 0;
}

/* The province of a unit, by walking up parent_code (codes are not
 * hierarchical). */
static int unit_province(const struct units *us, const struct unit *u)
{
	int depth;

	for (depth = 0; depth < 3 && u != NULL; depth++) {
		if (strlen(u->code) == 2)
			return (u->code[0] - '0') * 10 + (u->code[1] - '0');
		u = unit_find(us, u->parent);
	}
	return -1;
}

/* Population by province code; 0 for a code the file lacks. */
static int read_population(const char *dir, uint64_t pop[N_PROVINCES],
    const char *prog)
{
	char line[LINE_MAX_BYTES], *f[MAX_FIELDS];
	FILE *fp = open_data(dir, "province_population.csv", "code,name,population", prog);
	int rc;

	if (fp == NULL)
		return -1;
	while ((rc = kd_csv_read_line(fp, line, sizeof(line))) == 1) {
		unsigned long long code, n;

		if (kd_csv_split(line, f, MAX_FIELDS) != 3 || strlen(f[0]) != 2 ||
		    !kd_valid_uint(f[0], N_PROVINCES - 1, &code) ||
		    !kd_valid_uint(f[2], 100000000, &n) || n == 0) {
			rc = -1;
			break;
		}
		pop[code] = n;
	}
	(void)fclose(fp);      /* read-only: nothing to lose */
	if (rc < 0) {
		fprintf(stderr, "%s: province_population.csv: malformed\n", prog);
		return -1;
	}
	return 0;
}

/* Homes of the units: communes, and districts without communes (the
 * island districts).  Each home's weight is its province's population
 * over the province's number of homes. */
static int place_homes(const struct units *us, const uint64_t pop[N_PROVINCES],
    struct kd_homes *h, const char *prog)
{
	size_t count[N_PROVINCES] = { 0 }, i;
	uint64_t sum = 0;

	for (i = 0; i < us->n; i++) {
		const struct unit *u = &us->u[i];
		size_t len = strlen(u->code);
		int p;

		if (len != 5 && (len != 3 || u->has_children))
			continue;
		p = unit_province(us, u);
		if (p < 0 || pop[p] == 0) {
			fprintf(stderr, "%s: unit %s has no province with a population\n",
			    prog, u->code);
			return -1;
		}
		strcpy(h->home[h->n].code, u->code);
		h->home[h->n++].province = p;
		count[p]++;
	}
	if (h->n == 0) {
		fprintf(stderr, "%s: admin_units.csv: no communes\n", prog);
		return -1;
	}
	for (i = 0; i < h->n; i++) {
		int p = h->home[i].province;

		/* Scaled so that rounding leaves every home a weight. */
		sum += pop[p] * 1024 / count[p];
		h->cum[i] = sum;
	}
	return 0;
}

int kd_homes_load(const char *dir, struct kd_homes *h, const char *prog)
{
	uint64_t pop[N_PROVINCES] = { 0 };
	struct units us = { NULL, 0 };
	size_t i;
	int rc = -1;

	memset(h, 0, sizeof(*h));
	if (read_units(dir, &us, prog) != 0 || read_population(dir, pop, prog) != 0)
		goto done;
	for (i = 0; i < us.n; i++) {
		struct unit *p = unit_find(&us, us.u[i].parent);

		if (p != NULL)
			p->has_children = 1;
	}
	h->home = malloc(us.n * sizeof(*h->home));
	h->cum = malloc(us.n * sizeof(*h->cum));
	if (h->home == NULL || h->cum == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		goto done;
	}
	rc = place_homes(&us, pop, h, prog);
done:
	free(us.u);
	if (rc != 0)
		kd_homes_free(h);
	return rc;
}

void kd_homes_free(struct kd_homes *h)
{
	free(h->home);
	free(h->cum);
	h->home = NULL;
	h->cum = NULL;
	h->n = 0;
}
