/*
 * idmask.c - masked ID numbers and names (see idmask.h).
 */
#include <string.h>

#include "idmask.h"

int kd_masked_id_number(const char *id_number, char *out, size_t cap)
{
	size_t n = strlen(id_number), i;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (n + 1 > cap)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = n > 5 && (i < 3 || i >= n - 2) ? id_number[i] : '*';
	out[n] = '\0';
	return 0;
}

/* Bytes of the UTF-8 character starting at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* Appends len bytes of s to out[*used..]; -1 when they do not fit. */
static int put(char *out, size_t cap, size_t *used, const char *s, size_t len)
{
	if (*used + len + 1 > cap)
		return -1;
	memcpy(out + *used, s, len);
	*used += len;
	out[*used] = '\0';
	return 0;
}

int kd_masked_name(const char *name, char *out, size_t cap)
{
	size_t used = 0, len, first = 1;
	const char *p = name;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, " ");
		if (!first && put(out, cap, &used, " ", 1) != 0)
			goto too_long;
		if (first) {
			if (put(out, cap, &used, p, len) != 0)
				goto too_long;
		} else if (put(out, cap, &used, p, strnlen(p, char_len(p))) != 0 ||
		    put(out, cap, &used, ".", 1) != 0) {
			goto too_long;
		}
		first = 0;
		p += len;
	}
	return 0;
too_long:
	out[0] = '\0';
	return -1;
}
