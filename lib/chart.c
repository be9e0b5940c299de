/*
 * chart.c - numbers and words for pages and charts (see chart.h).
 */
#include <stdio.h>

#include "chart.h"

void kd_chart_label(const char *name, size_t chars, char *out, size_t outlen)
{
	size_t i = 0, n = 0;

	if (name == NULL)
		name = "";
	while (name[i] != '\0' && n < chars && i + 4 < outlen) {
		i++;
		while ((name[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	snprintf(out, outlen, "%.*s%s", (int)i, name, name[i] != '\0' ? "…" : "");
}

long long kd_chart_axis(long long max)
{
	static const long long steps[] = { 1, 2, 5 };
	long long scale = 1;
	size_t k;

	for (;;) {
		for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++)
			if (steps[k] * scale >= max)
				return steps[k] * scale;
		scale *= 10;
	}
}

void kd_number_vn(long long n, char out[32])
{
	char digits[24];
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof(digits), "%lld", n < 0 ? 0 : n);
	for (i = 0; i < len && o < 30; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}
