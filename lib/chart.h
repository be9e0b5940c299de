/*
 * chart.h - numbers and words as pages and charts show them.  The charts
 * themselves are SVG written by templates from numbers a program computes
 * (templates/f-trace.cs, templates/report.cs): no script, every text
 * escaped by the template.  These are the pieces more than one program
 * needs.
 */
#ifndef KD_CHART_H
#define KD_CHART_H

#include <stddef.h>

/* name cut to at most chars characters (whole UTF-8 sequences), with "…"
 * when it was cut; NULL is "". */
void kd_chart_label(const char *name, size_t chars, char *out, size_t outlen);

/* The round top of an axis that holds max: 1, 2 or 5 times a power of
 * ten, at least max (and at least 1). */
long long kd_chart_axis(long long max);

/* A number as people read it here: "1.500.000" for 1500000 (negative
 * numbers are written as 0: amounts and counts only). */
void kd_number_vn(long long n, char out[32]);

#endif
