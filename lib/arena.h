/*
 * arena.h - per-request memory: everything a request allocates hangs off
 * one arena that is reset at the end of the loop turn, so a handler never
 * frees and never leaks.
 */
#ifndef KD_ARENA_H
#define KD_ARENA_H

#include <stddef.h>

struct kd_arena_chunk;

struct kd_arena {
	struct kd_arena_chunk *head;
};

/* NULL when out of memory (callers answer 500). Memory is zeroed. */
void *kd_alloc(struct kd_arena *a, size_t size);
char *kd_strdup(struct kd_arena *a, const char *s);
char *kd_strndup(struct kd_arena *a, const char *s, size_t n);
/* printf into arena memory; NULL on error. */
char *kd_asprintf(struct kd_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A copy of s packed right after the arena's last bytes, without the
 * alignment kd_alloc keeps: for many small strings that live as long as
 * the arena (the administrative units' names, lib/units.c). */
char *kd_strpack(struct kd_arena *a, const char *s);
void kd_arena_reset(struct kd_arena *a);

#endif
