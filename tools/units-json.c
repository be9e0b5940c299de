/*
 * kd-units-json - the administrative units as compact JSON for the
 * commune pickers of the web forms (htdocs/units.json).
 *
 *   kd-units-json data/admin_units.csv > htdocs/units.json
 *
 * Output (one line):
 *   {"p":[["01","Thành phố Hà Nội"],...],
 *    "d":{"01":[["001","Quận Ba Đình"],...],...},
 *    "c":{"001":[["00001","Phường Phúc Xá"],...],...,"318":[],...}}
 * Units are in code order under their parent (codes are not hierarchical:
 * parents come from parent_code).  A district without communes (the five
 * island districts) has an empty list in "c": the form then submits the
 * district code itself.  Display name = type + " " + name, except that
 * "Thành phố Trung ương" displays as "Thành phố".
 *
 * Every string goes through one JSON escaper, which also escapes < > & and
 * U+2028/U+2029 so the output is safe even if inlined in a page.
 * Exit 0 ok, 1 malformed input or write error, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "valid.h"

#define PROG "kd-units-json"
#define HEADER "level,code,name,type,parent_code"
#define LINE_MAX_BYTES 1024
#define MAX_FIELDS 8
#define DISPLAY_MAX 160         /* bytes: type + name, both short */
#define NAME_MAX_CHARS 100

struct unit {
	char level;             /* 'p', 'd', 'c' */
	char code[6];
	char parent[6];
	char display[DISPLAY_MAX];
	int has_children;
};

struct units {
	struct unit *u;
	size_t n, cap;
};

/* ------------------------------------------------------------ input */

static char level_of(const char *level)
{
	if (strcmp(level, "province") == 0)
		return 'p';
	if (strcmp(level, "district") == 0)
		return 'd';
	if (strcmp(level, "commune") == 0)
		return 'c';
	return 0;
}

static size_t code_len(char level)
{
	return level == 'p' ? 2 : level == 'd' ? 3 : 5;
}

/* Checks one row and fills u.  NULL ok, else the reason. */
static const char *parse_unit(char **f, struct unit *u)
{
	const char *type = f[3];
	int len;

	memset(u, 0, sizeof(*u));
	u->level = level_of(f[0]);
	if (u->level == 0)
		return "unknown level";
	if (!kd_valid_unit_code(f[1]) || strlen(f[1]) != code_len(u->level))
		return "bad code";
	/* A province has no parent, a district a province, a commune a
	 * district. */
	if (u->level == 'p' ? *f[4] != '\0' : (!kd_valid_unit_code(f[4]) ||
	    strlen(f[4]) != code_len(u->level == 'd' ? 'p' : 'd')))
		return "bad parent_code";
	if (!kd_text_valid(f[2], strlen(f[2]), NAME_MAX_CHARS, 0) || *f[2] == '\0' ||
	    !kd_text_valid(type, strlen(type), NAME_MAX_CHARS, 0) || *type == '\0')
		return "bad name or type";
	if (strcmp(type, "Thành phố Trung ương") == 0)
		type = "Thành phố";
	len = snprintf(u->display, sizeof(u->display), "%s %s", type, f[2]);
	if (len < 0 || (size_t)len >= sizeof(u->display))
		return "name too long";
	strcpy(u->code, f[1]);
	strcpy(u->parent, f[4]);
	return NULL;
}

static int units_add(struct units *us, const struct unit *u)
{
	if (us->n == us->cap) {
		size_t cap = us->cap ? us->cap * 2 : 16384;
		struct unit *nu = realloc(us->u, cap * sizeof(*nu));

		if (nu == NULL)
			return -1;
		us->u = nu;
		us->cap = cap;
	}
	us->u[us->n++] = *u;
	return 0;
}

static int read_units(const char *path, struct units *us)
{
	char line[LINE_MAX_BYTES], *f[MAX_FIELDS];
	unsigned long lineno = 1;
	FILE *fp = kd_csv_open(path, HEADER, PROG);
	int rc;

	if (fp == NULL)
		return -1;
	while ((rc = kd_csv_read_line(fp, line, sizeof(line))) == 1) {
		struct unit u;
		const char *why = "expected 5 fields";

		lineno++;
		if (kd_csv_split(line, f, MAX_FIELDS) == 5)
			why = parse_unit(f, &u);
		if (why == NULL && units_add(us, &u) != 0)
			why = "out of memory";
		if (why != NULL) {
			fprintf(stderr, PROG ": %s: line %lu: %s\n", path, lineno, why);
			break;
		}
	}
	(void)fclose(fp);      /* read-only: nothing to lose */
	if (rc != 0) {
		if (rc < 0)
			fprintf(stderr, PROG ": %s: line %lu too long\n", path, lineno + 1);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------- the tree */

/* Shorter codes (higher levels) first, then by code. */
static int by_code(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	size_t lx = strlen(x->code), ly = strlen(y->code);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* Levels in order, then by parent, then by code: the children of one
 * parent are one run, in code order. */
static int by_parent(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	size_t lx = strlen(x->code), ly = strlen(y->code);
	int c;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	c = strcmp(x->parent, y->parent);
	return c != 0 ? c : strcmp(x->code, y->code);
}

static struct unit *find_unit(struct units *us, const char *code)
{
	struct unit key = { 0 };

	if (strlen(code) >= sizeof(key.code))
		return NULL;
	strcpy(key.code, code);
	return bsearch(&key, us->u, us->n, sizeof(*us->u), by_code);
}

/* Every parent exists one level up and codes are unique; marks parents
 * that have children.  Leaves the units sorted by_parent. */
static int check_tree(struct units *us)
{
	size_t i, nprov = 0;

	qsort(us->u, us->n, sizeof(*us->u), by_code);
	for (i = 0; i < us->n; i++) {
		struct unit *u = &us->u[i], *p;
		char want = u->level == 'd' ? 'p' : 'd';

		if (i > 0 && by_code(&us->u[i - 1], u) == 0) {
			fprintf(stderr, PROG ": code %s appears twice\n", u->code);
			return -1;
		}
		if (u->level == 'p') {
			nprov++;
			continue;
		}
		p = find_unit(us, u->parent);
		if (p == NULL || p->level != want) {
			fprintf(stderr, PROG ": unit %s: parent %s is not a %s\n",
			    u->code, u->parent, want == 'p' ? "province" : "district");
			return -1;
		}
		p->has_children = 1;
	}
	if (nprov == 0) {
		fprintf(stderr, PROG ": no provinces\n");
		return -1;
	}
	qsort(us->u, us->n, sizeof(*us->u), by_parent);
	return 0;
}

/* ------------------------------------------------------------ output */

/* Writes s as a JSON string (valid UTF-8: checked on input). */
static void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', out);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			putc('\\', out);
			putc(*p, out);
		} else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&') {
			/* Controls, and what could close a <script> if the
			 * file were ever inlined in a page. */
			fprintf(out, "\\u%04x", *p);
		} else if (p[0] == 0xE2 && p[1] == 0x80 &&
		    (p[2] == 0xA8 || p[2] == 0xA9)) {
			/* U+2028/U+2029 end a line in older JavaScript. */
			fprintf(out, "\\u202%c", p[2] == 0xA8 ? '8' : '9');
			p += 2;
		} else {
			putc(*p, out);
		}
	}
	putc('"', out);
}

/* Writes [["code","display"],...] for units [from, to). */
static void json_list(FILE *out, const struct units *us, size_t from, size_t to)
{
	size_t i;

	putc('[', out);
	for (i = from; i < to; i++) {
		if (i > from)
			putc(',', out);
		putc('[', out);
		json_string(out, us->u[i].code);
		putc(',', out);
		json_string(out, us->u[i].display);
		putc(']', out);
	}
	putc(']', out);
}

/* The run of units of this level whose parent is code: [*from, *to). */
static void children(const struct units *us, char level, const char *code,
    size_t *from, size_t *to)
{
	size_t lo = 0, hi = us->n;

	/* Lower bound of (level, parent = code) in by_parent order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct unit *u = &us->u[mid];
		size_t lu = strlen(u->code), lk = code_len(level);

		if (lu < lk || (lu == lk && strcmp(u->parent, code) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < us->n && us->u[lo].level == level &&
	    strcmp(us->u[lo].parent, code) == 0)
		lo++;
	*to = lo;
}

/* {"parent":[children...],...} for every unit of parent_level, in the
 * array's order; a parent without children gets an empty list. */
static void json_level(FILE *out, const struct units *us, char parent_level,
    char child_level)
{
	size_t i, from, to;
	int first = 1;

	putc('{', out);
	for (i = 0; i < us->n; i++) {
		if (us->u[i].level != parent_level)
			continue;
		if (!first)
			putc(',', out);
		first = 0;
		json_string(out, us->u[i].code);
		putc(':', out);
		children(us, child_level, us->u[i].code, &from, &to);
		json_list(out, us, from, to);
	}
	putc('}', out);
}

static int write_json(FILE *out, const struct units *us)
{
	size_t from, to;

	children(us, 'p', "", &from, &to);
	fputs("{\"p\":", out);
	json_list(out, us, from, to);
	fputs(",\"d\":", out);
	json_level(out, us, 'p', 'd');
	fputs(",\"c\":", out);
	json_level(out, us, 'd', 'c');
	fputs("}\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		fprintf(stderr, PROG ": write error: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct units us = { 0 };
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: " PROG " data/admin_units.csv\n");
		return 2;
	}
	if (read_units(argv[1], &us) == 0 && check_tree(&us) == 0 &&
	    write_json(stdout, &us) == 0)
		rc = 0;
	free(us.u);
	return rc;
}
