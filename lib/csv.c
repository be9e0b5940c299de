#include <errno.h>
#include <string.h>

#include "csv.h"

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
