/*
 * mask.c - names and ID numbers shown to the public (see mask.h).
 */
#include <string.h>

#include "mask.h"
#include "valid.h"

/* Bytes of the UTF-8 sequence that starts with lead (valid text). */
static size_t seq_len(unsigned char lead)
{
	return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* A combining diacritical mark, U+0300..U+036F: CC 80..CD AF. */
static int is_combining(const unsigned char *s)
{
	return s[0] == 0xCC || (s[0] == 0xCD && s[1] <= 0xAF);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Appends n bytes of s to out[*used] if they fit (with a NUL after). */
static int put(char *out, size_t cap, size_t *used, const char *s, size_t n)
{
	if (*used + n >= cap)
		return -1;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return 0;
}

/* The first letter of the word at s, with its combining marks: bytes. */
static size_t initial_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = seq_len(u[0]);

	while (u[n] != '\0' && is_combining(u + n))
		n += 2;
	return n;
}

int kd_mask_name(const char *name, char *out, size_t cap)
{
	const char *p = name, *word, *next;
	size_t used = 0, words = 0;
	int rc = 0;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (!kd_utf8_valid(name, strlen(name)))
		return -1;
	for (;;) {
		while (is_space(*p))
			p++;
		if (*p == '\0')
			break;
		word = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		for (next = p; is_space(*next); next++)
			;
		if (words++ > 0)
			rc |= put(out, cap, &used, " ", 1);
		if (words == 1 && *next != '\0') {
			/* The family name, when other words follow. */
			rc |= put(out, cap, &used, word, (size_t)(p - word));
		} else {
			rc |= put(out, cap, &used, word, initial_len(word));
			rc |= put(out, cap, &used, ".", 1);
		}
	}
	if (rc != 0)
		out[0] = '\0';
	return rc != 0 ? -1 : 0;
}

int kd_mask_id_number(const char *id_number, char *out, size_t cap)
{
	size_t len = strlen(id_number), i;
	int whole = len >= 6;

	if (len + 1 > cap) {
		if (cap > 0)
			out[0] = '\0';
		return -1;
	}
	for (i = 0; i < len; i++)
		out[i] = whole && (i < 3 || i >= len - 2) ? id_number[i] : '*';
	out[len] = '\0';
	return 0;
}
