#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "db.h"
#include "log.h"
#include "sql.h"
#include "units.h"
#include "valid.h"

#define UNITS_MAX 12000

enum { SQL_ALL = KD_SQL_BASE(KD_MOD_UNITS) };

static const char *const unit_sql[] = {
	[SQL_ALL - KD_SQL_BASE(KD_MOD_UNITS)] =
	    "SELECT code, level, name, type, COALESCE(parent_code, '') FROM admin_units",
};
const struct kd_sql_table kd_units_sql = KD_SQL_TABLE(unit_sql);

static struct kd_unit *units;
static unsigned nunits;
/* Every unit's strings, packed end to end in a few blocks: one malloc per
 * 16 KB rather than one per string (80,000 strdups once, each costing
 * 16-32 bytes of malloc's own).  Never reset: the table lives as long as
 * the worker. */
static struct kd_arena text_arena;

#define NO_PARENT 0xFFFF   /* kd_unit.up of a province */
_Static_assert(UNITS_MAX < NO_PARENT, "kd_unit.up holds an index of the table");

static int unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kd_unit *)a)->code,
	    ((const struct kd_unit *)b)->code);
}

/* text's copy in the arena, or the tail of a string already there
 * that ends with it (a name is the tail of its display name). */
static const char *pack(const char *text, const char *ending_with)
{
	size_t n = strlen(text), m = ending_with != NULL ? strlen(ending_with) : 0;

	if (ending_with != NULL && m >= n && strcmp(ending_with + m - n, text) == 0)
		return ending_with + m - n;
	return kd_strpack(&text_arena, text);
}

static const char *display_name(const char *type, const char *name)
{
	char buf[200];

	/* "Thành phố Trung ương" is a class of province; people say "Thành phố". */
	if (strcmp(type, "Thành phố Trung ương") == 0)
		type = "Thành phố";
	snprintf(buf, sizeof(buf), "%s %s", type, name);
	return pack(buf, NULL);
}

/* "TP Thanh Hóa", "TX Bỉm Sơn": the short forms people write. */
static const char *short_type(const char *display, char *buf, size_t cap)
{
	static const struct {
		const char *type, *abbr;
	} abbr[] = { { "Thành phố ", "TP " }, { "Thị xã ", "TX " } };
	size_t k, n;

	for (k = 0; k < sizeof(abbr) / sizeof(abbr[0]); k++) {
		n = strlen(abbr[k].type);
		if (strncmp(display, abbr[k].type, n) == 0) {
			snprintf(buf, cap, "%s%s", abbr[k].abbr, display + n);
			return buf;
		}
	}
	return display;
}

/* The name key of text (kd_name_key) with punctuation as spaces, so
 * that "Rang-Tháp Chàm" has the words "rang", "thap", "cham" and a
 * query "ham rong, thanh hoa" the words it means.  0 ok, -1 too long. */
static int search_key(const char *text, char *out, size_t cap)
{
	char key[256];
	size_t i, o = 0;

	if (kd_name_key(text, key, sizeof(key)) != 0)
		return -1;
	for (i = 0; key[i] != '\0' && o + 1 < cap; i++) {
		char c = strchr(",.;:/()-'\"", key[i]) != NULL ? ' ' : key[i];

		if (c == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = c;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return 0;
}

/* Appends the search key of text and a space to words (cap bytes). */
static void add_words(char *words, size_t cap, const char *text)
{
	char key[256];
	size_t used = strlen(words);

	if (search_key(text, key, sizeof(key)) == 0 && key[0] != '\0')
		snprintf(words + used, cap - used, "%s ", key);
}

/* The bits of a word's first letter and of its first two (bytes of the
 * search key: ASCII letters and digits, or UTF-8 of letters without an
 * ASCII base). */
static unsigned long long initial_bit(const char *w)
{
	return 1ULL << ((unsigned char)w[0] % 64);
}

static unsigned long long pair_bit(const char *w)
{
	return 1ULL << (((unsigned char)w[0] * 31u + (unsigned char)w[1]) % 64);
}

/* Sets u's word bits from its search words (" " + the keys of its own
 * names and its parents' + " "). */
static void word_bits(struct kd_unit *u, const char *words)
{
	const char *w;

	for (w = strchr(words, ' '); w != NULL && w[1] != '\0'; w = strchr(w + 1, ' ')) {
		if (w[1] == ' ')
			continue;
		u->initials |= initial_bit(w + 1);
		if (w[2] != ' ' && w[2] != '\0')
			u->pairs |= pair_bit(w + 1);
	}
}

/* Codes of the parents, short name, key and search words of u (its
 * parents are loaded: the table is sorted by code).  Of the search
 * words u keeps only its own: a search reads the rest from its parents
 * (the district's own words are the ones a commune adds for it, the
 * province's own words those of its display name). */
static int name_unit(struct kd_unit *u)
{
	const struct kd_unit *d = NULL, *p = NULL;
	char buf[200], words[800] = " ", key[256];

	if (u->level == 'c')
		d = kd_unit_find(u->parent);
	else if (u->level == 'd')
		d = u;
	p = u->level == 'p' ? u : kd_unit_find(d != NULL ? d->parent : "");
	if (p == NULL || (u->level != 'p' && d == NULL))
		return -1;
	snprintf(u->province, sizeof(u->province), "%.2s", p->code);
	snprintf(u->district, sizeof(u->district), "%.3s", d != NULL ? d->code : "");
	u->up = u->level == 'p' ? NO_PARENT : (unsigned short)kd_unit_index(u->level == 'c' ? d : p);
	u->short_name = u->level == 'p' ? u->name : u->level == 'c' ? u->display :
	    pack(short_type(u->display, buf, sizeof(buf)), u->display);
	add_words(words, sizeof(words), u->display);
	add_words(words, sizeof(words), u->short_name);
	u->own = kd_strpack(&text_arena, words);
	if (u->level != 'p') {
		if (u->level == 'c')
			add_words(words, sizeof(words), d->display);
		add_words(words, sizeof(words), short_type(d->display, buf, sizeof(buf)));
		add_words(words, sizeof(words), p->display);
	}
	word_bits(u, words);
	if (search_key(u->name, key, sizeof(key)) != 0)
		key[0] = '\0';
	u->key = kd_strpack(&text_arena, key);
	return u->short_name && u->own && u->key ? 0 : -1;
}

static int by_vn_name(const void *a, const void *b)
{
	const struct kd_unit *x = *(const struct kd_unit *const *)a;
	const struct kd_unit *y = *(const struct kd_unit *const *)b;
	char xl[KD_UNIT_LABEL_MAX], yl[KD_UNIT_LABEL_MAX];
	int c = kd_vn_strcmp(x->name, y->name);

	return c != 0 ? c : kd_vn_strcmp(kd_unit_label(x, xl, sizeof(xl)),
	    kd_unit_label(y, yl, sizeof(yl)));
}

/* Each unit's rank in Vietnamese order, so that lists sort by a number. */
static int order_units(void)
{
	struct kd_unit **by = malloc(nunits * sizeof(*by));
	unsigned i;

	if (by == NULL)
		return -1;
	for (i = 0; i < nunits; i++)
		by[i] = &units[i];
	qsort(by, nunits, sizeof(*by), by_vn_name);
	for (i = 0; i < nunits; i++)
		by[i]->order = i;
	free(by);
	return 0;
}

/* One row of the table (or of data/admin_units.csv) into the array. */
static int add_unit(const char *code, const char *level, const char *name,
    const char *type, const char *parent)
{
	struct kd_unit *u;

	if (nunits == UNITS_MAX)
		return -1;
	u = &units[nunits++];
	snprintf(u->code, sizeof(u->code), "%.5s", code);
	snprintf(u->parent, sizeof(u->parent), "%.5s", parent);
	u->level = level[0] == 'p' ? 'p' : level[0] == 'd' ? 'd' : 'c';
	u->display = display_name(type, name);
	u->name = u->display != NULL ? pack(name, u->display) : NULL;
	return u->name != NULL ? 0 : -1;
}

/* After the rows: the array cut to them, sorted by code, parents marked,
 * names and order made. */
static int finish_load(void)
{
	struct kd_unit *fit = realloc(units, (nunits > 0 ? nunits : 1) * sizeof(*units));
	unsigned i;

	if (fit != NULL)
		units = fit;
	qsort(units, nunits, sizeof(*units), unit_cmp);
	for (i = 0; i < nunits; i++) {
		struct kd_unit *parent_unit = (struct kd_unit *)kd_unit_find(units[i].parent);

		if (parent_unit != NULL)
			parent_unit->has_children = 1;
	}
	if (nunits == 0) {
		kd_log("units: table admin_units is empty");
		return -1;
	}
	for (i = 0; i < nunits; i++)
		if (name_unit(&units[i]) != 0)
			return -1;
	return order_units();
}

int kd_units_load(void)
{
	char code[6], level[16], name[128], type[48], parent[6];
	struct kd_col cols[] = { KD_COL(code), KD_COL(level), KD_COL(name),
	    KD_COL(type), KD_COL(parent) };
	int rc;

	if (units != NULL)
		return 0;
	units = calloc(UNITS_MAX, sizeof(*units));
	if (units == NULL || kd_db_exec(SQL_ALL, NULL, 0) < 0)
		return -1;
	while ((rc = kd_db_fetch(SQL_ALL, cols, 5)) == 1)
		if (add_unit(code, level, name, type, parent) != 0) {
			rc = -1;
			break;
		}
	kd_db_done(SQL_ALL);
	return rc < 0 ? -1 : finish_load();
}

int kd_units_load_csv(const char *path)
{
	char line[512], *f[6];
	FILE *fp;
	int rc;

	if (units != NULL)
		return 0;
	units = calloc(UNITS_MAX, sizeof(*units));
	fp = kd_csv_open(path, "level,code,name,type,parent_code", "units");
	if (units == NULL || fp == NULL)
		return -1;
	while ((rc = kd_csv_read_line(fp, line, sizeof(line))) == 1)
		if (kd_csv_split(line, f, 6) != 5 || add_unit(f[1], f[0], f[2], f[3], f[4]) != 0) {
			rc = -1;
			break;
		}
	(void)fclose(fp);      /* read-only: nothing to lose */
	return rc < 0 ? -1 : finish_load();
}

const struct kd_unit *kd_unit_find(const char *code)
{
	struct kd_unit key = { .level = 0 };

	if (units == NULL || code == NULL || strlen(code) >= sizeof(key.code))
		return NULL;
	snprintf(key.code, sizeof(key.code), "%s", code);
	return bsearch(&key, units, nunits, sizeof(*units), unit_cmp);
}

/* Made from the parents' names rather than kept: a label is shown only
 * for a few units of a search. */
const char *kd_unit_label(const struct kd_unit *u, char *buf, size_t cap)
{
	const struct kd_unit *parent = u->up != NO_PARENT ? &units[u->up] : NULL;

	if (u->level == 'p' || parent == NULL)
		snprintf(buf, cap, "%s", u->display);
	else if (u->level == 'd')
		snprintf(buf, cap, "%s, %s", u->short_name, parent->name);
	else
		snprintf(buf, cap, "%s, %s, %s", u->display, parent->short_name,
		    units[parent->up].name);
	return buf;
}

int kd_unit_is_address(const char *code)
{
	const struct kd_unit *u = kd_unit_find(code);

	return u != NULL && (u->level == 'c' || (u->level == 'd' && !u->has_children));
}

int kd_unit_within(const char *code, const char *ancestor)
{
	const struct kd_unit *u;
	int steps;

	if (ancestor == NULL || code == NULL)
		return 0;
	if (ancestor[0] == '\0')
		return code[0] == '\0' || kd_unit_find(code) != NULL;
	/* Three levels: at most three steps up. */
	for (u = kd_unit_find(code), steps = 0; u != NULL && steps < 4; steps++) {
		if (strcmp(u->code, ancestor) == 0)
			return 1;
		u = kd_unit_find(u->parent);
	}
	return 0;
}

const char *kd_unit_display(const char *code)
{
	const struct kd_unit *u;

	if (code != NULL && code[0] == '\0')
		return "Toàn quốc";
	u = kd_unit_find(code);
	return u != NULL ? u->display : NULL;
}

unsigned kd_units_count(void)
{
	return nunits;
}

const struct kd_unit *kd_unit_at(unsigned i)
{
	return units != NULL && i < nunits ? &units[i] : NULL;
}

/* --------------------------------------------------------- the search */

#define SEARCH_WORDS 8

struct found {
	const struct kd_unit *u;
	int rank;
};

/* 1 when word (its pattern " <word>") begins a word of hay, which is
 * either spaced (" a b ") or plain ("a b"). */
static int has_word(const char *hay, const char *pattern)
{
	return strncmp(hay, pattern + 1, strlen(pattern + 1)) == 0 ||
	    strstr(hay, pattern) != NULL;
}

/* 1 when word (its pattern " <word>") begins a word of u's names or its
 * parents'. */
static int unit_has_word(const struct kd_unit *u, const char *pattern)
{
	for (;;) {
		if (strstr(u->own, pattern) != NULL)
			return 1;
		if (u->up == NO_PARENT)
			return 0;
		u = &units[u->up];
	}
}

static int in_subtree(const struct kd_unit *u, const char *within)
{
	size_t n = within != NULL ? strlen(within) : 0;

	if (n == 0)
		return 1;
	if (n == 2)
		return strcmp(u->province, within) == 0;
	if (n == 3)
		return strcmp(u->district, within) == 0;
	return strcmp(u->code, within) == 0;
}

/* How well u's own name answers the query (lower is better): the name
 * itself; a name that begins with it; then, in this order, the fewest
 * words of the query left unmatched by its type and name (own: "tp"
 * matches "TP Thanh Hóa", "xa" any "Xã ..."), by its name alone, and the
 * query as one phrase of its own words. */
static int rank_of(const struct kd_unit *u, const char *qkey, const char *phrase,
    char pattern[][72], size_t nwords)
{
	int own = 0, name = 0;
	size_t k;

	if (strcmp(u->key, qkey) == 0)
		return 0;
	if (strncmp(u->key, qkey, strlen(qkey)) == 0)
		return 1;
	for (k = 0; k < nwords; k++) {
		own += strstr(u->own, pattern[k]) == NULL;
		name += !has_word(u->key, pattern[k]);
	}
	return 2 + own * 2 * (SEARCH_WORDS + 1) + name * 2 + (strstr(u->own, phrase) == NULL);
}

/* Keeps the best max of the matches in out (sorted, n of them). */
static void keep(struct found *out, size_t *n, size_t max, struct found f)
{
	size_t k;

	if (*n == max && (out[max - 1].rank < f.rank || (out[max - 1].rank == f.rank &&
	    out[max - 1].u->order < f.u->order)))
		return;
	k = *n < max ? (*n)++ : max - 1;
	while (k > 0 && (out[k - 1].rank > f.rank || (out[k - 1].rank == f.rank &&
	    out[k - 1].u->order > f.u->order))) {
		out[k] = out[k - 1];
		k--;
	}
	out[k] = f;
}

/* The best max matches of q into best (sorted); returns how many, and
 * *total how many matched in all. */
static size_t search(const char *q, enum kd_units_kind what, const char *within,
    struct found *best, size_t max, size_t *total)
{
	char qkey[256], phrase[258], pattern[SEARCH_WORDS][72], *w, *save = NULL;
	unsigned long long need_initials = 0, need_pairs = 0;
	size_t nwords = 0, n = 0, matched = 0, k;
	unsigned i;

	*total = 0;
	if (q == NULL || max == 0 || search_key(q, qkey, sizeof(qkey)) != 0)
		return 0;
	{
		char copy[256];

		snprintf(copy, sizeof(copy), "%s", qkey);
		for (w = strtok_r(copy, " ", &save); w != NULL && nwords < SEARCH_WORDS;
		    w = strtok_r(NULL, " ", &save))
			snprintf(pattern[nwords++], sizeof(pattern[0]), " %.64s", w);
	}
	if (nwords == 0)
		return 0;
	snprintf(phrase, sizeof(phrase), " %s", qkey);
	for (k = 0; k < nwords; k++) {
		const char *word = pattern[k] + 1;

		if (word[1] == '\0')
			need_initials |= initial_bit(word);
		else
			need_pairs |= pair_bit(word);
	}
	for (i = 0; i < nunits; i++) {
		const struct kd_unit *u = &units[i];

		if (what == KD_UNITS_ADDRESS && !(u->level == 'c' ||
		    (u->level == 'd' && !u->has_children)))
			continue;
		if ((u->initials & need_initials) != need_initials ||
		    (u->pairs & need_pairs) != need_pairs || !in_subtree(u, within))
			continue;
		for (k = 0; k < nwords && unit_has_word(u, pattern[k]); k++)
			;
		if (k < nwords)
			continue;
		matched++;
		/* Of equal names, the higher unit first (a province before the
		 * commune that shares its name). */
		keep(best, &n, max, (struct found){ u, rank_of(u, qkey, phrase, pattern, nwords) * 4 +
		    (u->level == 'p' ? 0 : u->level == 'd' ? 1 : 2) });
	}
	*total = matched;
	return n;
}

size_t kd_units_search(const char *q, enum kd_units_kind what, const char *within,
    const struct kd_unit **out, size_t max, size_t *total)
{
	struct found best[KD_UNITS_FOUND_MAX];
	size_t n, k, all;

	n = search(q, what, within, best, max < KD_UNITS_FOUND_MAX ? max :
	    KD_UNITS_FOUND_MAX, &all);
	for (k = 0; k < n; k++)
		out[k] = best[k].u;
	if (total != NULL)
		*total = all;
	return n;
}

const struct kd_unit *kd_units_pick(const char *q, enum kd_units_kind what,
    const char *within)
{
	struct found best[2];
	size_t all, n = search(q, what, within, best, 2, &all);

	if (n == 1 || (n == 2 && best[0].rank / 4 < best[1].rank / 4))
		return best[0].u;
	return NULL;
}

int kd_unit_named(const struct kd_unit *u, const char *text)
{
	char a[512], b[512], label[KD_UNIT_LABEL_MAX];

	if (u == NULL || text == NULL || search_key(text, a, sizeof(a)) != 0)
		return 0;
	if (search_key(kd_unit_label(u, label, sizeof(label)), b, sizeof(b)) == 0 &&
	    strcmp(a, b) == 0)
		return 1;
	return search_key(u->display, b, sizeof(b)) == 0 && strcmp(a, b) == 0;
}

unsigned kd_unit_index(const struct kd_unit *u)
{
	return (unsigned)(u - units);
}
