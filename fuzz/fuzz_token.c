/*
 * fuzz_token - the QR token's reader (lib/token.c): kd_token_normalise on
 * what a scanner or a person hands over, kd_token_verify on the result
 * and on the raw input, with a real key loaded (a temporary key folder).
 *
 * Property: no crash or sanitizer report; a normalised code is exactly
 * 102 characters of the base64url alphabet; no input but a code this key
 * signed verifies (the fuzzer cannot forge Ed25519: a "valid" answer for
 * an input we did not sign aborts).
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"
#include "token.h"

static char signed_code[KD_TOKEN_MAX];
static char dir[] = "/tmp/kdfuzz-key.XXXXXX";

static void remove_keys(void)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/1.key", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/1.pub", dir);
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(remove_keys);
	if (kd_token_keys_load(dir) != 0 || kd_token_sign(42, time(NULL) + 3600, signed_code) != 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), code[KD_TOKEN_MAX];
	unsigned long long id;
	time_t expires;

	if (kd_token_normalise(s, code) == 0) {
		FUZZ_CHECK(strlen(code) == 102);
		FUZZ_CHECK(strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_") == 102);
		if (kd_token_verify(code, time(NULL), &id, &expires) == KD_TOKEN_OK)
			FUZZ_CHECK(strcmp(code, signed_code) == 0 && id == 42);
	}
	if (kd_token_verify(s, time(NULL), &id, &expires) == KD_TOKEN_OK)
		FUZZ_CHECK(strcmp(s, signed_code) == 0);
	(void)kd_token_reason(kd_token_verify(s, 0, NULL, NULL));
	free(s);
	return 0;
}
