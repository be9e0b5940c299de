/*
 * csv.h - one CSV line splitter (RFC 4180 quoting, no embedded newlines)
 * for our reference files and uploads.  The registry importer streams its
 * own parser because its records may span lines.
 */
#ifndef KD_CSV_H
#define KD_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Splits line in place into at most max fields, undoing quoting ("" is a
 * quote inside a quoted field).  The field count, or -1 when the line is
 * malformed (a stray quote, an unclosed quote) or has more than max. */
int kd_csv_split(char *line, char **field, int max);

/* Reads the next line into buf without its "\n" or "\r\n".  1 a line,
 * 0 end of file, -1 a line longer than the buffer. */
int kd_csv_read_line(FILE *fp, char *buf, size_t size);

/* Opens path and reads its first line, which must be exactly header (a
 * UTF-8 byte-order mark before it is allowed).  The file, positioned on
 * the first record; NULL after telling stderr why, as "prog: path: ...". */
FILE *kd_csv_open(const char *path, const char *header, const char *prog);

/*
 * Writing: lists answered as CSV (SPEC "format=csv": UTF-8, a header
 * line).  Each row ends in CRLF (RFC 4180); a cell with a comma, a quote
 * or a line break is quoted.  A cell that starts with = + - @ or a tab
 * gets an apostrophe in front, so that a spreadsheet shows it as text
 * instead of running it as a formula.
 */
struct kd_csv_out {
	char *buf;
	size_t len, cap;
	size_t ncells;              /* cells written in the current row */
	int failed;                 /* out of memory: the text is incomplete */
};

void kd_csv_out_init(struct kd_csv_out *o);
/* A whole row of text cells (NULL = empty). */
void kd_csv_row(struct kd_csv_out *o, const char *const *cells, size_t n);
/* One cell at a time: text gets the formula guard, a number not; NULL is
 * an empty cell.  kd_csv_end_row ends the line. */
void kd_csv_cell(struct kd_csv_out *o, const char *s, int text);
void kd_csv_end_row(struct kd_csv_out *o);
void kd_csv_out_free(struct kd_csv_out *o);

#endif
