/*
 * kd-national-gen - the country's activity for the national data set
 * (scripts/national-data, docs/NATIONAL.md), as tab-separated files that
 * LOAD DATA reads (\N is NULL).
 *
 *   kd-national-gen places [--seed S] [--data DIR]  > places.tsv
 *   kd-national-gen activity --out DIR --passages P --f-cases F
 *                   [--first-id ID] [--days N] [--seed S] [--data DIR]
 *                   < citizens.tsv
 *   kd-national-gen welfare ...        (national-welfare.c)
 *   kd-national-gen vaccinations ...   (national-vaccinations.c)
 *
 * places: 6,616 checkpoints (place_id 1..6616) and 20,000 venues (6617..
 * 26616) in communes drawn by population.  Each place has a traffic
 * weight 1 / (rank + 1)^0.7 for a rank drawn at random, so that a few
 * places (the first of them named after highways) are very busy and most
 * are quiet.
 *
 * activity: one declaration each for D citizens drawn from those read on
 * stdin (TSV id_number, full_name, dob, gender, perm_commune; all read and
 * shuffled first, so stdin may be in any order and hold more than D
 * citizens), ids from --first-id on, made in
 * the last --days days (default 30) before now (+07:00), a tenth on paper;
 * about P passages in all, each during its declaration's 72 hours, at a
 * place drawn by traffic weight and an hour by the day/night rhythm; F
 * cases with their histories among about F of the declarants.  Writes
 * DIR/declarations.tsv, DIR/passages.tsv and DIR/f_status.tsv, whose
 * columns are those named by scripts/national-data's LOAD DATA.
 *
 * This file also holds what the parts share (national-gen.h): the
 * clock, the citizens of stdin, the output files.  The same input,
 * arguments and seed give the same files (at the same moment: times are
 * counted back from now).  Errors go to stderr (exit 1, or 2 for bad
 * usage).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "national-gen.h"
#include "synth.h"
#include "valid.h"

#define CHECKPOINTS 6616        /* SPEC: the real system's checkpoints */
#define VENUES 20000
#define N_PLACES (CHECKPOINTS + VENUES)
#define HIGHWAY_CHECKPOINTS 60  /* the busiest, named after highways */
#define ZIPF_S 0.7
#define OFFICERS_PER_PLACE 3    /* 16,921 accounts / 6,616 checkpoints */
#define VALID_S (72 * 3600)
#define OUT_BUF (1u << 20)

/* ---------------------------------------------------------- places */

struct place {
	char commune[6];
	int checkpoint;
};

struct places {
	struct place p[N_PLACES];       /* place_id - 1 */
	uint64_t cum[2][N_PLACES];      /* traffic: [0] checkpoints, [1] venues */
	size_t n[2];
	int rank[N_PLACES];
};

static const char *const highways[] = {
	"Quốc lộ 1A", "Quốc lộ 5", "Quốc lộ 6", "Quốc lộ 10", "Quốc lộ 14",
	"Quốc lộ 18", "Quốc lộ 20", "Quốc lộ 51", "Cao tốc Pháp Vân - Cầu Giẽ",
	"Cao tốc Trung Lương", "Cao tốc Hà Nội - Hải Phòng", "Đường Hồ Chí Minh",
};
static const char *const venue_kinds[] = {
	"Chợ", "Siêu thị", "Bệnh viện", "Trạm y tế", "Bến xe",
	"UBND - bộ phận một cửa", "Ngân hàng", "Cửa hàng tiện lợi",
};

/* Ranks are a random permutation within each kind; weights fall with
 * rank.  Everything comes from the seed, so that `activity` rebuilds the
 * same places as `places` wrote. */
static void places_make(struct places *pl, const struct kd_homes *homes,
    uint64_t seed)
{
	struct kd_rng r;
	size_t i;
	int kind;

	kd_rng_seed(&r, seed ^ 0x706c61636573ULL);
	for (i = 0; i < N_PLACES; i++) {
		strcpy(pl->p[i].commune, kd_homes_draw(homes, &r)->code);
		pl->p[i].checkpoint = i < CHECKPOINTS;
	}
	for (kind = 0; kind < 2; kind++) {
		size_t first = kind ? CHECKPOINTS : 0, n = kind ? VENUES : CHECKPOINTS;
		uint64_t sum = 0;

		for (i = 0; i < n; i++)
			pl->rank[first + i] = (int)i;
		for (i = n - 1; i > 0; i--) {       /* Fisher-Yates */
			size_t j = kd_rng_below(&r, i + 1);
			int t = pl->rank[first + i];

			pl->rank[first + i] = pl->rank[first + j];
			pl->rank[first + j] = t;
		}
		for (i = 0; i < n; i++) {
			sum += (uint64_t)(1e9 / pow(pl->rank[first + i] + 1.0, ZIPF_S));
			pl->cum[kind][i] = sum;
		}
		pl->n[kind] = n;
	}
}

static int write_places(const struct places *pl, FILE *out)
{
	size_t i;

	for (i = 0; i < N_PLACES; i++) {
		const struct place *p = &pl->p[i];
		int rank = pl->rank[i];

		if (p->checkpoint && rank < HIGHWAY_CHECKPOINTS)
			fprintf(out, "%zu\tcheckpoint\tChốt kiểm dịch %s, km %d\t%s\t%s\n",
			    i + 1, highways[rank % (sizeof(highways) / sizeof(highways[0]))],
			    10 + rank * 37 % 1700, p->commune, "Trên quốc lộ");
		else if (p->checkpoint)
			fprintf(out, "%zu\tcheckpoint\tChốt kiểm dịch số %zu\t%s\t\n",
			    i + 1, i + 1, p->commune);
		else
			fprintf(out, "%zu\tvenue\t%s số %zu\t%s\t\n", i + 1,
			    venue_kinds[rank % (sizeof(venue_kinds) / sizeof(venue_kinds[0]))],
			    i + 1 - CHECKPOINTS, p->commune);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* ------------------------------------------------------------ time */

int ng_bernoulli(struct kd_rng *r, unsigned per_mille)
{
	return kd_rng_below(r, 1000) < per_mille;
}

const char *ng_pick(struct kd_rng *r, const char *const *list, size_t n)
{
	return list[kd_rng_below(r, n)];
}

/* Weight of each hour of the day: quiet at night, two daytime peaks. */
static const uint64_t hour_weight[24] = {
	2, 1, 1, 1, 2, 4, 8, 12, 14, 13, 12, 10,
	8, 9, 11, 12, 12, 10, 7, 5, 4, 3, 3, 2,
};

int64_t ng_now_vn(void)
{
	return (int64_t)time(NULL) + 7 * 3600;
}

int ng_clock_setup(struct ng_clock *c, int64_t end, unsigned long long days)
{
	size_t h;

	c->end = end;
	c->start = end - (int64_t)days * 86400;
	c->midnight = c->start - c->start % 86400;
	for (h = 0; h < 24; h++)
		c->hour_cum[h] = (h ? c->hour_cum[h - 1] : 0) + hour_weight[h];
	/* From start's midnight to end's hour; the first and last hours
	 * weigh what is left of them. */
	c->hours = (size_t)((c->end - c->midnight) / 3600) + 1;
	c->period_cum = malloc(c->hours * sizeof(*c->period_cum));
	if (c->period_cum == NULL)
		return -1;
	for (h = 0; h < c->hours; h++) {
		int64_t from = c->midnight + (int64_t)h * 3600, to = from + 3600;
		int64_t part = (to < c->end ? to : c->end) - (from > c->start ? from : c->start);

		c->period_cum[h] = (h ? c->period_cum[h - 1] : 0) +
		    (part > 0 ? hour_weight[h % 24] * (uint64_t)part : 0);
	}
	return 0;
}

void ng_clock_free(struct ng_clock *c)
{
	free(c->period_cum);
	c->period_cum = NULL;
}

int64_t ng_clock_on_day(const struct ng_clock *c, struct kd_rng *r, int64_t day)
{
	return c->midnight + day * 86400 + (int64_t)kd_rng_pick(r, c->hour_cum, 24) * 3600 +
	    (int64_t)kd_rng_below(r, 3600);
}

int64_t ng_clock_quantile(const struct ng_clock *c, uint64_t x)
{
	size_t lo = 0, hi = c->hours - 1;
	uint64_t before, w;
	int64_t from, to;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->period_cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	before = lo ? c->period_cum[lo - 1] : 0;
	w = c->period_cum[lo] - before;
	/* The first and last hours count from start and up to end only. */
	from = c->midnight + (int64_t)lo * 3600;
	to = from + 3600 < c->end ? from + 3600 : c->end;
	if (from < c->start)
		from = c->start;
	return from + (int64_t)((x - before) * (uint64_t)(to - from) / (w ? w : 1));
}

int64_t ng_clock_nth(const struct ng_clock *c, struct kd_rng *r,
    unsigned long long i, unsigned long long n)
{
	uint64_t total = c->period_cum[c->hours - 1];
	int64_t t = ng_clock_quantile(c, (i * total + kd_rng_below(r, total)) / n);

	if (t < c->start)               /* in the first, partial hour */
		t = c->start;
	if (t >= c->end)                /* more events than expected */
		t = c->end - 1;
	return t;
}

void ng_fmt_time(int64_t t, char out[20])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		out[0] = '\0';         /* years 1000-9999 always fit */
}

/* --------------------------------------------------------- activity */

struct activity {
	struct kd_rng r;
	const struct kd_homes *homes;
	const struct places *pl;
	struct ng_clock clock;
	uint64_t passages_per_1000;     /* mean passages per declaration x 1000 */
	uint64_t f_per_million;         /* F cases per million declarations */
	FILE *decl, *pass, *fst;
	unsigned long long decl_id, n_expected, n_decl, n_pass, n_f, n_fst;
};

static const char *const streets[] = {
	"Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung",
	"Lý Thường Kiệt", "Hùng Vương", "Phan Bội Châu", "Nguyễn Huệ", "Lê Duẩn",
};

static void address(struct kd_rng *r, char *out, size_t size)
{
	if (ng_bernoulli(r, 500))
		snprintf(out, size, "Số %u đường %s", 1 + (unsigned)kd_rng_below(r, 300),
		    PICK(r, streets));
	else
		snprintf(out, size, "Thôn %u", 1 + (unsigned)kd_rng_below(r, 20));
}

static const char *const vehicles[] = {
	"motorbike", "motorbike", "motorbike", "car", "car", "bus", "truck",
	"bicycle", "walk", "other",
};

static int place_draw(struct activity *a, int checkpoint)
{
	int kind = !checkpoint;
	size_t i = kd_rng_pick(&a->r, a->pl->cum[kind], a->pl->n[kind]);

	return (int)i + (kind ? CHECKPOINTS : 0) + 1;
}

/* One passage at place_id at time t. */
static void passage(struct activity *a, const struct ng_citizen *c, int place_id,
    int64_t t, const char *officer_uid)
{
	char at[20];
	int checkpoint = a->pl->p[place_id - 1].checkpoint;

	ng_fmt_time(t, at);
	fprintf(a->pass, "%llu\t%s\t%d\t%s\t%s\t%s.%03u\n", a->decl_id, c->id,
	    place_id, checkpoint ? (ng_bernoulli(&a->r, 500) ? "in" : "out") : "visit",
	    officer_uid, at, (unsigned)kd_rng_below(&a->r, 1000));
	a->n_pass++;
}

static void officer(struct kd_rng *r, int place_id, char out[32])
{
	snprintf(out, 32, "officer-%d-%u", place_id,
	    1 + (unsigned)kd_rng_below(r, OFFICERS_PER_PLACE));
}

/* The declaration's passages after the first: each on one of its three
 * days, at an hour of the rhythm, inside its 72 hours and before now. */
static void passages(struct activity *a, const struct ng_citizen *c, int64_t made,
    unsigned count)
{
	int64_t day0 = (made - a->clock.start + a->clock.start % 86400) / 86400;
	unsigned k;

	for (k = 0; k < count; k++) {
		int tries;

		for (tries = 0; tries < 8; tries++) {
			int64_t t = ng_clock_on_day(&a->clock, &a->r,
			    day0 + (int64_t)kd_rng_below(&a->r, 4));
			int place_id;
			char uid[32];

			if (t <= made || t >= made + VALID_S || t >= a->clock.end)
				continue;
			place_id = place_draw(a, ng_bernoulli(&a->r, 600));
			officer(&a->r, place_id, uid);
			passage(a, c, place_id, t, uid);
			break;
		}
	}
}

/* ------------------------------------------------------------ F cases */

struct f_step {
	const char *status;
	unsigned min_days, max_days;    /* after the previous step */
};

/* Histories and how many cases in a hundred follow each. */
static const struct {
	unsigned percent;
	struct f_step step[4];
} f_histories[] = {
	{ 40, { { "F1", 0, 0 }, { "negative", 3, 7 } } },
	{ 15, { { "F1", 0, 0 }, { "F0", 2, 5 }, { "recovered", 10, 21 } } },
	{ 25, { { "F0", 0, 0 }, { "recovered", 10, 21 } } },
	{ 10, { { "F0", 0, 0 } } },
	{ 5, { { "F2", 0, 0 }, { "F1", 1, 3 }, { "negative", 3, 7 } } },
	{ 3, { { "F1", 0, 0 } } },
	{ 2, { { "F0", 0, 0 }, { "deceased", 5, 20 } } },
};

static void f_case(struct activity *a, const struct ng_citizen *c, int64_t t)
{
	unsigned x = (unsigned)kd_rng_below(&a->r, 100), h = 0, s;

	while (x >= f_histories[h].percent) {
		x -= f_histories[h].percent;
		h++;
	}
	for (s = 0; s < 4 && f_histories[h].step[s].status != NULL; s++) {
		const struct f_step *st = &f_histories[h].step[s];
		char at[20], died[20];
		int deceased = strcmp(st->status, "deceased") == 0;

		t += (int64_t)(st->min_days + kd_rng_below(&a->r,
		    st->max_days - st->min_days + 1)) * 86400 +
		    (int64_t)kd_rng_below(&a->r, 36000);
		if (t >= a->clock.end)
			break;
		ng_fmt_time(t, at);
		ng_fmt_time(t - (int64_t)kd_rng_below(&a->r, 6 * 3600), died);
		fprintf(a->fst, "%s\t%s\t%s\t%s\tca-%s\t%s.000\n", c->id, st->status,
		    s == 0 ? "Khai báo ban đầu" : "", deceased ? died : "\\N",
		    c->commune, at);
		a->n_fst++;
	}
	a->n_f++;
}

/* -------------------------------------------------------- declaration */

/* What the citizen typed against the registry: mostly the same, some a
 * typo in the birth date (mismatch), a few an ID number the registry
 * does not have. */
static const char *registry_flag(struct activity *a, struct ng_citizen *c,
    char *id, char *dob)
{
	unsigned x = (unsigned)kd_rng_below(&a->r, 1000);

	strcpy(id, c->id);
	strcpy(dob, c->dob);
	if (x < 965)
		return "matched";
	if (x < 990) {
		if (dob[8] == '3')      /* the 30th or 31st: the 20th or 21st */
			dob[8] = '2';
		else                    /* 01/02, 11/12, 21/22 swapped */
			dob[9] = dob[9] == '1' ? '2' : '1';
		return "mismatch";
	}
	if (strlen(id) == 12)
		snprintf(id + 6, 7, "%06u", (unsigned)kd_rng_below(&a->r, 1000000));
	return "not_found";
}

static void declaration(struct activity *a, struct ng_citizen *c)
{
	char id[13], dob[11], made_s[20], until_s[20], travel[11];
	char perm_addr[80], from_addr[80], to_addr[80], phone[16], uid[32];
	const char *flag = registry_flag(a, c, id, dob);
	int paper = ng_bernoulli(&a->r, 100);
	int64_t made = ng_clock_nth(&a->clock, &a->r, a->n_decl, a->n_expected);
	const char *to = kd_homes_draw(a->homes, &a->r)->code;
	const char *from = ng_bernoulli(&a->r, 700) ? c->commune :
	    kd_homes_draw(a->homes, &a->r)->code;
	const char *vehicle = PICK(&a->r, vehicles);
	int plated = strcmp(vehicle, "car") == 0 || strcmp(vehicle, "motorbike") == 0 ||
	    strcmp(vehicle, "truck") == 0;
	unsigned doses = (unsigned)kd_rng_below(&a->r, 100);
	uint64_t mean = a->passages_per_1000;
	unsigned count = (unsigned)((kd_rng_below(&a->r, 2 * mean) + 500) / 1000);
	int place_id = 0;

	ng_fmt_time(made, made_s);
	ng_fmt_time(made + VALID_S, until_s);
	snprintf(travel, sizeof(travel), "%.10s", made_s);
	address(&a->r, perm_addr, sizeof(perm_addr));
	address(&a->r, from_addr, sizeof(from_addr));
	address(&a->r, to_addr, sizeof(to_addr));
	snprintf(phone, sizeof(phone), "09%08u", (unsigned)kd_rng_below(&a->r, 100000000));
	if (paper) {    /* entered by the officer at the first checkpoint */
		place_id = place_draw(a, 1);
		officer(&a->r, place_id, uid);
	}
	fprintf(a->decl,
	    "%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t"
	    "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%u\t%s\t%s\t%s\t%s\t%s\n",
	    a->decl_id, id, c->name, dob, c->gender,
	    paper && ng_bernoulli(&a->r, 500) ? "\\N" : phone,
	    c->commune, perm_addr, from, strcmp(from, c->commune) == 0 ? perm_addr : from_addr,
	    to, to_addr, ng_bernoulli(&a->r, 800) ? travel : "\\N", vehicle,
	    plated ? "29A-123.45" : "\\N", paper ? "paper" : "web",
	    ng_bernoulli(&a->r, 20), ng_bernoulli(&a->r, 30), ng_bernoulli(&a->r, 10),
	    ng_bernoulli(&a->r, 20), ng_bernoulli(&a->r, 5), ng_bernoulli(&a->r, 10),
	    ng_bernoulli(&a->r, 100),
	    doses < 30 ? 0u : doses < 70 ? 1u : doses < 98 ? 2u : 3u,
	    paper ? uid : "\\N", flag, made_s, until_s, "\\N");
	if (paper && count > 0) {
		passage(a, c, place_id, made, uid);
		count--;
	}
	passages(a, c, made, count);
	if (kd_rng_below(&a->r, 1000000) < a->f_per_million)
		f_case(a, c, made);
	a->n_decl++;
	a->decl_id++;
}

/* ---------------------------------------------------------- reading */

/* Splits a TSV line of 5 fields in place. */
static int citizen_parse(char *line, struct ng_citizen *c)
{
	char *f[5];
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	f[n++] = line;
	while (n < 5 && (line = strchr(line, '\t')) != NULL) {
		*line++ = '\0';
		f[n++] = line;
	}
	if (n != 5 || strchr(f[4], '\t') != NULL || !kd_valid_id_number(f[0]) ||
	    strlen(f[2]) != 10 || strlen(f[4]) > 5)
		return -1;
	c->id = f[0];
	c->name = f[1];
	c->dob = f[2];
	c->gender = f[3];
	c->commune = f[4];
	return 0;
}

FILE *ng_open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *fp;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return NULL;
	fp = fopen(path, "w");
	if (fp == NULL)
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
	else
		(void)setvbuf(fp, NULL, _IOFBF, OUT_BUF);  /* only speed */
	return fp;
}

int ng_close_out(FILE *fp)
{
	return fp != NULL && fclose(fp) == 0 ? 0 : -1;
}

static int activity_setup(struct activity *a, const struct ng_opts *o)
{
	kd_rng_seed(&a->r, o->seed);
	if (ng_clock_setup(&a->clock, ng_now_vn(), o->days) != 0)
		return -1;
	a->n_expected = o->declarations;
	a->passages_per_1000 = o->declarations ? o->passages * 1000 / o->declarations : 0;
	a->f_per_million = o->declarations ? o->f_cases * 1000000 / o->declarations : 0;
	a->decl_id = o->first_id;
	return 0;
}

static int read_lines(FILE *in, struct ng_lines *l)
{
	size_t got, i, k;

	for (;;) {
		if (l->cap - l->len < (1u << 20)) {
			char *b = realloc(l->buf, l->cap = l->cap ? l->cap * 2 : (1u << 24));

			if (b == NULL)
				return -1;
			l->buf = b;
		}
		got = fread(l->buf + l->len, 1, l->cap - l->len - 1, in);
		l->len += got;
		if (got == 0)
			break;
	}
	if (ferror(in))
		return -1;
	if (l->len > 0 && l->buf[l->len - 1] != '\n')
		l->buf[l->len++] = '\n';       /* room kept by the fread above */
	l->buf[l->len] = '\0';
	for (i = 0; i < l->len; i++)
		l->n += l->buf[i] == '\n';
	l->start = malloc((l->n + 1) * sizeof(*l->start));
	if (l->start == NULL)
		return -1;
	for (i = 0, k = 0; k < l->n; i++) {     /* every line ends in "\n" */
		l->start[k++] = i;
		i += strcspn(l->buf + i, "\n");
		l->buf[i] = '\0';
	}
	return 0;
}

void ng_lines_free(struct ng_lines *l)
{
	free(l->buf);
	free(l->start);
	memset(l, 0, sizeof(*l));
}

/* The sample comes in primary key order (by province, then birth year):
 * shuffled, each day's declarants come from all over the country. */
static void shuffle(struct ng_lines *l, uint64_t seed)
{
	struct kd_rng r;
	size_t i;

	kd_rng_seed(&r, seed ^ 0x73687566ULL);
	for (i = l->n; i > 1; i--) {
		size_t j = kd_rng_below(&r, i), t = l->start[i - 1];

		l->start[i - 1] = l->start[j];
		l->start[j] = t;
	}
}

int ng_sample_read(struct ng_lines *l, uint64_t seed)
{
	if (read_lines(stdin, l) != 0) {
		fprintf(stderr, PROG ": out of memory or unreadable stdin\n");
		return -1;
	}
	shuffle(l, seed);
	return 0;
}

int ng_sample_citizen(const struct ng_lines *l, size_t i, struct ng_citizen *c)
{
	if (citizen_parse(l->buf + l->start[i], c) == 0)
		return 0;
	fprintf(stderr, PROG ": stdin: the line at byte %zu is not a citizen\n", l->start[i]);
	return -1;
}

static int run_activity(const struct ng_opts *o, const struct kd_homes *homes,
    const struct places *pl)
{
	static struct activity a;
	struct ng_lines in = { 0 };
	struct ng_citizen c;
	size_t i;
	int rc = 0;

	if (o->out == NULL || o->declarations == 0)
		ng_usage();
	if (activity_setup(&a, o) != 0) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	if (ng_sample_read(&in, o->seed) != 0)
		return -1;
	a.homes = homes;
	a.pl = pl;
	a.decl = ng_open_out(o->out, "declarations.tsv");
	a.pass = ng_open_out(o->out, "passages.tsv");
	a.fst = ng_open_out(o->out, "f_status.tsv");
	if (a.decl == NULL || a.pass == NULL || a.fst == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < in.n && a.n_decl < o->declarations; i++) {
		if (ng_sample_citizen(&in, i, &c) != 0) {
			rc = -1;
			break;
		}
		declaration(&a, &c);
		if (a.n_decl % 1000000 == 0)
			fprintf(stderr, "\xe2\x80\xa6 %llu declarations\n", a.n_decl);
	}
	if (ng_close_out(a.decl) != 0 || ng_close_out(a.pass) != 0 || ng_close_out(a.fst) != 0)
		rc = -1;
	ng_clock_free(&a.clock);
	ng_lines_free(&in);
	fprintf(stderr, PROG ": %llu declarations, %llu passages, %llu F cases "
	    "(%llu status rows)\n", a.n_decl, a.n_pass, a.n_f, a.n_fst);
	return rc;
}

/* ------------------------------------------------------------ main */

void ng_usage(void)
{
	fprintf(stderr, "usage: " PROG " places [--seed S] [--data DIR]\n"
	    "       " PROG " activity --out DIR --declarations D --passages P "
	    "--f-cases F [--first-id ID] [--days N] [--seed S] [--data DIR]"
	    " < citizens.tsv\n"
	    "       " PROG " welfare --out DIR --beneficiaries B [--first-program ID]"
	    " [--first-beneficiary ID] [--first-payment ID] [--seed S] [--data DIR]"
	    " < citizens.tsv\n"
	    "       " PROG " vaccinations --out DIR [--seed S] < id_number-dob.tsv"
	    " > doses.tsv\n");
	exit(2);
}

static void parse_opts(int argc, char **argv, struct ng_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->data = "data";
	o->seed = 1;
	o->first_id = o->first_program = o->first_beneficiary = o->first_payment = 1;
	o->days = 30;
	if (argc < 2)
		ng_usage();
	o->part = argv[1];
	for (i = 2; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		unsigned long long *num = strcmp(k, "--seed") == 0 ? &o->seed :
		    strcmp(k, "--passages") == 0 ? &o->passages :
		    strcmp(k, "--f-cases") == 0 ? &o->f_cases :
		    strcmp(k, "--first-id") == 0 ? &o->first_id :
		    strcmp(k, "--declarations") == 0 ? &o->declarations :
		    strcmp(k, "--beneficiaries") == 0 ? &o->beneficiaries :
		    strcmp(k, "--first-program") == 0 ? &o->first_program :
		    strcmp(k, "--first-beneficiary") == 0 ? &o->first_beneficiary :
		    strcmp(k, "--first-payment") == 0 ? &o->first_payment :
		    strcmp(k, "--days") == 0 ? &o->days : NULL;

		if (strcmp(k, "--data") == 0)
			o->data = v;
		else if (strcmp(k, "--out") == 0)
			o->out = v;
		else if (num == NULL || !kd_valid_uint(v, UINT64_MAX / 2, num))
			ng_usage();
	}
	if (i != argc || o->days == 0 || o->days > 365)
		ng_usage();
}

/* The parts that need the places, and those that do not. */
static int run_places(const struct ng_opts *o, const struct kd_homes *homes)
{
	static struct places pl;

	places_make(&pl, homes, o->seed);
	return strcmp(o->part, "places") == 0 ? write_places(&pl, stdout) :
	    run_activity(o, homes, &pl);
}

static const struct {
	const char *name;
	int (*run)(const struct ng_opts *o, const struct kd_homes *homes);
} parts[] = {
	{ "places", run_places },
	{ "activity", run_places },
	{ "welfare", ng_run_welfare },
	{ "vaccinations", ng_run_vaccinations },
};

int main(int argc, char **argv)
{
	struct kd_homes homes;
	struct ng_opts o;
	size_t p;
	int rc;

	parse_opts(argc, argv, &o);
	for (p = 0; p < sizeof(parts) / sizeof(parts[0]); p++)
		if (strcmp(o.part, parts[p].name) == 0)
			break;
	if (p == sizeof(parts) / sizeof(parts[0]))
		ng_usage();
	if (kd_homes_load(o.data, &homes, PROG) != 0)
		return 1;
	rc = parts[p].run(&o, &homes);
	kd_homes_free(&homes);
	if (rc != 0)
		fprintf(stderr, PROG ": failed\n");
	return rc == 0 ? 0 : 1;
}
