/*
 * cccd.c - the chip ID card's QR text (see cccd.h).
 */
#include <stdio.h>
#include <string.h>

#include "cccd.h"
#include "valid.h"

#define FIELDS 7
enum { C_ID, C_OLD_ID, C_NAME, C_DOB, C_GENDER, C_ADDRESS, C_ISSUED };

/* "DDMMYYYY" -> "YYYY-MM-DD" when it is a real day; else -1. */
static int card_date(const char *in, size_t len, char out[11])
{
	size_t i;

	if (len != 8)
		return -1;
	for (i = 0; i < 8; i++)
		if (in[i] < '0' || in[i] > '9')
			return -1;
	snprintf(out, 11, "%.4s-%.2s-%.2s", in + 4, in + 2, in);
	return kd_parse_date(out, NULL, NULL, NULL) ? 0 : -1;
}

/* Copies len bytes into a buffer of cap bytes; -1 when they do not fit. */
static int copy(char *out, size_t cap, const char *in, size_t len)
{
	if (len + 1 > cap)
		return -1;
	memcpy(out, in, len);
	out[len] = '\0';
	return 0;
}

/* Splits text into its seven fields (start and length each). */
static int split(const char *text, size_t len, const char *part[FIELDS],
    size_t plen[FIELDS])
{
	size_t n = 0, start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '|')
			continue;
		if (n == FIELDS)
			return -1;
		part[n] = text + start;
		plen[n++] = i - start;
		start = i + 1;
	}
	return n == FIELDS ? 0 : -1;
}

static int gender_of(const char *s, size_t len, char out[2])
{
	if (len == 3 && memcmp(s, "Nam", 3) == 0)
		out[0] = 'M';
	else if (len == strlen("Nữ") && memcmp(s, "Nữ", len) == 0)
		out[0] = 'F';
	else
		return -1;
	out[1] = '\0';
	return 0;
}

static int fields_of(const char *part[FIELDS], const size_t plen[FIELDS],
    struct kd_cccd *c)
{
	int year = 0;

	if (copy(c->id_number, sizeof(c->id_number), part[C_ID], plen[C_ID]) != 0 ||
	    !kd_valid_cccd(c->id_number) ||
	    copy(c->old_id, sizeof(c->old_id), part[C_OLD_ID], plen[C_OLD_ID]) != 0 ||
	    (c->old_id[0] != '\0' && !kd_valid_cmnd(c->old_id)) ||
	    copy(c->full_name, sizeof(c->full_name), part[C_NAME], plen[C_NAME]) != 0 ||
	    !kd_valid_person_name(c->full_name) ||
	    card_date(part[C_DOB], plen[C_DOB], c->dob) != 0 ||
	    gender_of(part[C_GENDER], plen[C_GENDER], c->gender) != 0 ||
	    copy(c->perm_address, sizeof(c->perm_address), part[C_ADDRESS],
	    plen[C_ADDRESS]) != 0 ||
	    !kd_text_valid(c->perm_address, plen[C_ADDRESS], 200, 0) ||
	    card_date(part[C_ISSUED], plen[C_ISSUED], c->issued) != 0)
		return -1;
	/* The CCCD's own digits say the century, gender and birth year. */
	kd_parse_date(c->dob, &year, NULL, NULL);
	return kd_cccd_matches(c->id_number, year, c->gender[0]) ? 0 : -1;
}

int kd_cccd_parse(const char *text, struct kd_cccd *out)
{
	const char *part[FIELDS];
	size_t plen[FIELDS], len;

	memset(out, 0, sizeof(*out));
	if (text == NULL)
		return -1;
	text += strspn(text, " \t\r\n");
	len = strnlen(text, KD_CCCD_MAX_TEXT + 1);
	while (len > 0 && strchr(" \t\r\n", text[len - 1]) != NULL)
		len--;
	if (len > KD_CCCD_MAX_TEXT || !kd_utf8_valid(text, len) ||
	    split(text, len, part, plen) != 0 || fields_of(part, plen, out) != 0) {
		memset(out, 0, sizeof(out[0]));
		return -1;
	}
	return 0;
}
