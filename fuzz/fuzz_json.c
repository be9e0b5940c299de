/*
 * fuzz_json - the one JSON writer (lib/json.c), driven by the input: each
 * byte below 8 is an operation (open or close an object or an array, a
 * key, a number, a boolean, null), the text between them a string.
 *
 * Property: no crash or sanitizer report; whatever the calls, the text is
 * either refused (NULL) or valid JSON: checked by a small strict parser
 * here, UTF-8 included, with no <, > or & left raw inside a string.
 */
#include <stdio.h>

#include "fuzz.h"
#include "json.h"
#include "valid.h"

/* A strict JSON checker: 1 when p..end is one value, *pp after it. */
static int value(const char **pp);

static void ws(const char **pp)
{
	while (**pp == ' ' || **pp == '\n' || **pp == '\t' || **pp == '\r')
		(*pp)++;
}

static int string(const char **pp)
{
	const char *p = *pp + 1;

	if (**pp != '"')
		return 0;
	for (; *p != '"'; p++) {
		if (*p == '\0' || (unsigned char)*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
			return 0;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				if (strspn(p + 1, "0123456789abcdefABCDEF") < 4)
					return 0;
				p += 4;
			} else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0') {
				return 0;
			}
		}
	}
	*pp = p + 1;
	return 1;
}

static int members(const char **pp, char close, int keyed)
{
	(*pp)++;
	ws(pp);
	if (**pp == close) {
		(*pp)++;
		return 1;
	}
	for (;;) {
		if (keyed) {
			if (!string(pp))
				return 0;
			ws(pp);
			if (*(*pp)++ != ':')
				return 0;
		}
		if (!value(pp))
			return 0;
		ws(pp);
		if (**pp == close) {
			(*pp)++;
			return 1;
		}
		if (*(*pp)++ != ',')
			return 0;
	}
}

static int value(const char **pp)
{
	ws(pp);
	switch (**pp) {
	case '{': return members(pp, '}', 1);
	case '[': return members(pp, ']', 0);
	case '"': return string(pp);
	case 't': return strncmp(*pp, "true", 4) == 0 ? (*pp += 4, 1) : 0;
	case 'f': return strncmp(*pp, "false", 5) == 0 ? (*pp += 5, 1) : 0;
	case 'n': return strncmp(*pp, "null", 4) == 0 ? (*pp += 4, 1) : 0;
	default:
		if (**pp == '-')
			(*pp)++;
		if (**pp < '0' || **pp > '9')
			return 0;
		while (**pp >= '0' && **pp <= '9')
			(*pp)++;
		return 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *p = s, *end = s + strlen(s), *q;
	struct kd_json j;
	const char *text;

	kd_json_init(&j);
	while (p < end) {
		for (q = p; q < end && (unsigned char)*q >= 8; q++)
			;
		if (q > p) {
			char saved = *q;

			*q = '\0';
			kd_json_str(&j, p);
			*q = saved;
		}
		if (q == end)
			break;
		switch (*q) {
		case 1: kd_json_obj(&j); break;
		case 2: kd_json_obj_end(&j); break;
		case 3: kd_json_arr(&j); break;
		case 4: kd_json_arr_end(&j); break;
		case 5: kd_json_key(&j, q + 1 < end ? "k<&>" : "k"); break;
		case 6: kd_json_int(&j, (long long)(q - s) * -7919); break;
		case 7: kd_json_bool(&j, (q - s) & 1); break;
		default: kd_json_null(&j); break;
		}
		p = q + 1;
	}
	text = kd_json_text(&j);
	if (text != NULL) {
		const char *t = text;

		FUZZ_CHECK(kd_utf8_valid(text, strlen(text)));
		FUZZ_CHECK(t[0] == '\0' || (value(&t) && (ws(&t), *t == '\0')));
	}
	kd_json_free(&j);
	free(s);
	return 0;
}
