/*
 * masked.c - names and ID numbers shown masked (see masked.h).
 */
#include <string.h>

#include "masked.h"
#include "valid.h"

/* Bytes of the UTF-8 character at s (valid UTF-8 assumed). */
static size_t char_len(const unsigned char *s)
{
	return s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
}

/* A combining mark U+0300..U+036F: CC 80..CD AF. */
static int is_mark(const unsigned char *s)
{
	return (s[0] == 0xCC && s[1] >= 0x80) || (s[0] == 0xCD && s[1] <= 0xAF);
}

static int put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
	if (*o + n >= cap)
		return -1;
	memcpy(out + *o, s, n);
	*o += n;
	return 0;
}

/* Another word follows the one at s. */
static int more_words(const char *s)
{
	s += strcspn(s, " ");
	s += strspn(s, " ");
	return *s != '\0';
}

int kd_masked_name(const char *name, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t o = 0, words = 0, n;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (!kd_utf8_valid(name, strlen(name)))
		return -1;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (words > 0 && put(out, cap, &o, " ", 1) != 0)
			goto fail;
		if (words == 0 && more_words((const char *)p)) {
			/* The family name, whole. */
			n = strcspn((const char *)p, " ");
			if (put(out, cap, &o, (const char *)p, n) != 0)
				goto fail;
			p += n;
		} else {
			n = char_len(p);
			while (p[n] != '\0' && is_mark(p + n))
				n += 2;
			if (put(out, cap, &o, (const char *)p, n) != 0 ||
			    put(out, cap, &o, ".", 1) != 0)
				goto fail;
			p += strcspn((const char *)p, " ");
		}
		words++;
	}
	out[o] = '\0';
	return 0;
fail:
	out[0] = '\0';
	return -1;
}

int kd_masked_id(const char *id_number, char *out, size_t cap)
{
	size_t len = strlen(id_number), i;

	if (cap == 0 || len + 1 > cap) {
		if (cap > 0)
			out[0] = '\0';
		return -1;
	}
	for (i = 0; i < len; i++)
		out[i] = len >= 6 && (i < 3 || i + 2 >= len) ? id_number[i] : '*';
	out[len] = '\0';
	return 0;
}
