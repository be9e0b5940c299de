/*
 * test_token.c - the signed QR token (lib/token.c): round trip, every
 * changed byte refused, expiry, unknown and rotated keys, key files made
 * once and privately even when workers race, no plaintext in a token,
 * good signatures remembered across threads but never for a changed byte.
 * Key folders are made under $TMPDIR (or /tmp) and removed after.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "token.h"

#define TOKEN_LEN 102
#define BIN_LEN 76

static char *make_dir(void)
{
	const char *base = getenv("TMPDIR");
	char path[256];
	char *dir;

	snprintf(path, sizeof(path), "%s/kd-token-XXXXXX", base ? base : "/tmp");
	dir = mkdtemp(path);
	assert_non_null(dir);
	return strdup(dir);
}

static void remove_dir(char *dir)
{
	struct dirent *de;
	char path[512];
	DIR *d = opendir(dir);

	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

static void write_key(const char *dir, const char *name, size_t len, mode_t mode)
{
	unsigned char seed[64];
	char path[512];
	int fd;

	randombytes_buf(seed, sizeof(seed));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, seed, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static int count_files(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' || (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0))
			n++;
	closedir(d);
	return n;
}

static void to_bin(const char *token, unsigned char bin[BIN_LEN])
{
	size_t len = 0;

	assert_int_equal(sodium_base642bin(bin, BIN_LEN, token, strlen(token), NULL,
	    &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	assert_int_equal(len, BIN_LEN);
}

static void to_text(const unsigned char bin[BIN_LEN], char out[KD_TOKEN_MAX])
{
	sodium_bin2base64(out, KD_TOKEN_MAX, bin, BIN_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void test_first_key_is_made_private(void **state)
{
	char *dir = make_dir();
	char path[512];
	struct stat st;

	(void)state;
	chmod(dir, 0755);
	assert_int_equal(kd_token_keys_load(dir), 0);
	snprintf(path, sizeof(path), "%s/1.key", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* The key and its public half, no temporary left. */
	assert_int_equal(count_files(dir), 2);
	snprintf(path, sizeof(path), "%s/1.pub", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 32);
	/* A second load uses the same key, it does not make another. */
	assert_int_equal(kd_token_keys_load(dir), 0);
	assert_int_equal(count_files(dir), 2);
	remove_dir(dir);
}

/* qr and verify: the public halves check codes, and sign none. */
static void test_public_keys_check_but_cannot_sign(void **state)
{
	char *dir = make_dir();
	char token[KD_TOKEN_MAX];
	unsigned long long id = 0;
	time_t now = time(NULL), expires = 0;

	(void)state;
	assert_int_equal(kd_token_pubkeys_load(dir), -1);       /* none yet */
	assert_int_equal(kd_token_keys_load(dir), 0);
	assert_int_equal(kd_token_sign(77, now + 3600, token), 0);
	assert_int_equal(kd_token_pubkeys_load(dir), 0);
	assert_int_equal(kd_token_verify(token, now, &id, &expires), KD_TOKEN_OK);
	assert_int_equal(id, 77);
	token[60] = token[60] == 'A' ? 'B' : 'A';
	assert_int_equal(kd_token_verify(token, now, NULL, NULL), KD_TOKEN_BAD_SIGNATURE);
	assert_int_equal(kd_token_sign(78, now + 3600, token), -1);
	/* A public key of the wrong length is refused. */
	write_key(dir, "2.pub", 5, 0644);
	assert_int_equal(kd_token_pubkeys_load(dir), -1);
	remove_dir(dir);
}

static void test_round_trip(void **state)
{
	char *dir = make_dir();
	char token[KD_TOKEN_MAX];
	unsigned long long id = 0;
	time_t now = time(NULL), exp = 0, want = now + KD_TOKEN_TTL;
	size_t i;

	(void)state;
	assert_int_equal(kd_token_keys_load(dir), 0);
	assert_int_equal(kd_token_sign(987654321ULL, want, token), 0);
	assert_int_equal(strlen(token), TOKEN_LEN);
	for (i = 0; i < TOKEN_LEN; i++) {
		char c = token[i];

		assert_true((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_');
	}
	assert_int_equal(kd_token_verify(token, now, &id, &exp), KD_TOKEN_OK);
	assert_int_equal(id, 987654321ULL);
	assert_int_equal(exp, want);
	/* Deterministic: the same declaration and expiry, the same token
	 * (what makes a client_ref retry give the same code). */
	{
		char again[KD_TOKEN_MAX];

		assert_int_equal(kd_token_sign(987654321ULL, want, again), 0);
		assert_string_equal(token, again);
	}
	/* The largest id of 6 bytes works; beyond it and 0 are refused. */
	assert_int_equal(kd_token_sign((1ULL << 48) - 1, want, token), 0);
	assert_int_equal(kd_token_verify(token, now, &id, NULL), KD_TOKEN_OK);
	assert_int_equal(id, (1ULL << 48) - 1);
	assert_int_equal(kd_token_sign(1ULL << 48, want, token), -1);
	assert_int_equal(kd_token_sign(0, want, token), -1);
	assert_null(kd_token_reason(KD_TOKEN_OK));
	remove_dir(dir);
}

static void test_no_plaintext(void **state)
{
	char *dir = make_dir();
	char token[KD_TOKEN_MAX], hex[32];
	unsigned char bin[BIN_LEN];
	unsigned long long id = 4011223344ULL;

	(void)state;
	assert_int_equal(kd_token_keys_load(dir), 0);
	assert_int_equal(kd_token_sign(id, time(NULL) + 60, token), 0);
	snprintf(hex, sizeof(hex), "%llu", id);
	assert_null(strstr(token, hex));
	snprintf(hex, sizeof(hex), "%llx", id);
	assert_null(strstr(token, hex));
	/* Exactly the layout: version, kid, id, expiry, signature - nothing
	 * else, so there is no room for personal data. */
	to_bin(token, bin);
	assert_int_equal(bin[0], 1);
	assert_int_equal(bin[1], 1);
	assert_int_equal(((unsigned long long)bin[4] << 24 | (unsigned long long)bin[5] << 16 |
	    (unsigned long long)bin[6] << 8 | bin[7]), id & 0xffffffffULL);
	remove_dir(dir);
}

static void test_every_changed_byte_is_refused(void **state)
{
	static const unsigned char flips[] = { 0x01, 0x02, 0x10, 0x80, 0xff };
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char *dir = make_dir();
	char token[KD_TOKEN_MAX], bad[KD_TOKEN_MAX];
	unsigned char bin[BIN_LEN], changed[BIN_LEN];
	time_t now = time(NULL);
	size_t i, k;

	(void)state;
	assert_int_equal(kd_token_keys_load(dir), 0);
	assert_int_equal(kd_token_sign(42, now + 3600, token), 0);
	to_bin(token, bin);
	/* The genuine token is checked (twice: the second from the cache of
	 * good signatures) before every changed one, so none may pass as it. */
	assert_int_equal(kd_token_verify(token, now, NULL, NULL), KD_TOKEN_OK);
	assert_int_equal(kd_token_verify(token, now, NULL, NULL), KD_TOKEN_OK);
	assert_int_equal(kd_token_cache_hits(), 1);
	/* Every byte of the binary token, several ways. */
	for (i = 0; i < BIN_LEN; i++) {
		for (k = 0; k < sizeof(flips); k++) {
			enum kd_token_status want, got;

			memcpy(changed, bin, BIN_LEN);
			changed[i] ^= flips[k];
			to_text(changed, bad);
			got = kd_token_verify(bad, now, NULL, NULL);
			want = i == 0 ? KD_TOKEN_MALFORMED :        /* version */
			    i == 1 ? KD_TOKEN_UNKNOWN_KEY :          /* kid: only 1 exists */
			    KD_TOKEN_BAD_SIGNATURE;
			if (got != want)
				fail_msg("byte %zu ^ 0x%02x: got %d, want %d", i, flips[k], got, want);
		}
	}
	/* Every character of the text replaced by every other one. */
	for (i = 0; i < TOKEN_LEN; i++) {
		for (k = 0; k < sizeof(alphabet) - 1; k++) {
			if (alphabet[k] == token[i])
				continue;
			memcpy(bad, token, sizeof(bad));
			bad[i] = alphabet[k];
			if (kd_token_verify(bad, now, NULL, NULL) == KD_TOKEN_OK)
				fail_msg("char %zu -> '%c' still verifies", i, alphabet[k]);
		}
	}
	/* Length changes, other alphabets, garbage. */
	memcpy(bad, token, sizeof(bad));
	bad[TOKEN_LEN - 1] = '\0';
	assert_int_equal(kd_token_verify(bad, now, NULL, NULL), KD_TOKEN_MALFORMED);
	memcpy(bad, token, TOKEN_LEN);
	bad[TOKEN_LEN] = 'A';
	bad[TOKEN_LEN + 1] = '\0';
	assert_int_equal(kd_token_verify(bad, now, NULL, NULL), KD_TOKEN_MALFORMED);
	memcpy(bad, token, sizeof(bad));
	bad[10] = '+';
	assert_int_equal(kd_token_verify(bad, now, NULL, NULL), KD_TOKEN_MALFORMED);
	bad[10] = '=';
	assert_int_equal(kd_token_verify(bad, now, NULL, NULL), KD_TOKEN_MALFORMED);
	assert_int_equal(kd_token_verify("", now, NULL, NULL), KD_TOKEN_MALFORMED);
	assert_int_equal(kd_token_verify(NULL, now, NULL, NULL), KD_TOKEN_MALFORMED);
	memset(bad, 'A', TOKEN_LEN);
	bad[TOKEN_LEN] = '\0';
	assert_int_not_equal(kd_token_verify(bad, now, NULL, NULL), KD_TOKEN_OK);
	assert_int_equal(kd_token_cache_hits(), 1);
	assert_string_equal(kd_token_reason(KD_TOKEN_BAD_SIGNATURE), "bad_signature");
	assert_string_equal(kd_token_reason(KD_TOKEN_MALFORMED), "bad_signature");
	assert_string_equal(kd_token_reason(KD_TOKEN_UNKNOWN_KEY), "bad_signature");
	remove_dir(dir);
}

static void test_expiry(void **state)
{
	char *dir = make_dir();
	char token[KD_TOKEN_MAX];
	unsigned long long id = 0;
	time_t now = time(NULL), exp = 0;

	(void)state;
	assert_int_equal(kd_token_keys_load(dir), 0);
	assert_int_equal(kd_token_sign(7, now - 1, token), 0);
	assert_int_equal(kd_token_verify(token, now, &id, &exp), KD_TOKEN_EXPIRED);
	/* The signature was good: the id and expiry are known. */
	assert_int_equal(id, 7);
	assert_int_equal(exp, now - 1);
	assert_string_equal(kd_token_reason(KD_TOKEN_EXPIRED), "expired");
	/* Valid strictly before the instant of expiry, also when the second
	 * check finds the signature already known. */
	assert_int_equal(kd_token_sign(7, now + 10, token), 0);
	assert_int_equal(kd_token_verify(token, now + 9, NULL, NULL), KD_TOKEN_OK);
	assert_int_equal(kd_token_verify(token, now + 10, &id, &exp), KD_TOKEN_EXPIRED);
	assert_int_equal(kd_token_cache_hits(), 1);
	assert_int_equal(exp, now + 10);
	/* 72 hours after issue. */
	assert_int_equal(kd_token_sign(7, now + KD_TOKEN_TTL, token), 0);
	assert_int_equal(kd_token_verify(token, now + KD_TOKEN_TTL - 1, NULL, NULL), KD_TOKEN_OK);
	assert_int_equal(kd_token_verify(token, now + KD_TOKEN_TTL, NULL, NULL), KD_TOKEN_EXPIRED);
	remove_dir(dir);
}

#define THREAD_TOKENS 64
#define THREAD_ROUNDS 20

struct checker {
	char (*tokens)[KD_TOKEN_MAX];
	time_t now;
	int wrong;
};

/* Every good token verifies, every changed one is refused, round after
 * round, while other threads do the same with the same tokens. */
static void *check_tokens(void *arg)
{
	struct checker *c = arg;
	char bad[KD_TOKEN_MAX];
	int round, i;

	for (round = 0; round < THREAD_ROUNDS; round++) {
		for (i = 0; i < THREAD_TOKENS; i++) {
			if (kd_token_verify(c->tokens[i], c->now, NULL, NULL) != KD_TOKEN_OK)
				c->wrong++;
			memcpy(bad, c->tokens[i], KD_TOKEN_MAX);
			bad[20 + (round + i) % 70] ^= 0x01;
			if (kd_token_verify(bad, c->now, NULL, NULL) == KD_TOKEN_OK)
				c->wrong++;
		}
	}
	return NULL;
}

static void test_threads_share_good_signatures(void **state)
{
	static char tokens[THREAD_TOKENS][KD_TOKEN_MAX];
	struct checker checkers[4];
	pthread_t tids[4];
	char *dir = make_dir();
	time_t now = time(NULL);
	int i;

	(void)state;
	assert_int_equal(kd_token_keys_load(dir), 0);
	for (i = 0; i < THREAD_TOKENS; i++)
		assert_int_equal(kd_token_sign(1000 + (unsigned)i, now + 3600, tokens[i]), 0);
	for (i = 0; i < 4; i++) {
		checkers[i] = (struct checker){ tokens, now, 0 };
		assert_int_equal(pthread_create(&tids[i], NULL, check_tokens, &checkers[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(tids[i], NULL), 0);
		assert_int_equal(checkers[i].wrong, 0);
	}
	/* Each good token was checked in full at least once; most checks
	 * found it known (two tokens sharing a slot push each other out). */
	assert_true(kd_token_cache_hits() <= 4UL * THREAD_ROUNDS * THREAD_TOKENS - THREAD_TOKENS);
	assert_true(kd_token_cache_hits() >= 4UL * THREAD_ROUNDS * THREAD_TOKENS / 2);
	remove_dir(dir);
}

static void count_key(void *ctx, int kid, const char *pk)
{
	int *seen = ctx;

	assert_true(kid >= 1 && kid <= 255);
	assert_int_equal(strlen(pk), 43);              /* 32 bytes, base64url */
	seen[kid] = 1;
}

static void test_unknown_key_and_rotation(void **state)
{
	char *a = make_dir(), *b = make_dir(), *c = make_dir();
	char old_token[KD_TOKEN_MAX], new_token[KD_TOKEN_MAX];
	unsigned char bin[BIN_LEN];
	time_t now = time(NULL);
	int seen[256] = { 0 };

	(void)state;
	assert_int_equal(kd_token_keys_load(a), 0);
	assert_int_equal(kd_token_sign(100, now + 3600, old_token), 0);
	assert_int_equal(kd_token_verify(old_token, now, NULL, NULL), KD_TOKEN_OK);
	/* A verifier that has only key 2: key 1 is unknown to it. */
	write_key(b, "2.key", 32, 0600);
	assert_int_equal(kd_token_keys_load(b), 0);
	assert_int_equal(kd_token_verify(old_token, now, NULL, NULL), KD_TOKEN_UNKNOWN_KEY);
	/* Another key under the same id 1: the signature does not match,
	 * though it was found good under the key loaded before. */
	write_key(c, "1.key", 32, 0600);
	assert_int_equal(kd_token_keys_load(c), 0);
	assert_int_equal(kd_token_verify(old_token, now, NULL, NULL), KD_TOKEN_BAD_SIGNATURE);
	assert_int_equal(kd_token_cache_hits(), 0);
	/* Rotation: add 2.key next to 1.key.  New tokens name key 2; the
	 * old ones still verify with key 1. */
	write_key(a, "2.key", 32, 0600);
	assert_int_equal(kd_token_keys_load(a), 0);
	assert_int_equal(kd_token_sign(101, now + 3600, new_token), 0);
	to_bin(new_token, bin);
	assert_int_equal(bin[1], 2);
	assert_int_equal(kd_token_verify(new_token, now, NULL, NULL), KD_TOKEN_OK);
	assert_int_equal(kd_token_verify(old_token, now, NULL, NULL), KD_TOKEN_OK);
	kd_token_public_keys(count_key, seen);
	assert_true(seen[1] && seen[2] && !seen[3]);
	/* Files that are not keys are ignored: "01.key", "x.key", "256.key". */
	write_key(a, "01.key", 32, 0600);
	write_key(a, "256.key", 32, 0600);
	write_key(a, "x.key", 32, 0600);
	assert_int_equal(kd_token_keys_load(a), 0);
	assert_int_equal(kd_token_sign(102, now + 3600, new_token), 0);
	to_bin(new_token, bin);
	assert_int_equal(bin[1], 2);
	remove_dir(a);
	remove_dir(b);
	remove_dir(c);
}

static void test_bad_key_files_are_refused(void **state)
{
	char *a = make_dir(), *b = make_dir();
	char token[KD_TOKEN_MAX];

	(void)state;
	write_key(a, "1.key", 32, 0644);               /* others may read it */
	assert_int_equal(kd_token_keys_load(a), -1);
	assert_int_equal(kd_token_sign(1, time(NULL) + 60, token), -1);
	write_key(b, "1.key", 33, 0600);               /* not a seed */
	assert_int_equal(kd_token_keys_load(b), -1);
	assert_int_equal(kd_token_keys_load(NULL), -1);
	assert_int_equal(kd_token_keys_load("/proc/no/such/place"), -1);
	remove_dir(a);
	remove_dir(b);
}

/* Workers that start together on an empty folder end up with one key. */
static void test_racing_workers_share_one_key(void **state)
{
	enum { N = 8 };
	char *dir = make_dir();
	int fds[2], i, status;
	char first[64] = "", got[64];
	pid_t pids[N];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	for (i = 0; i < N; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			char token[KD_TOKEN_MAX], line[64];
			unsigned char bin[BIN_LEN];

			close(fds[0]);
			if (kd_token_keys_load(dir) != 0 ||
			    kd_token_sign(5, 2000000000, token) != 0)
				_exit(1);
			/* The signature identifies the key (Ed25519 is deterministic). */
			to_bin(token, bin);
			snprintf(line, sizeof(line), "%02x%02x%02x%02x%02x%02x%02x%02x\n",
			    bin[12], bin[13], bin[14], bin[15], bin[16], bin[17], bin[18], bin[19]);
			if (write(fds[1], line, 17) != 17)
				_exit(1);
			_exit(0);
		}
	}
	close(fds[1]);
	for (i = 0; i < N; i++) {
		ssize_t n = 0, r;

		while (n < 17 && (r = read(fds[0], got + n, (size_t)(17 - n))) > 0)
			n += r;
		assert_int_equal(n, 17);
		got[17] = '\0';
		if (first[0] == '\0')
			memcpy(first, got, 18);
		assert_string_equal(got, first);
	}
	close(fds[0]);
	for (i = 0; i < N; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(count_files(dir), 2);          /* 1.key and 1.pub */
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_key_is_made_private),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_public_keys_check_but_cannot_sign),
		cmocka_unit_test(test_no_plaintext),
		cmocka_unit_test(test_every_changed_byte_is_refused),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_threads_share_good_signatures),
		cmocka_unit_test(test_unknown_key_and_rotation),
		cmocka_unit_test(test_bad_key_files_are_refused),
		cmocka_unit_test(test_racing_workers_share_one_key),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
