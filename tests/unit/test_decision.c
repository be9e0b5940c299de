/* The kiosk's second version, its pure parts: the verdict about the person
 * (lib/decision.h), the chip ID card's QR (lib/cccd.h) and a code as people hand it over
 * (kd_token_normalise, lib/token.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cccd.h"
#include "decision.h"
#include "token.h"

/* ------------------------------------------------------------ decision */

static struct kd_verdict decide(struct kd_facts f)
{
	struct kd_verdict v;

	kd_decide(&f, &v);
	return v;
}

static void test_nothing_to_look_at_is_a_pass(void **state)
{
	struct kd_verdict v;

	(void)state;
	v = decide((struct kd_facts){ .registry = "matched" });
	assert_int_equal(v.decision, KD_PASS);
	assert_int_equal(v.nreasons, 0);
	/* Statuses that ask nothing of the officer. */
	v = decide((struct kd_facts){ .registry = "matched", .f_status = "negative" });
	assert_int_equal(v.decision, KD_PASS);
	v = decide((struct kd_facts){ .registry = "matched", .f_status = "recovered" });
	assert_int_equal(v.decision, KD_PASS);
	assert_string_equal(kd_decision_name(v.decision), "pass");
	assert_string_equal(kd_decision_words(v.decision), "CHO QUA");
}

/* Each reason alone gives the decision the issue asks for. */
static void test_each_reason_alone(void **state)
{
	static const struct {
		struct kd_facts facts;
		const char *reason;
		enum kd_decision decision;
	} cases[] = {
		{ { .code_reason = "bad_signature" }, "bad_signature", KD_STOP },
		{ { .code_reason = "expired" }, "expired", KD_STOP },
		{ { .code_reason = "unknown" }, "unknown", KD_STOP },
		{ { .code_reason = "revoked" }, "revoked", KD_STOP },
		{ { .f_status = "F0" }, "F0", KD_STOP },
		{ { .f_status = "F1" }, "F1", KD_STOP },
		{ { .f_status = "deceased" }, "deceased", KD_STOP },
		{ { .f_status = "F2" }, "F2", KD_CHECK },
		{ { .f_status = "F3" }, "F3", KD_CHECK },
		{ { .symptoms = 1 }, "symptoms", KD_CHECK },
		{ { .exposure = 1 }, "exposure", KD_CHECK },
		{ { .registry = "mismatch" }, "mismatch", KD_CHECK },
		{ { .registry = "not_found" }, "not_found", KD_CHECK },
		{ { .offline = 1 }, "offline", KD_CHECK },
		{ { .lockdown = 1 }, "lockdown", KD_STOP },
		{ { .from_zone = 1 }, "from_zone", KD_CHECK },
		{ { .depot_unchecked = 1 }, "depot_unchecked", KD_CHECK },
		{ { .co_driver_isolated = 1 }, "co_driver_isolated", KD_STOP },
		{ { .co_driver_undeclared = 1 }, "co_driver_undeclared", KD_CHECK },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kd_verdict v = decide(cases[i].facts);

		assert_int_equal(v.nreasons, 1);
		assert_string_equal(v.reasons[0]->reason, cases[i].reason);
		assert_int_equal(v.decision, cases[i].decision);
		assert_true(kd_verdict_has(&v, cases[i].reason));
	}
}

static void test_f1_is_in_words(void **state)
{
	struct kd_verdict v = decide((struct kd_facts){ .f_status = "F1", .registry = "matched" });

	(void)state;
	assert_string_equal(v.reasons[0]->words, "CÁCH LY – F1");
	assert_string_equal(kd_decision_name(v.decision), "stop");
}

/* The most severe reason decides; all are listed, most severe first. */
static void test_several_reasons(void **state)
{
	struct kd_verdict v;

	(void)state;
	v = decide((struct kd_facts){ .f_status = "F2", .symptoms = 1, .registry = "mismatch" });
	assert_int_equal(v.decision, KD_CHECK);
	assert_int_equal(v.nreasons, 3);
	assert_string_equal(v.reasons[0]->reason, "F2");
	assert_string_equal(v.reasons[1]->reason, "symptoms");
	assert_string_equal(v.reasons[2]->reason, "mismatch");
	v = decide((struct kd_facts){ .symptoms = 1, .f_status = "F1", .exposure = 1 });
	assert_int_equal(v.decision, KD_STOP);
	assert_string_equal(v.reasons[0]->reason, "F1");
	assert_false(kd_verdict_has(&v, "mismatch"));
}

/* The table itself: every reason once, with words, ordered from the most
 * severe decision down (the page lists the reasons in this order). */
static void test_table_is_sound(void **state)
{
	const struct kd_decision_rule *a, *b;

	(void)state;
	for (a = kd_decision_rules; a->reason != NULL; a++) {
		assert_non_null(a->words);
		assert_true(strlen(a->words) > 0);
		assert_true(a->decision == KD_CHECK || a->decision == KD_STOP);
		for (b = a + 1; b->reason != NULL; b++) {
			assert_string_not_equal(a->reason, b->reason);
			assert_true(b->decision <= a->decision);
		}
	}
	assert_string_equal(kd_decision_name(KD_CHECK), "check");
	assert_string_equal(kd_decision_words(KD_STOP), "DỪNG LẠI");
}

/* Words that are not reasons change nothing. */
static void test_unknown_facts_are_no_reason(void **state)
{
	struct kd_verdict v = decide((struct kd_facts){ .f_status = "F9",
	    .registry = "maybe", .code_reason = "nonsense" });

	(void)state;
	assert_int_equal(v.decision, KD_PASS);
	assert_int_equal(v.nreasons, 0);
}

/* ---------------------------------------------------------------- cccd */

#define CARD "001090012345|123456789|Nguyễn Văn An|05051990|Nam|Số 1 Phố Huế, Hà Nội|15082021"

static void test_card_is_read(void **state)
{
	struct kd_cccd c;

	(void)state;
	assert_int_equal(kd_cccd_parse(CARD, &c), 0);
	assert_string_equal(c.id_number, "001090012345");
	assert_string_equal(c.old_id, "123456789");
	assert_string_equal(c.full_name, "Nguyễn Văn An");
	assert_string_equal(c.dob, "1990-05-05");
	assert_string_equal(c.gender, "M");
	assert_string_equal(c.perm_address, "Số 1 Phố Huế, Hà Nội");
	assert_string_equal(c.issued, "2021-08-15");
	/* A scanner's line end, no old id, a woman born in 2001. */
	assert_int_equal(kd_cccd_parse(" 079301000123||Trần Thị Bình|01022001|Nữ|Quận 1|01012021\r\n",
	    &c), 0);
	assert_string_equal(c.old_id, "");
	assert_string_equal(c.gender, "F");
	assert_string_equal(c.dob, "2001-02-01");
}

static void test_not_a_card(void **state)
{
	static const char *const bad[] = {
		"",
		"001090012345|123456789|Nguyễn Văn An|05051990|Nam|Số 1",          /* 6 fields */
		CARD "|x",                                                          /* 8 fields */
		"00109001234|123456789|Nguyễn Văn An|05051990|Nam|Số 1|15082021",   /* 11 digits */
		"001090012345|12345678|Nguyễn Văn An|05051990|Nam|Số 1|15082021",   /* old id */
		"001090012345|123456789|Nguyễn Văn An|31021990|Nam|Số 1|15082021",  /* no such day */
		"001090012345|123456789|Nguyễn Văn An|05051990|Nu|Số 1|15082021",   /* gender */
		"001090012345|123456789|Nguyễn Văn An|05051990|Nữ|Số 1|15082021",   /* digit says man */
		"001090012345|123456789|Nguyễn Văn An|05051991|Nam|Số 1|15082021",  /* year differs */
		"001090012345|123456789|<script>|05051990|Nam|Số 1|15082021",       /* not a name */
		"001090012345|123456789|Nguyễn Văn An|5051990|Nam|Số 1|15082021",   /* 7 digits */
		"AQEAAAAAAQBhf0h9vmRLmS6FQ0H",                                     /* a token */
	};
	struct kd_cccd c;
	char long_address[2000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (kd_cccd_parse(bad[i], &c) == 0)
			fail_msg("read as a card: %s", bad[i]);
		assert_string_equal(c.id_number, "");
	}
	assert_int_equal(kd_cccd_parse(NULL, &c), -1);
	memset(long_address, 'a', 201);
	long_address[201] = '\0';
	{
		char text[2100];

		snprintf(text, sizeof(text), "001090012345||Nguyễn Văn An|05051990|Nam|%s|15082021",
		    long_address);
		assert_int_equal(kd_cccd_parse(text, &c), -1);
		long_address[200] = '\0';
		snprintf(text, sizeof(text), "001090012345||Nguyễn Văn An|05051990|Nam|%s|15082021",
		    long_address);
		assert_int_equal(kd_cccd_parse(text, &c), 0);
	}
}

/* ---------------------------------------------------------- normalise */

#define TOKEN "AQEAAAAAACphf0h9-bVJ8olrc_UGg-0fIIWcFD2-yVgoWAq4HCUT3U6EB26HYxCNaoBZJNjPYulF-w8cUgfFVRPaS3SpT2ainahzCQ"

static void test_codes_as_handed_over(void **state)
{
	char out[KD_TOKEN_MAX], spaced[200];
	size_t i, n = 0;

	(void)state;
	assert_int_equal(strlen(TOKEN), 102);
	assert_int_equal(kd_token_normalise(TOKEN, out), 0);
	assert_string_equal(out, TOKEN);
	assert_int_equal(kd_token_normalise(TOKEN "\r\n", out), 0);
	assert_string_equal(out, TOKEN);
	/* In groups of six, as a person types it off a slip. */
	for (i = 0; i < 102; i++) {
		if (i > 0 && i % 6 == 0)
			spaced[n++] = ' ';
		spaced[n++] = TOKEN[i];
	}
	spaced[n] = '\0';
	assert_int_equal(kd_token_normalise(spaced, out), 0);
	assert_string_equal(out, TOKEN);
	/* A pasted link, with its image suffix, query or fragment. */
	assert_int_equal(kd_token_normalise("https://kiemdich.example/qr/" TOKEN, out), 0);
	assert_string_equal(out, TOKEN);
	assert_int_equal(kd_token_normalise("http://127.0.0.1:8080/qr/" TOKEN ".png", out), 0);
	assert_string_equal(out, TOKEN);
	assert_int_equal(kd_token_normalise("/qr/" TOKEN ".svg?x=1#y", out), 0);
	assert_string_equal(out, TOKEN);
}

static void test_what_is_no_code(void **state)
{
	static const char *const bad[] = {
		"", "hello world", "001090012345", CARD, "<script>alert(1)</script>",
		TOKEN "A", TOKEN + 1, "https://kiemdich.example/qr/",
		"/qr/" TOKEN "/extra",
	};
	char out[KD_TOKEN_MAX], big[1000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (kd_token_normalise(bad[i], out) == 0)
			fail_msg("read as a code: %s", bad[i]);
		assert_string_equal(out, "");
	}
	/* A character outside the alphabet, anywhere. */
	snprintf(big, sizeof(big), "%s", TOKEN);
	big[50] = '+';
	assert_int_equal(kd_token_normalise(big, out), -1);
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(kd_token_normalise(big, out), -1);
	assert_int_equal(kd_token_normalise(NULL, out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_to_look_at_is_a_pass),
		cmocka_unit_test(test_each_reason_alone),
		cmocka_unit_test(test_f1_is_in_words),
		cmocka_unit_test(test_several_reasons),
		cmocka_unit_test(test_table_is_sound),
		cmocka_unit_test(test_unknown_facts_are_no_reason),
		cmocka_unit_test(test_card_is_read),
		cmocka_unit_test(test_not_a_card),
		cmocka_unit_test(test_codes_as_handed_over),
		cmocka_unit_test(test_what_is_no_code),
	};

	return cmocka_run_group_tests_name("decision", tests, NULL, NULL);
}
