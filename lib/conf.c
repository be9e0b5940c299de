#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define CONF_MAX_ENTRIES 64
#define CONF_MAX_LINE 1024

struct conf_entry {
	char *key;
	char *value;
};

static struct conf_entry entries[CONF_MAX_ENTRIES];
static size_t nentries;

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int conf_set(const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < nentries; i++) {
		if (strcmp(entries[i].key, key) == 0) {
			char *copy = strdup(value);
			if (copy == NULL)
				return -1;
			free(entries[i].value);
			entries[i].value = copy;
			return 0;
		}
	}
	if (nentries == CONF_MAX_ENTRIES)
		return -1;
	entries[nentries].key = strdup(key);
	entries[nentries].value = strdup(value);
	if (entries[nentries].key == NULL || entries[nentries].value == NULL)
		return -1;
	nentries++;
	return 0;
}

int kd_conf_load(const char *path)
{
	char line[CONF_MAX_LINE];
	FILE *fp;
	int lineno = 0;

	fp = fopen(path, "r");
	if (fp == NULL) {
		fprintf(stderr, "config %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *eq, *key, *value;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			fprintf(stderr, "config %s:%d: line too long\n", path, lineno);
			(void)fclose(fp);   /* read-only: nothing to lose */
			return -1;
		}
		key = trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			fprintf(stderr, "config %s:%d: expected key = value\n", path, lineno);
			(void)fclose(fp);   /* read-only: nothing to lose */
			return -1;
		}
		*eq = '\0';
		value = trim(eq + 1);
		key = trim(key);
		if (conf_set(key, value) == -1) {
			fprintf(stderr, "config %s:%d: too many entries\n", path, lineno);
			(void)fclose(fp);   /* read-only: nothing to lose */
			return -1;
		}
	}
	if (fclose(fp) != 0)
		return -1;
	return 0;
}

const char *kd_conf_get(const char *key)
{
	size_t i;

	for (i = 0; i < nentries; i++)
		if (strcmp(entries[i].key, key) == 0)
			return entries[i].value;
	return NULL;
}

const char *kd_conf_str(const char *key, const char *fallback)
{
	const char *value = kd_conf_get(key);

	return value != NULL ? value : fallback;
}

long kd_conf_long(const char *key, long fallback)
{
	const char *value = kd_conf_get(key);
	char *end;
	long n;

	if (value == NULL || *value == '\0')
		return fallback;
	errno = 0;
	n = strtol(value, &end, 10);
	if (errno != 0 || *end != '\0')
		return fallback;
	return n;
}

const char *kd_conf_default_path(void)
{
	const char *path = getenv("KD_CONF");

	return path != NULL && *path != '\0' ? path : "var/kiemdich.conf";
}
