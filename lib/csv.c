#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "json.h"

int kd_csv_split(char *line, char **field, int max)
{
	char *r = line, *w = line;
	int n = 0;

	for (;;) {
		if (n == max)
			return -1;
		field[n++] = w;
		if (*r == '"') {
			for (r++;; r++) {
				if (*r == '\0')
					return -1;
				if (*r == '"' && r[1] == '"')
					*w++ = *r++;
				else if (*r == '"')
					break;
				else
					*w++ = *r;
			}
			r++;
			if (*r != ',' && *r != '\0')
				return -1;
		} else {
			while (*r != ',' && *r != '\0') {
				if (*r == '"')
					return -1;
				*w++ = *r++;
			}
		}
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		*w++ = '\0';
		r++;
	}
}

int kd_csv_read_line(FILE *fp, char *buf, size_t size)
{
	size_t n;

	if (fgets(buf, (int)size, fp) == NULL)
		return 0;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(fp))
		return -1;
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 1;
}

FILE *kd_csv_open(const char *path, const char *header, const char *prog)
{
	char line[1024];
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return NULL;
	}
	/* A spreadsheet may save a UTF-8 byte-order mark before the header. */
	if (kd_csv_read_line(fp, line, sizeof(line)) != 1 ||
	    strcmp(line + (strncmp(line, "\xef\xbb\xbf", 3) == 0 ? 3 : 0), header) != 0) {
		fprintf(stderr, "%s: %s: header is not %s\n", prog, path, header);
		(void)fclose(fp);   /* read-only: nothing to lose */
		return NULL;
	}
	return fp;
}

/* ---------------------------------------------------------------- writing */

void kd_csv_out_init(struct kd_csv_out *o)
{
	memset(o, 0, sizeof(*o));
}

void kd_csv_out_free(struct kd_csv_out *o)
{
	free(o->buf);
	kd_csv_out_init(o);
}

static void csv_put(struct kd_csv_out *o, const char *s, size_t n)
{
	if (!o->failed && kd_text_append(&o->buf, &o->len, &o->cap, s, n) != 0)
		o->failed = 1;
}

void kd_csv_cell(struct kd_csv_out *o, const char *s, int text)
{
	int quoted;
	const char *q;

	if (o->ncells++ > 0)
		csv_put(o, ",", 1);
	if (s == NULL)
		return;
	quoted = strpbrk(s, ",\"\r\n") != NULL;
	if (quoted)
		csv_put(o, "\"", 1);
	/* What a spreadsheet would run as a formula is shown as text; a
	 * number ("-5") is left alone. */
	if (text && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		csv_put(o, "'", 1);
	for (q = s; *q != '\0'; q++)
		csv_put(o, *q == '"' ? "\"\"" : q, *q == '"' ? 2 : 1);
	if (quoted)
		csv_put(o, "\"", 1);
}

void kd_csv_end_row(struct kd_csv_out *o)
{
	csv_put(o, "\r\n", 2);
	o->ncells = 0;
}

void kd_csv_row(struct kd_csv_out *o, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		kd_csv_cell(o, cells[i] != NULL ? cells[i] : "", 1);
	kd_csv_end_row(o);
}
