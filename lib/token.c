/*
 * token.c - the signed QR token (see token.h).
 *
 * Keys: one file per key in key_dir, named "<kid>.key" (kid 1..255),
 * holding the 32-byte Ed25519 seed and nothing else, mode 0600.  Every
 * worker loads all of them; tokens are signed with the highest kid and
 * verified with the kid they name, so a new key can be added (a file with
 * a higher kid, then a restart) while the codes signed with the old one
 * stay valid until they expire; the old file can go 72 hours later.
 *
 * The first key is made by whichever worker gets there first: each writes
 * its own temporary file (O_EXCL, 0600, fsync) and link()s it to "1.key";
 * link() never replaces an existing name, so exactly one wins and everyone
 * then loads that one.
 *
 * Programs that only check codes (qr, verify) never read a seed: a
 * program that signs writes each key's public half next to it,
 * "<kid>.pub" (32 bytes), and the checkers load those alone
 * (kd_token_pubkeys_load), so a fault in a checker cannot give away the
 * power to make codes (issue 18).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyfile.h"
#include "log.h"
#include "token.h"

#define TOKEN_VERSION 1
#define TOKEN_MSG 12                                  /* signed part */
#define TOKEN_BIN (TOKEN_MSG + crypto_sign_BYTES)     /* 76 */
#define TOKEN_TEXT 102                                /* base64url of 76 */
#define KID_MAX 255
#define ID_MAX ((1ULL << 48) - 1)

_Static_assert(TOKEN_BIN == 76, "token layout");
_Static_assert(TOKEN_TEXT < KD_TOKEN_MAX, "token buffer");

struct token_key {
	int present;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

static struct token_key keys[KID_MAX + 1];
static int sign_kid;                                  /* 0 = no key */

/*
 * Tokens whose signature was found good.  A code is checked again when
 * the officer confirms the passage just scanned, and at every checkpoint
 * of the citizen's journey; the Ed25519 check is most of a look-up's own
 * CPU (~60 us here), a slot look-up well under a microsecond.  Only good
 * signatures are kept, as the whole 76 bytes: a token that differs in
 * any byte is checked in full, so a forged code never gets past here.
 * Expiry is compared on every call.  Direct-mapped: a newer token takes
 * the slot of an older one.  The slot comes from SipHash under a random
 * per-process key, so nobody can aim codes at one slot.  Shared by the
 * threads of a worker under one lock (held for a 76-byte compare or
 * copy).  32,768 slots, 2.5 MB: about half a minute of scans at a
 * thousand a second, enough for a confirm to find its scan.  Emptied
 * whenever keys are loaded, by a new generation rather than a memset, so
 * that a program that never checks a token never touches the pages.
 */
#define CACHE_SLOTS 32768
struct cache_slot {
	unsigned int generation;                      /* 0 = never used */
	unsigned char bin[TOKEN_BIN];
};
static struct cache_slot cache[CACHE_SLOTS];
static unsigned int cache_generation;
static unsigned char cache_key[crypto_shorthash_KEYBYTES];
static unsigned long cache_hits;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* "<kid>.key" with kid 1..255 written without leading zeros; else 0. */
static int kid_of_name(const char *name)
{
	int kid = 0;
	size_t i;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	for (i = 0; name[i] >= '0' && name[i] <= '9'; i++) {
		kid = kid * 10 + (name[i] - '0');
		if (kid > KID_MAX)
			return 0;
	}
	return strcmp(name + i, ".key") == 0 ? kid : 0;
}

/* "<kid>.pub" with kid 1..255 written without leading zeros; else 0. */
static int kid_of_pub(const char *name)
{
	char key[16];
	size_t len = strlen(name);

	if (len < 5 || len > 7 || strcmp(name + len - 4, ".pub") != 0)
		return 0;
	snprintf(key, sizeof(key), "%.*s.key", (int)(len - 4), name);
	return kid_of_name(key);
}

/* Writes the public half of key kid as "<kid>.pub" (a new file renamed
 * over the old, which holds the same bytes), unless it is there.  0 ok. */
static int write_pub(const char *key_dir, int kid)
{
	unsigned char have[crypto_sign_PUBLICKEYBYTES];
	char path[512], tmp[560];
	int fd, ok;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%d.pub", key_dir, kid);
	fp = fopen(path, "rb");
	if (fp != NULL) {
		ok = fread(have, 1, sizeof(have), fp) == sizeof(have) && fgetc(fp) == EOF &&
		    memcmp(have, keys[kid].pk, sizeof(have)) == 0;
		(void)fclose(fp);      /* read only: nothing to lose */
		if (ok)
			return 0;
	}
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	ok = write(fd, keys[kid].pk, sizeof(keys[kid].pk)) == (ssize_t)sizeof(keys[kid].pk) &&
	    fsync(fd) == 0;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
		if (unlink(tmp) != 0)
			kd_log("token: cannot remove %s", tmp);
		return -1;
	}
	return 0;
}

static int load_one(const char *key_dir, const char *name, int kid)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	char path[512];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", key_dir, name) >= sizeof(path) ||
	    kd_keyfile_read(path, seed, sizeof(seed)) != 0) {
		kd_log("token: key %d cannot be used", kid);
		return -1;
	}
	crypto_sign_seed_keypair(keys[kid].pk, keys[kid].sk, seed);
	sodium_memzero(seed, sizeof(seed));
	keys[kid].present = 1;
	if (write_pub(key_dir, kid) != 0) {
		kd_log("token: the public half of key %d cannot be written", kid);
		return -1;
	}
	return 0;
}

/* Reads "<kid>.pub": 32 bytes exactly.  0 ok. */
static int load_pub(const char *key_dir, const char *name, int kid)
{
	char path[512];
	FILE *fp;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", key_dir, name);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return -1;
	ok = fread(keys[kid].pk, 1, sizeof(keys[kid].pk), fp) == sizeof(keys[kid].pk) &&
	    fgetc(fp) == EOF;
	(void)fclose(fp);      /* read only */
	if (!ok) {
		kd_log("token: public key %d cannot be used", kid);
		return -1;
	}
	keys[kid].present = 1;
	return 0;
}

/* Loads every key file (the seeds, or with public_only the "<kid>.pub"
 * files); the number of keys, or -1 on a bad one. */
static int load_all(const char *key_dir, int public_only)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(key_dir);
	if (d == NULL) {
		kd_log("token: cannot open key folder: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		int kid = public_only ? kid_of_pub(de->d_name) : kid_of_name(de->d_name);

		if (kid == 0)
			continue;
		if ((public_only ? load_pub(key_dir, de->d_name, kid) :
		    load_one(key_dir, de->d_name, kid)) != 0) {
			closedir(d);
			return -1;
		}
		n++;
		if (kid > sign_kid && !public_only)
			sign_kid = kid;
	}
	closedir(d);
	return n;
}

/* The first key, 1.key, made once whoever starts first (lib/keyfile.h). */
static int make_first_key(const char *key_dir)
{
	char path[512];

	if ((size_t)snprintf(path, sizeof(path), "%s/1.key", key_dir) >= sizeof(path))
		return -1;
	return kd_keyfile_make(path, crypto_sign_SEEDBYTES);
}

/* Forgets every key and every remembered signature. */
static int keys_reset(void)
{
	if (sodium_init() < 0)
		return -1;
	sodium_memzero(keys, sizeof(keys));
	sign_kid = 0;
	pthread_mutex_lock(&cache_lock);
	if (++cache_generation == 0) {                /* after 2^32 loads */
		memset(cache, 0, sizeof(cache));
		cache_generation = 1;
	}
	crypto_shorthash_keygen(cache_key);
	cache_hits = 0;
	pthread_mutex_unlock(&cache_lock);
	return 0;
}

int kd_token_pubkeys_load(const char *key_dir)
{
	int n;

	if (keys_reset() != 0 || key_dir == NULL || key_dir[0] == '\0')
		return -1;
	n = load_all(key_dir, 1);
	if (n <= 0) {
		/* At the very first start the signers may not have run yet
		 * (the caller waits and tries again). */
		sodium_memzero(keys, sizeof(keys));
		return -1;
	}
	return 0;
}

int kd_token_keys_load(const char *key_dir)
{
	struct stat st;
	int n;

	if (keys_reset() != 0 || key_dir == NULL || key_dir[0] == '\0')
		return -1;
	if (mkdir(key_dir, 0700) != 0 && errno != EEXIST) {
		kd_log("token: cannot make the key folder: %s", strerror(errno));
		return -1;
	}
	/* The folder is ours alone, whatever umask made it. */
	if (stat(key_dir, &st) == 0 && (st.st_mode & 077) != 0 &&
	    chmod(key_dir, 0700) != 0) {
		kd_log("token: the key folder is open to others and cannot be closed");
		return -1;
	}
	n = load_all(key_dir, 0);
	if (n == 0) {
		/* Ours or a sibling worker's: load whichever won. */
		if (make_first_key(key_dir) != 0)
			return -1;
		n = load_all(key_dir, 0);
	}
	if (n <= 0 || sign_kid == 0) {
		sodium_memzero(keys, sizeof(keys));
		sign_kid = 0;
		return -1;
	}
	return 0;
}

int kd_token_sign(unsigned long long declaration_id, time_t expires,
    char out[KD_TOKEN_MAX])
{
	unsigned char bin[TOKEN_BIN];
	uint32_t exp32;
	int i;

	out[0] = '\0';
	if (sign_kid == 0 || declaration_id == 0 || declaration_id > ID_MAX ||
	    expires <= 0 || (unsigned long long)expires > UINT32_MAX)
		return -1;
	exp32 = (uint32_t)expires;
	bin[0] = TOKEN_VERSION;
	bin[1] = (unsigned char)sign_kid;
	for (i = 0; i < 6; i++)
		bin[2 + i] = (unsigned char)(declaration_id >> (8 * (5 - i)));
	for (i = 0; i < 4; i++)
		bin[8 + i] = (unsigned char)(exp32 >> (8 * (3 - i)));
	crypto_sign_detached(bin + TOKEN_MSG, NULL, bin, TOKEN_MSG, keys[sign_kid].sk);
	sodium_bin2base64(out, KD_TOKEN_MAX, bin, sizeof(bin),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

static struct cache_slot *cache_slot_of(const unsigned char bin[TOKEN_BIN])
{
	unsigned char h[crypto_shorthash_BYTES];
	uint32_t n;

	crypto_shorthash(h, bin, TOKEN_BIN, cache_key);
	n = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16;
	return &cache[n % CACHE_SLOTS];
}

/* 1 when exactly these bytes were found well signed before. */
static int cache_has(const unsigned char bin[TOKEN_BIN])
{
	struct cache_slot *slot = cache_slot_of(bin);
	int found;

	pthread_mutex_lock(&cache_lock);
	/* In constant time: how far a guess matched a remembered token
	 * must not show in the answer's timing. */
	found = slot->generation == cache_generation &&
	    sodium_memcmp(slot->bin, bin, TOKEN_BIN) == 0;
	if (found)
		cache_hits++;
	pthread_mutex_unlock(&cache_lock);
	return found;
}

static void cache_put(const unsigned char bin[TOKEN_BIN])
{
	struct cache_slot *slot = cache_slot_of(bin);

	pthread_mutex_lock(&cache_lock);
	memcpy(slot->bin, bin, TOKEN_BIN);
	slot->generation = cache_generation;
	pthread_mutex_unlock(&cache_lock);
}

unsigned long kd_token_cache_hits(void)
{
	unsigned long hits;

	pthread_mutex_lock(&cache_lock);
	hits = cache_hits;
	pthread_mutex_unlock(&cache_lock);
	return hits;
}

enum kd_token_status kd_token_verify(const char *token, time_t now,
    unsigned long long *declaration_id, time_t *expires)
{
	unsigned char bin[TOKEN_BIN];
	unsigned long long id = 0;
	uint32_t exp32 = 0;
	size_t len, bin_len = 0;
	int i;

	if (token == NULL)
		return KD_TOKEN_MALFORMED;
	len = strnlen(token, TOKEN_TEXT + 1);
	/* Strict decoding: a non-canonical last character (unused bits set)
	 * is refused, so one token has exactly one spelling. */
	if (len != TOKEN_TEXT ||
	    sodium_base642bin(bin, sizeof(bin), token, len, NULL, &bin_len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || bin_len != TOKEN_BIN ||
	    bin[0] != TOKEN_VERSION)
		return KD_TOKEN_MALFORMED;
	if (bin[1] == 0 || !keys[bin[1]].present)
		return KD_TOKEN_UNKNOWN_KEY;
	if (!cache_has(bin)) {
		if (crypto_sign_verify_detached(bin + TOKEN_MSG, bin, TOKEN_MSG,
		    keys[bin[1]].pk) != 0)
			return KD_TOKEN_BAD_SIGNATURE;
		cache_put(bin);
	}
	for (i = 0; i < 6; i++)
		id = (id << 8) | bin[2 + i];
	for (i = 0; i < 4; i++)
		exp32 = (exp32 << 8) | bin[8 + i];
	if (declaration_id != NULL)
		*declaration_id = id;
	if (expires != NULL)
		*expires = (time_t)exp32;
	if ((time_t)exp32 <= now)
		return KD_TOKEN_EXPIRED;
	return KD_TOKEN_OK;
}

int kd_token_normalise(const char *in, char out[KD_TOKEN_MAX])
{
	char text[KD_TOKEN_MAX * 4];
	const char *start, *link;
	size_t n = 0, len;

	out[0] = '\0';
	if (in == NULL)
		return -1;
	for (; *in != '\0'; in++) {
		if (strchr(" \t\r\n", *in) != NULL)
			continue;
		if (n + 1 == sizeof(text))
			return -1;
		text[n++] = *in;
	}
	text[n] = '\0';
	start = text;
	for (link = strstr(text, "/qr/"); link != NULL; link = strstr(link + 1, "/qr/"))
		start = link + 4;
	len = strcspn(start, "?#");
	if (start != text && len > 4 && (strncmp(start + len - 4, ".png", 4) == 0 ||
	    strncmp(start + len - 4, ".svg", 4) == 0))
		len -= 4;
	if (len != TOKEN_TEXT)
		return -1;
	for (n = 0; n < len; n++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_", start[n]) == NULL)
			return -1;
	memcpy(out, start, len);
	out[len] = '\0';
	return 0;
}

const char *kd_token_reason(enum kd_token_status st)
{
	switch (st) {
	case KD_TOKEN_OK:
		return NULL;
	case KD_TOKEN_EXPIRED:
		return "expired";
	case KD_TOKEN_MALFORMED:
	case KD_TOKEN_BAD_SIGNATURE:
	case KD_TOKEN_UNKNOWN_KEY:
		break;
	}
	return "bad_signature";
}

void kd_token_public_keys(void (*fn)(void *ctx, int key_id, const char *pk_b64),
    void *ctx)
{
	char b64[sodium_base64_ENCODED_LEN(crypto_sign_PUBLICKEYBYTES,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	int kid;

	for (kid = 1; kid <= KID_MAX; kid++) {
		if (!keys[kid].present)
			continue;
		sodium_bin2base64(b64, sizeof(b64), keys[kid].pk,
		    sizeof(keys[kid].pk), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		fn(ctx, kid, b64);
	}
}
