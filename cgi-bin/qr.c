/*
 * qr - the citizen's QR code (SPEC "The QR token", issue 3).
 *
 *   GET /qr/<token>.png  the code as a PNG (1-bit, 8 px per module, quiet
 *   GET /qr/<token>.svg  zone of 4) or an SVG; its content is exactly
 *                        <token>.  Only the signature is checked: no
 *                        database, so they are fast and the same for ever
 *                        (Cache-Control: private, max-age=259200,
 *                        immutable: a shared cache must not keep a
 *                        citizen's code).  An expired but genuine code
 *                        still has its image; a forged or malformed one
 *                        is 404, no image.
 *   GET /qr/<token>.label.png   the image to keep: the code with the
 *                        holder's masked name and the expiry under it
 *                        (lib/qrlabel.h), so a family's codes can be told
 *                        apart in a phone's gallery.  Reads the
 *                        declaration (its name; audited, qr_label);
 *                        no-store.  Not ours, no such declaration,
 *                        expired or revoked: 404.
 *   GET /qr/<token>      the page to save or print: the code, the holder's
 *                        name masked as on the ID ("Nguyễn V. A.", the
 *                        number as "038*******34"), the expiry in local
 *                        time, where from and to as communes (never a
 *                        street address), a print button (no-store).
 *                        Expired or revoked (the token's expiry or the
 *                        database's): only that, with "declare again";
 *                        nothing of the person.  A read that shows the
 *                        person is audited (qr_page, the declaration, the
 *                        reader's address), else 503.  Seen once, it
 *                        opens again without network (the citizen's
 *                        service worker, htdocs/citizen-sw.js).  JSON:
 *                        {"declaration_id", "valid", "reason",
 *                        "expires_at", "full_name" (masked), "qr_png",
 *                        "qr_svg"}; expired or revoked {"valid",
 *                        "reason", "expires_at"} only.  Bad signature or
 *                        no such declaration: 404.
 *   GET /qr/pubkey       the public keys that sign the codes, as JSON
 *                        {"keys": [{"kid", "alg", "public_key"}], ...}.
 *
 * The program does not load sessions (need_db is 0, so no request costs
 * a session look-up); its own init opens the database for the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "decl.h"
#include "log.h"
#include "mask.h"
#include "qrimg.h"
#include "qrlabel.h"
#include "resp.h"
#include "serve.h"
#include "token.h"
#include "units.h"

#define IMAGE_CACHE "private, max-age=259200, immutable"
#define PUBKEY_CACHE "public, max-age=3600"
#define PREFIX "/qr/"

enum kind { K_PAGE, K_PNG, K_SVG, K_LABEL };

/* The endings of the names under /qr/<token>, and what each serves. */
static const struct {
	const char *ending;
	enum kind kind;
} endings[] = {
	{ ".label.png", K_LABEL }, { ".png", K_PNG }, { ".svg", K_SVG },
};

/* Splits "/qr/<token>[.png|.svg|.label.png]"; the token is copied into
 * out.  -1 when the name cannot be a token at all. */
static int parse_path(const char *path, char out[KD_TOKEN_MAX], enum kind *kind)
{
	const char *name = path + strlen(PREFIX), *dot = strchr(name, '.');
	size_t len = dot != NULL ? (size_t)(dot - name) : strlen(name), k;

	*kind = K_PAGE;
	if (dot != NULL) {
		for (k = 0; k < sizeof(endings) / sizeof(endings[0]); k++)
			if (strcmp(dot, endings[k].ending) == 0)
				break;
		if (k == sizeof(endings) / sizeof(endings[0]))
			return -1;
		*kind = endings[k].kind;
	}
	if (len == 0 || len >= KD_TOKEN_MAX)
		return -1;
	memcpy(out, name, len);
	out[len] = '\0';
	return 0;
}

static void image(struct kd_req *r, const char *token, enum kind kind)
{
	struct kd_image img;
	int rc;

	rc = kind == K_PNG ? kd_qr_png(token, KD_QR_SCALE, &img) : kd_qr_svg(token, &img);
	if (rc != 0) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_reply_bytes(r, 200, kind == K_PNG ? "image/png" : "image/svg+xml",
	    IMAGE_CACHE, img.data, img.len);
	free(img.data);
}

static void invalid_page(struct kd_req *r)
{
	HDF *hdf;

	if (r->want_json) {
		kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf != NULL)
		kd_hdf_set(hdf, "Qr.invalid", "1");
	kd_reply_page(r, 404, "qr.cs", hdf);
}

/* Why a code no longer shows its holder: "expired" (the token's expiry
 * or the database's), "revoked", or NULL while it is valid. */
static const char *void_reason(const struct kd_decl *d, enum kd_token_status st)
{
	if (d->revoked_at != 0)
		return "revoked";
	if (st == KD_TOKEN_EXPIRED || d->expires_at <= time(NULL))
		return "expired";
	return NULL;
}

/* A read that shows the holder is audited first: 0 go on, -1 answered. */
static int audited(struct kd_req *r, const char *action, const struct kd_decl *d)
{
	char target[24];

	snprintf(target, sizeof(target), "%llu", (unsigned long long)d->declaration_id);
	if (kd_audit(r, action, "declaration", target, NULL) == 0)
		return 0;
	kd_log("qr: audit row not written, page not shown");
	kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
	return -1;
}

static void page_json(struct kd_req *r, const char *token, const struct kd_decl *d,
    const char *masked, const char *why)
{
	char when[32];
	struct kd_json j;

	kd_time_iso(d->expires_at, when);
	kd_json_init(&j);
	kd_json_obj(&j);
	if (why == NULL)
		kd_json_kint(&j, "declaration_id", (long long)d->declaration_id);
	kd_json_kbool(&j, "valid", why == NULL);
	kd_json_kstr(&j, "reason", why);
	kd_json_kstr(&j, "expires_at", when);
	if (why == NULL) {
		kd_json_kstr(&j, "full_name", masked);
		kd_json_kstr(&j, "qr_png", kd_asprintf(&r->arena, "/qr/%s.png", token));
		kd_json_kstr(&j, "qr_svg", kd_asprintf(&r->arena, "/qr/%s.svg", token));
	}
	kd_json_obj_end(&j);
	kd_reply_json(r, 200, &j);
}

/* The declaration of a code: 1 loaded, 0 answered (404 or 503). */
static int load(struct kd_req *r, unsigned long long id, struct kd_decl *d,
    enum kind kind)
{
	int rc = kd_decl_load(id, d);

	if (rc < 0)
		kd_reply_error(r, KD_E_UNAVAILABLE, NULL, 0, NULL);
	else if (rc == 0 && kind == K_PAGE)
		invalid_page(r);
	else if (rc == 0)
		kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
	return rc == 1;
}

/* The code with the masked name and the expiry under it. */
static void labelled(struct kd_req *r, const char *token, enum kd_token_status st,
    unsigned long long id)
{
	static struct kd_decl d;
	char name[KD_MASK_NAME_MAX], when[40], expiry[64];
	const char *lines[2] = { name, expiry };
	struct kd_image img;

	if (!load(r, id, &d, K_LABEL))
		return;
	if (void_reason(&d, st) != NULL) {
		kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		return;
	}
	if (audited(r, "qr_label", &d) != 0)
		return;
	if (kd_mask_name(d.v[KD_DF_FULL_NAME], name, sizeof(name)) != 0)
		name[0] = '\0';
	kd_time_vn(d.expires_at, when);
	snprintf(expiry, sizeof(expiry), "Hết hạn: %s", when);
	if (kd_qr_png_labelled(token, lines, 2, &img) != 0) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_reply_bytes(r, 200, "image/png", NULL, img.data, img.len);
	free(img.data);
}

/* The holder and the journey, as the page shows them: masked, and the
 * communes without street addresses. */
static void holder_hdf(HDF *hdf, const struct kd_decl *d, const char *masked)
{
	char when[40], id[KD_MASK_ID_MAX];
	const char *place;
	time_t now = time(NULL);

	kd_hdf_set(hdf, "Qr.name", masked);
	if (kd_mask_id_number(d->v[KD_DF_ID_NUMBER], id, sizeof(id)) == 0)
		kd_hdf_set(hdf, "Qr.id_masked", id);
	kd_time_vn(d->created_at, when);
	kd_hdf_set(hdf, "Qr.created", when);
	place = kd_unit_display(d->v[KD_DF_FROM_COMMUNE]);
	kd_hdf_set(hdf, "Qr.from", place != NULL ? place : d->v[KD_DF_FROM_COMMUNE]);
	place = kd_unit_display(d->v[KD_DF_TO_COMMUNE]);
	kd_hdf_set(hdf, "Qr.to", place != NULL ? place : d->v[KD_DF_TO_COMMUNE]);
	kd_hdf_set_int(hdf, "Qr.hours_left", (long long)((d->expires_at - now + 3599) / 3600));
}

static void page(struct kd_req *r, const char *token, enum kd_token_status st,
    unsigned long long id)
{
	static struct kd_decl d;     /* 22 KB: not on the stack */
	char when[40], masked[KD_MASK_NAME_MAX];
	const char *why;
	HDF *hdf;

	if (!load(r, id, &d, K_PAGE))
		return;
	why = void_reason(&d, st);
	if (kd_mask_name(d.v[KD_DF_FULL_NAME], masked, sizeof(masked)) != 0)
		masked[0] = '\0';
	if (why == NULL && audited(r, "qr_page", &d) != 0)
		return;
	if (r->want_json) {
		page_json(r, token, &d, masked, why);
		return;
	}
	hdf = kd_hdf_new(r);
	if (hdf == NULL) {
		kd_reply_error(r, KD_E_SERVER, NULL, 0, NULL);
		return;
	}
	kd_time_vn(d.expires_at, when);
	kd_hdf_set(hdf, "Qr.expires", when);
	kd_time_iso(d.expires_at, when);
	kd_hdf_set(hdf, "Qr.expires_iso", when);
	if (why != NULL) {
		/* Nothing of the person once the code is void. */
		kd_hdf_set(hdf, strcmp(why, "revoked") == 0 ? "Qr.revoked" : "Qr.expired", "1");
	} else {
		kd_hdf_set(hdf, "Qr.token", token);
		holder_hdf(hdf, &d, masked);
	}
	kd_reply_page(r, 200, "qr.cs", hdf);
}

/* GET /qr/<token>[.png|.svg]: see the top of the file. */
static void qr(struct kd_req *r)
{
	char token[KD_TOKEN_MAX];
	unsigned long long id = 0;
	enum kd_token_status st;
	enum kind kind;
	time_t expires;

	if (parse_path(r->path, token, &kind) != 0) {
		kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		return;
	}
	st = kd_token_verify(token, time(NULL), &id, &expires);
	if (st != KD_TOKEN_OK && st != KD_TOKEN_EXPIRED) {
		if (kind == K_PAGE)
			invalid_page(r);
		else
			kd_reply_error(r, KD_E_NOT_FOUND, NULL, 0, NULL);
		return;
	}
	if (kind == K_PAGE)
		page(r, token, st, id);
	else if (kind == K_LABEL)
		labelled(r, token, st, id);
	else
		image(r, token, kind);
}

static void add_key(void *ctx, int kid, const char *pk)
{
	struct kd_json *j = ctx;

	kd_json_obj(j);
	kd_json_kint(j, "kid", kid);
	kd_json_kstr(j, "alg", "Ed25519");
	kd_json_kstr(j, "public_key", pk);
	kd_json_obj_end(j);
}

/* GET /qr/pubkey: the keys, for verifying a code offline. */
static void pubkey(struct kd_req *r)
{
	struct kd_json j;

	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_key(&j, "keys");
	kd_json_arr(&j);
	kd_token_public_keys(add_key, &j);
	kd_json_arr_end(&j);
	kd_json_kstr(&j, "encoding", "base64url without padding");
	kd_json_kstr(&j, "public_key_encoding", "base64url of the 32-byte Ed25519 key");
	kd_json_kstr(&j, "token_layout",
	    "76 bytes: version (1 byte, 1) | kid (1) | declaration_id (6, big-endian)"
	    " | expires (4, Unix seconds, big-endian) | Ed25519 signature (64) of the"
	    " first 12 bytes with the key named by kid");
	kd_json_kint(&j, "token_length", 102);
	kd_json_kint(&j, "ttl_seconds", KD_TOKEN_TTL);
	kd_json_obj_end(&j);
	kd_reply_json_cached(r, 200, &j, PUBKEY_CACHE);
}

static int qr_init(void)
{
	/* Only the pages read the database; the bare images never do. */
	if (kd_db_open(NULL, 0) != 0 || kd_units_load() != 0)
		return -1;
	return kd_qr_font_load(kd_conf_str("font_file", KD_QR_FONT_DEFAULT));
}

/* Public: the token is the capability. */
static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/qr/pubkey", .anon = KD_ANON_ALLOW, .handler = pubkey },
	{ .method = "GET", .path = PREFIX, .anon = KD_ANON_ALLOW, .handler = qr },
};

static const struct kd_program program = {
	.name = "qr",
	.need_db = 0,
	.init = qr_init,
	.need_keys = KD_KEYS_CHECK,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
