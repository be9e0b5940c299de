/*
 * json.h - the one JSON writer.  Every string goes through kd_json_str,
 * which escapes quotes, backslashes, controls and also <, >, & and
 * U+2028/9, so a value can never end a string or a <script> it lands in.
 * Commas are placed by the writer, not by callers, and misuse (a value
 * without its key in an object, a key in an array, a close that does not
 * match, a second top-level value) fails the text: it is never invalid
 * JSON.
 */
#ifndef KD_JSON_H
#define KD_JSON_H

#include <stddef.h>

#define KD_JSON_DEPTH 16

struct kd_json {
	char *buf;
	size_t len, cap;
	int failed;                    /* out of memory or misuse */
	int depth;
	unsigned char first[KD_JSON_DEPTH];
	unsigned char in_object[KD_JSON_DEPTH];  /* the container is an object */
	unsigned char after_key;
};

void kd_json_init(struct kd_json *j);
void kd_json_free(struct kd_json *j);

void kd_json_obj(struct kd_json *j);      /* { */
void kd_json_obj_end(struct kd_json *j);  /* } */
void kd_json_arr(struct kd_json *j);      /* [ */
void kd_json_arr_end(struct kd_json *j);  /* ] */
void kd_json_key(struct kd_json *j, const char *key);
void kd_json_str(struct kd_json *j, const char *s);  /* NULL writes null */
void kd_json_int(struct kd_json *j, long long n);
void kd_json_bool(struct kd_json *j, int b);
void kd_json_null(struct kd_json *j);

/* key + value in one call */
void kd_json_kstr(struct kd_json *j, const char *key, const char *s);
void kd_json_kint(struct kd_json *j, const char *key, long long n);
void kd_json_kbool(struct kd_json *j, const char *key, int b);

/* Appends n bytes of s to a malloc'd, NUL-terminated text (*buf, *len
 * bytes in *cap), doubling its room when needed: the JSON writer's buffer,
 * shared with lib/rows.c's CSV.  0 ok, -1 out of memory (the text is
 * left as it was). */
int kd_text_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n);

/* The finished text (NUL-terminated), or NULL if anything failed. */
const char *kd_json_text(const struct kd_json *j);

#endif
