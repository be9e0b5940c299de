/*
 * bulk.c - a one-row INSERT executed over arrays of rows (see bulk.h).
 *
 * The cells of the rows waiting to be sent are copied one after another
 * into one growing buffer; at a flush each column gets its arrays of
 * pointers, lengths and NULL indicators (the column-wise binding of
 * MariaDB's bulk execution), bound once per execution.
 */
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "json.h"
#include "log.h"

struct kd_bulk {
	MYSQL_STMT *st;
	size_t ncols, cap;          /* columns; rows per execution */
	size_t n;                   /* rows waiting */
	char *text;                 /* their cells, each with its NUL */
	size_t used, room;
	size_t *at;                 /* n x ncols offsets into text */
	char *null;                 /* n x ncols: 1 = SQL NULL */
	char **ptr;                 /* ncols x cap, made at a flush */
	unsigned long *len;
	char *ind;
	MYSQL_BIND *bind;
	unsigned long long sent;
	unsigned int err;
};

static void *alloc_array(size_t n, size_t size)
{
	return calloc(n > 0 ? n : 1, size);
}

struct kd_bulk *kd_bulk_open(MYSQL *db, const char *sql, size_t ncols,
    size_t rows_per_execute)
{
	struct kd_bulk *b = calloc(1, sizeof(*b));
	size_t cells = ncols * rows_per_execute;

	if (b == NULL)
		return NULL;
	b->ncols = ncols;
	b->cap = rows_per_execute;
	b->at = alloc_array(cells, sizeof(*b->at));
	b->null = alloc_array(cells, 1);
	b->ptr = alloc_array(cells, sizeof(*b->ptr));
	b->len = alloc_array(cells, sizeof(*b->len));
	b->ind = alloc_array(cells, 1);
	b->bind = alloc_array(ncols, sizeof(*b->bind));
	b->st = mysql_stmt_init(db);
	if (b->at == NULL || b->null == NULL || b->ptr == NULL || b->len == NULL ||
	    b->ind == NULL || b->bind == NULL || b->st == NULL ||
	    mysql_stmt_prepare(b->st, sql, (unsigned long)strlen(sql)) != 0 ||
	    mysql_stmt_param_count(b->st) != ncols) {
		kd_log("bulk: prepare failed: %u", b->st ? mysql_stmt_errno(b->st) : 0);
		kd_bulk_close(b);
		return NULL;
	}
	return b;
}

/* Copies s (with its NUL) to the end of the text; its offset in *at. */
static int text_put(struct kd_bulk *b, const char *s, size_t *at)
{
	*at = b->used;
	return kd_text_append(&b->text, &b->used, &b->room, s, strlen(s) + 1);
}

int kd_bulk_add(struct kd_bulk *b, const char *const *cells)
{
	size_t c, k = b->n * b->ncols;

	for (c = 0; c < b->ncols; c++) {
		b->null[k + c] = cells[c] == NULL;
		if (cells[c] != NULL && text_put(b, cells[c], &b->at[k + c]) != 0)
			return -1;
	}
	b->n++;
	return b->n == b->cap ? kd_bulk_flush(b) : 0;
}

/* Column c's arrays for the rows waiting. */
static void bind_column(struct kd_bulk *b, size_t c)
{
	size_t r, k = c * b->cap;

	for (r = 0; r < b->n; r++) {
		size_t cell = r * b->ncols + c;

		b->ind[k + r] = b->null[cell] ? STMT_INDICATOR_NULL : STMT_INDICATOR_NONE;
		b->ptr[k + r] = b->null[cell] ? NULL : b->text + b->at[cell];
		b->len[k + r] = b->null[cell] ? 0 : (unsigned long)strlen(b->ptr[k + r]);
	}
	memset(&b->bind[c], 0, sizeof(b->bind[c]));
	b->bind[c].buffer_type = MYSQL_TYPE_STRING;
	b->bind[c].buffer = &b->ptr[k];
	b->bind[c].length = &b->len[k];
	b->bind[c].u.indicator = &b->ind[k];
}

int kd_bulk_flush(struct kd_bulk *b)
{
	unsigned int rows = (unsigned int)b->n;
	size_t c;

	if (b->n == 0)
		return 0;
	for (c = 0; c < b->ncols; c++)
		bind_column(b, c);
	if (mysql_stmt_attr_set(b->st, STMT_ATTR_ARRAY_SIZE, &rows) != 0 ||
	    mysql_stmt_bind_param(b->st, b->bind) != 0 ||
	    mysql_stmt_execute(b->st) != 0) {
		b->err = mysql_stmt_errno(b->st);
		return -1;
	}
	b->sent += b->n;
	b->n = 0;
	b->used = 0;
	return 0;
}

unsigned long long kd_bulk_sent(const struct kd_bulk *b)
{
	return b->sent;
}

unsigned int kd_bulk_errno(const struct kd_bulk *b)
{
	return b->err;
}

void kd_bulk_close(struct kd_bulk *b)
{
	if (b == NULL)
		return;
	if (b->st != NULL)
		mysql_stmt_close(b->st);
	free(b->text);
	free(b->at);
	free(b->null);
	free(b->ptr);
	free(b->len);
	free(b->ind);
	free(b->bind);
	free(b);
}
