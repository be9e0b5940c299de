#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_CHUNK 16384

struct kd_arena_chunk {
	struct kd_arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

/* size bytes at a multiple of align in the head chunk, or in a new one
 * when the head has no room (the head's tail is then left unused). */
static void *take(struct kd_arena *a, size_t size, size_t align)
{
	struct kd_arena_chunk *c = a->head;
	size_t at = c != NULL ? (c->used + align - 1) / align * align : 0;

	if (c == NULL || at > c->cap || c->cap - at < size) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;

		c = malloc(sizeof(*c) + cap);
		if (c == NULL)
			return NULL;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
		at = 0;
	}
	c->used = at + size;
	return (char *)c->data + at;
}

void *kd_alloc(struct kd_arena *a, size_t size)
{
	size_t align = sizeof(max_align_t);
	size_t need = (size + align - 1) / align * align;
	void *p;

	if (size == 0 || need < size)
		need = align;
	p = take(a, need, align);
	if (p != NULL)
		memset(p, 0, size);
	return p;
}

char *kd_strpack(struct kd_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = take(a, n, 1);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

char *kd_strndup(struct kd_arena *a, const char *s, size_t n)
{
	char *p = kd_alloc(a, n + 1);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

char *kd_strdup(struct kd_arena *a, const char *s)
{
	return kd_strndup(a, s, strlen(s));
}

char *kd_asprintf(struct kd_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = kd_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void kd_arena_reset(struct kd_arena *a)
{
	struct kd_arena_chunk *c = a->head, *next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
