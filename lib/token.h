/*
 * token.h - the signed QR token (SPEC "The QR token").
 *
 * Binary layout, then base64url without padding:
 *   version (1) | key id (1) | declaration id (6, big-endian)
 *   | expiry (4, Unix seconds, big-endian) | Ed25519 signature (64)
 * = 76 bytes -> 102 characters: a version 6 QR at level M.  No personal
 * data: the officer's look-up finds the declaration by id.
 */
#ifndef KD_TOKEN_H
#define KD_TOKEN_H

#include "attr.h"

#include <time.h>

#define KD_TOKEN_MAX 128          /* buffer size for a token text */
#define KD_TOKEN_TTL (72 * 3600)  /* a QR is valid 72 hours */

enum kd_token_status {
	KD_TOKEN_OK,
	KD_TOKEN_MALFORMED,       /* not our format at all */
	KD_TOKEN_BAD_SIGNATURE,   /* any changed byte */
	KD_TOKEN_UNKNOWN_KEY,     /* key id we do not have */
	KD_TOKEN_EXPIRED
};

/* Loads the signing keys from key_dir, making the first one (mode 0600)
 * when there is none, and writes each one's public half beside it
 * ("<kid>.pub"); safe when several workers start at once.  0 ok. */
int kd_token_keys_load(const char *key_dir) KD_MUST_USE;

/* Loads only the public keys ("<kid>.pub") of key_dir: enough to check
 * codes, never to sign one (kd_token_sign then fails).  -1 when there is
 * none yet (no signing program has started) or one is bad. */
int kd_token_pubkeys_load(const char *key_dir) KD_MUST_USE;

/* Signs with the newest key.  0 ok. */
int kd_token_sign(unsigned long long declaration_id, time_t expires,
    char out[KD_TOKEN_MAX]) KD_MUST_USE;

/* Checks format, key and signature (no database), then expiry against
 * now.  decl_id/expires are filled whenever the signature is good.  A
 * token whose signature was found good lately is not checked again
 * (token.c says how); safe to call from several threads. */
enum kd_token_status kd_token_verify(const char *token, time_t now,
    unsigned long long *declaration_id, time_t *expires);

/* How many calls since the keys were loaded found their token among the
 * ones already checked. */
unsigned long kd_token_cache_hits(void);

/* A code as a person or a device hands it over, read as its token:
 * spaces and line breaks anywhere are dropped (a code typed in groups, a
 * scanner's line end), a pasted link is read from its last "/qr/" (an
 * image suffix, query or fragment dropped).  0 with out filled when what
 * is left has the token's length and alphabet (whether it is genuine is
 * kd_token_verify's business); -1 when it cannot be a code at all. */
int kd_token_normalise(const char *in, char out[KD_TOKEN_MAX]) KD_MUST_USE;

/* The reason word of SPEC for a status ("bad_signature", "expired"...). */
const char *kd_token_reason(enum kd_token_status st);

/* Public keys as JSON-ready data: calls fn for each (key id, base64url
 * public key). */
void kd_token_public_keys(void (*fn)(void *ctx, int key_id, const char *pk_b64),
    void *ctx);

#endif
