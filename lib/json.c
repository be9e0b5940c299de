#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "valid.h"

void kd_json_init(struct kd_json *j)
{
	memset(j, 0, sizeof(*j));
	j->first[0] = 1;
}

void kd_json_free(struct kd_json *j)
{
	free(j->buf);
	memset(j, 0, sizeof(*j));
}

int kd_text_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t room = *cap ? *cap : 2048;   /* a look-up answer fits */
		char *nb;

		while (room < *len + n + 1)
			room *= 2;
		nb = realloc(*buf, room);
		if (nb == NULL)
			return -1;
		*buf = nb;
		*cap = room;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

static void put(struct kd_json *j, const char *s, size_t n)
{
	if (!j->failed && kd_text_append(&j->buf, &j->len, &j->cap, s, n) != 0)
		j->failed = 1;
}

/* Before any value: a comma unless first in its container.  A value in
 * an object comes after its key; at the top there is one value. */
static void value_start(struct kd_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth == 0 ? !j->first[0] : j->in_object[j->depth]) {
		j->failed = 1;
		return;
	}
	if (!j->first[j->depth])
		put(j, ",", 1);
	j->first[j->depth] = 0;
}

static void open_container(struct kd_json *j, char c)
{
	value_start(j);
	if (j->depth + 1 >= KD_JSON_DEPTH) {
		j->failed = 1;
		return;
	}
	put(j, &c, 1);
	j->depth++;
	j->first[j->depth] = 1;
	j->in_object[j->depth] = c == '{';
}

static void close_container(struct kd_json *j, char c)
{
	if (j->depth == 0 || j->after_key || j->in_object[j->depth] != (c == '}')) {
		j->failed = 1;
		return;
	}
	put(j, &c, 1);
	j->depth--;
}

void kd_json_obj(struct kd_json *j) { open_container(j, '{'); }
void kd_json_obj_end(struct kd_json *j) { close_container(j, '}'); }
void kd_json_arr(struct kd_json *j) { open_container(j, '['); }
void kd_json_arr_end(struct kd_json *j) { close_container(j, ']'); }

/* Bytes copied as they are: printable ASCII but the quote, the backslash
 * and the HTML specials, and UTF-8 bytes other than the lead byte of
 * U+2028/9. */
static int plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' &&
	    c != '&' && c != 0x7f && c != 0xe2;
}

static void put_escaped(struct kd_json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];
	size_t run;

	put(j, "\"", 1);
	while (*p != '\0') {
		/* Runs of plain bytes (names, addresses) go in one copy. */
		for (run = 0; plain(p[run]); run++)
			;
		if (run > 0) {
			put(j, (const char *)p, run);
			p += run;
			continue;
		}
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			put(j, esc, 2);
		} else if (*p == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			/* U+2028/9 end a line in JavaScript. */
			put(j, p[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
			p += 2;
		} else if (*p == 0xe2) {
			put(j, (const char *)p, 1);
		} else {
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
			put(j, esc, 6);
		}
		p++;
	}
	put(j, "\"", 1);
}

void kd_json_key(struct kd_json *j, const char *key)
{
	if (j->depth == 0 || !j->in_object[j->depth] || j->after_key) {
		j->failed = 1;
		return;
	}
	if (!j->first[j->depth])
		put(j, ",", 1);
	j->first[j->depth] = 0;
	put_escaped(j, key);
	put(j, ":", 1);
	j->after_key = 1;
}

void kd_json_str(struct kd_json *j, const char *s)
{
	char *cut;

	if (s == NULL) {
		kd_json_null(j);
		return;
	}
	value_start(j);
	if (kd_utf8_valid(s, strlen(s))) {
		put_escaped(j, s);
		return;
	}
	/* Never invalid JSON: a value cut by bytes loses its half character;
	 * anything else invalid fails the whole text (the caller answers 500). */
	cut = strdup(s);
	if (cut != NULL && kd_utf8_valid(cut, kd_utf8_trim(cut, strlen(cut))))
		put_escaped(j, cut);
	else
		j->failed = 1;
	free(cut);
}

void kd_json_int(struct kd_json *j, long long n)
{
	char num[32];
	int len = snprintf(num, sizeof(num), "%lld", n);

	value_start(j);
	put(j, num, (size_t)len);
}

void kd_json_bool(struct kd_json *j, int b)
{
	value_start(j);
	put(j, b ? "true" : "false", b ? 4 : 5);
}

void kd_json_null(struct kd_json *j)
{
	value_start(j);
	put(j, "null", 4);
}

void kd_json_kstr(struct kd_json *j, const char *key, const char *s)
{
	kd_json_key(j, key);
	kd_json_str(j, s);
}

void kd_json_kint(struct kd_json *j, const char *key, long long n)
{
	kd_json_key(j, key);
	kd_json_int(j, n);
}

void kd_json_kbool(struct kd_json *j, const char *key, int b)
{
	kd_json_key(j, key);
	kd_json_bool(j, b);
}

const char *kd_json_text(const struct kd_json *j)
{
	if (j->failed || j->depth != 0 || j->buf == NULL)
		return NULL;
	return j->buf;
}
