/*
 * kd-token-sign - sign a QR token for a declaration id with a chosen
 * expiry, with the stack's signing key (key_dir of the config file).
 *
 *   KD_CONF=var/kiemdich.conf build/bin/kd-token-sign ID [EXPIRES_UNIX]
 *   KD_CONF=var/kiemdich.conf build/bin/kd-token-sign --many FIRST COUNT [EXPIRES_UNIX]
 *
 * Prints the token on one line (--many: the tokens of ids FIRST ..
 * FIRST+COUNT-1, one a line, for benchmarks).  EXPIRES_UNIX defaults to
 * now + 72 h.
 * For operators (re-issue the QR of a declaration, e.g. for a printed
 * slip) and for tests (a token with an expiry in the past, a token for an
 * id that does not exist).  The database is not touched: whether the
 * declaration exists is the verifier's business.  Anyone who can run this
 * can read the private key anyway (key_dir is 0700, root's).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "token.h"
#include "valid.h"

int main(int argc, char **argv)
{
	unsigned long long id, exp, count = 1, i;
	char token[KD_TOKEN_MAX];
	const char *prog = argv[0];
	int many = argc > 1 && strcmp(argv[1], "--many") == 0;

	if (many) {
		argv++;
		argc--;
	}
	if (argc < 2 + many || argc > 3 + many) {
		fprintf(stderr, "usage: %s DECLARATION_ID [EXPIRES_UNIX]\n"
		    "       %s --many FIRST_ID COUNT [EXPIRES_UNIX]\n", prog, prog);
		return 2;
	}
	if (!kd_valid_uint(argv[1], (1ULL << 48) - 1, &id) || id == 0) {
		fprintf(stderr, "kd-token-sign: bad declaration id\n");
		return 2;
	}
	if (many && (!kd_valid_uint(argv[2], 10000000, &count) || count == 0 ||
	    id + count >= (1ULL << 48))) {
		fprintf(stderr, "kd-token-sign: bad count\n");
		return 2;
	}
	if (argc == 3 + many) {
		if (!kd_valid_uint(argv[2 + many], (1ULL << 32) - 1, &exp)) {
			fprintf(stderr, "kd-token-sign: bad expiry\n");
			return 2;
		}
	} else {
		exp = (unsigned long long)time(NULL) + KD_TOKEN_TTL;
	}
	if (sodium_init() < 0 || kd_conf_load(kd_conf_default_path()) != 0)
		return 1;
	if (kd_token_keys_load(kd_conf_str("key_dir", "var/keys")) != 0) {
		fprintf(stderr, "kd-token-sign: cannot load the signing keys\n");
		return 1;
	}
	for (i = 0; i < count; i++) {
		if (kd_token_sign(id + i, (time_t)exp, token) != 0) {
			fprintf(stderr, "kd-token-sign: signing failed\n");
			return 1;
		}
		puts(token);
	}
	return 0;
}
