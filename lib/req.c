#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "valid.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX and '+' in place over [s, s+len); returns the new length or
 * -1 on a broken escape.  The output never grows, so no overflow. */
static long url_decode(char *s, size_t len)
{
	size_t in = 0, out = 0;

	while (in < len) {
		if (s[in] == '%') {
			int hi, lo;

			/* Both hex digits must be inside the value. */
			if (in + 2 >= len)
				return -1;
			hi = hexval((unsigned char)s[in + 1]);
			lo = hexval((unsigned char)s[in + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			s[out++] = (char)(hi * 16 + lo);
			in += 3;
		} else if (s[in] == '+') {
			s[out++] = ' ';
			in++;
		} else {
			s[out++] = s[in++];
		}
	}
	s[out] = '\0';
	return (long)out;
}

static int key_valid(const char *key, size_t len)
{
	size_t i;

	if (len == 0 || len > KD_MAX_KEY)
		return 0;
	for (i = 0; i < len; i++) {
		char c = key[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

enum kd_parse_status kd_parse_urlencoded(char *buf, struct kd_kv *out,
    size_t max, size_t *n)
{
	char *pair = buf;

	*n = 0;
	if (buf == NULL)
		return KD_PARSE_OK;
	while (*pair != '\0') {
		char *end = strchr(pair, '&');
		char *eq;
		long klen, vlen;
		char *value;

		if (end != NULL)
			*end = '\0';
		if (*pair != '\0') {
			if (*n == max)
				return KD_PARSE_TOO_MANY;
			eq = strchr(pair, '=');
			value = eq != NULL ? eq + 1 : pair + strlen(pair);
			if (eq != NULL)
				*eq = '\0';
			klen = url_decode(pair, strlen(pair));
			vlen = url_decode(value, strlen(value));
			if (klen < 0 || vlen < 0)
				return KD_PARSE_BAD_ENCODING;
			/* A decoded NUL would cut the key short unnoticed. */
			if ((size_t)klen != strlen(pair) || !key_valid(pair, (size_t)klen))
				return KD_PARSE_BAD_ENCODING;
			out[*n].key = pair;
			out[*n].value = value;
			out[*n].len = (size_t)vlen;
			(*n)++;
		}
		if (end == NULL)
			break;
		pair = end + 1;
	}
	return KD_PARSE_OK;
}

void kd_parse_cookies(struct kd_arena *a, const char *header,
    struct kd_kv *out, size_t max, size_t *n)
{
	const char *p = header;

	*n = 0;
	while (p != NULL && *p != '\0' && *n < max) {
		const char *end = strchr(p, ';');
		const char *eq;
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len > 0 && *p == ' ') {
			p++;
			len--;
		}
		eq = memchr(p, '=', len);
		if (eq != NULL && eq > p) {
			out[*n].key = kd_strndup(a, p, (size_t)(eq - p));
			out[*n].value = kd_strndup(a, eq + 1, len - (size_t)(eq - p) - 1);
			out[*n].len = len - (size_t)(eq - p) - 1;
			if (out[*n].key != NULL && out[*n].value != NULL)
				(*n)++;
		}
		p = end ? end + 1 : NULL;
	}
}

const char *kd_req_param(const struct kd_req *r, const char *name)
{
	return FCGX_GetParam(name, r->fcgx->envp);
}

const char *kd_req_cookie(const struct kd_req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncookies; i++)
		if (strcmp(r->cookies[i].key, name) == 0)
			return r->cookies[i].value;
	return NULL;
}

int kd_req_set_cookie(struct kd_req *r, const char *header_value)
{
	if (r->nset_cookies == KD_MAX_SET_COOKIES)
		return -1;
	r->set_cookies[r->nset_cookies] = kd_strdup(&r->arena, header_value);
	if (r->set_cookies[r->nset_cookies] == NULL)
		return -1;
	r->nset_cookies++;
	return 0;
}

static enum kd_parse_status read_body(struct kd_req *r, size_t max_body)
{
	const char *clen = kd_req_param(r, "CONTENT_LENGTH");
	const char *ctype = kd_req_param(r, "CONTENT_TYPE");
	unsigned long long len = 0;
	char *end;
	int got;

	if (clen != NULL && *clen != '\0') {
		len = strtoull(clen, &end, 10);
		if (*end != '\0')
			return KD_PARSE_BAD_ENCODING;
	}
	/* Decided before a byte is read: an oversize body is never buffered. */
	if (len > max_body)
		return KD_PARSE_TOO_LARGE;
	if (len > 0 && (ctype == NULL ||
	    strncmp(ctype, "application/x-www-form-urlencoded", 33) != 0))
		return KD_PARSE_BAD_TYPE;
	r->raw_body = kd_alloc(&r->arena, (size_t)len + 1);
	if (r->raw_body == NULL)
		return KD_PARSE_NO_MEMORY;
	got = len > 0 ? FCGX_GetStr(r->raw_body, (int)len, r->fcgx->in) : 0;
	if (got < 0 || (unsigned long long)got != len)
		return KD_PARSE_BAD_ENCODING;
	r->raw_body[len] = '\0';
	r->body_len = (size_t)len;
	/* A raw NUL would end the text early: refuse the body. */
	if (memchr(r->raw_body, '\0', r->body_len) != NULL)
		return KD_PARSE_BAD_ENCODING;
	/* Parse a copy: handlers that need the raw text (CSV upload) keep it. */
	return kd_parse_urlencoded(kd_strndup(&r->arena, r->raw_body, r->body_len),
	    r->body, KD_MAX_PARAMS, &r->nbody);
}

enum kd_parse_status kd_req_read(struct kd_req *r, FCGX_Request *fcgx,
    size_t max_body)
{
	const char *qs, *accept, *uri;
	char *query;
	enum kd_parse_status st;

	r->fcgx = fcgx;
	r->method = kd_req_param(r, "REQUEST_METHOD");
	if (r->method == NULL)
		r->method = "GET";
	uri = kd_req_param(r, "DOCUMENT_URI");
	r->path = uri != NULL ? uri : "/";
	accept = kd_req_param(r, "HTTP_ACCEPT");
	r->want_json = accept != NULL && strstr(accept, "application/json") != NULL;
	kd_parse_cookies(&r->arena, kd_req_param(r, "HTTP_COOKIE"), r->cookies,
	    KD_MAX_COOKIES, &r->ncookies);
	if (!kd_utf8_valid(r->path, strlen(r->path)))
		return KD_PARSE_BAD_UTF8;
	qs = kd_req_param(r, "QUERY_STRING");
	query = kd_strdup(&r->arena, qs != NULL ? qs : "");
	if (query == NULL)
		return KD_PARSE_NO_MEMORY;
	st = kd_parse_urlencoded(query, r->query, KD_MAX_PARAMS, &r->nquery);
	if (st != KD_PARSE_OK)
		return st;
	if (strcmp(r->method, "POST") == 0)
		return read_body(r, max_body);
	return KD_PARSE_OK;
}

void kd_req_reset(struct kd_req *r)
{
	kd_arena_reset(&r->arena);
	memset(r, 0, sizeof(*r));
}
