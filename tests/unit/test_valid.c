/*
 * test_valid.c - the validators of lib/valid.c fed hostile input.
 *
 * Tables of (input, expected) per validator.  The CCCD province table is
 * checked against data/admin_units.csv, found through $KD_ROOT (the repo
 * root), the current directory, or ../.. (build/test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "valid.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct bytes_case {
	const char *s;
	size_t len;             /* bytes to check; (size_t)-1 = strlen */
	int want;
	const char *why;
};

static size_t case_len(const struct bytes_case *c)
{
	return c->len == (size_t)-1 ? strlen(c->s) : c->len;
}

#define L ((size_t)-1)

static void test_utf8(void **state)
{
	static const struct bytes_case cases[] = {
		{ "", L, 1, "empty" },
		{ "plain ascii", L, 1, "ascii" },
		{ "Nguy\xe1\xbb\x85n", L, 1, "Nguyễn (3-byte)" },
		{ "\xc3\xa0", L, 1, "à" },
		{ "\xf0\x9f\x98\x80", L, 1, "U+1F600 (4-byte)" },
		{ "\xf4\x8f\xbf\xbf", L, 1, "U+10FFFF, the last" },
		{ "\xef\xbf\xbf", L, 1, "U+FFFF" },
		{ "\xed\x9f\xbf", L, 1, "U+D7FF, just below surrogates" },
		{ "\xc0\xaf", L, 0, "overlong '/' (C0 AF)" },
		{ "\xc1\xbf", L, 0, "overlong C1" },
		{ "\xe0\x80\xaf", L, 0, "overlong 3-byte" },
		{ "\xe0\x9f\xbf", L, 0, "overlong 3-byte, top" },
		{ "\xf0\x80\x80\xaf", L, 0, "overlong 4-byte" },
		{ "\xf0\x8f\xbf\xbf", L, 0, "overlong 4-byte, top" },
		{ "\xed\xa0\x80", L, 0, "surrogate U+D800" },
		{ "\xed\xbf\xbf", L, 0, "surrogate U+DFFF" },
		{ "\xf4\x90\x80\x80", L, 0, "U+110000" },
		{ "\xf5\x80\x80\x80", L, 0, "F5 lead" },
		{ "\xff", L, 0, "FF" },
		{ "\xfe", L, 0, "FE" },
		{ "\x80", L, 0, "lone continuation" },
		{ "a\xbf", L, 0, "continuation after ascii" },
		{ "\xc3", L, 0, "truncated 2-byte" },
		{ "\xe1\xbb", L, 0, "truncated 3-byte" },
		{ "\xf0\x9f\x98", L, 0, "truncated 4-byte" },
		{ "\xe1\xbbx", L, 0, "3-byte cut by ascii" },
		{ "\xc3\xa0\xc3", L, 0, "good then truncated" },
		{ "ab\0cd", 5, 0, "NUL inside (%00)" },
		{ "\0", 1, 0, "NUL alone" },
		{ "\xc3\xa0", 1, 0, "length cuts a sequence" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		int got = kd_utf8_valid(cases[i].s, case_len(&cases[i]));

		if (got != cases[i].want)
			fail_msg("utf8 case %zu (%s): got %d", i, cases[i].why, got);
	}
	assert_int_equal(kd_utf8_valid(NULL, 0), 0);
}

/* A truncation by bytes leaves half a character: it goes, whole ones stay. */
static void test_utf8_trim(void **state)
{
	char s[32];

	(void)state;
	strcpy(s, "Nguy\xe1\xbb\x85n");              /* Nguyễn */
	assert_int_equal(kd_utf8_trim(s, strlen(s)), strlen("Nguy\xe1\xbb\x85n"));
	strcpy(s, "Nguy\xe1\xbb");                    /* cut inside ễ */
	assert_int_equal(kd_utf8_trim(s, strlen(s)), 4);
	assert_string_equal(s, "Nguy");
	strcpy(s, "ab\xe1");
	assert_int_equal(kd_utf8_trim(s, 3), 2);
	strcpy(s, "\xf0\x9f\x98");                    /* 4 bytes, 3 there */
	assert_int_equal(kd_utf8_trim(s, 3), 0);
	strcpy(s, "\xf0\x9f\x98\x80");
	assert_int_equal(kd_utf8_trim(s, 4), 4);
	strcpy(s, "abc");
	assert_int_equal(kd_utf8_trim(s, 3), 3);
	assert_int_equal(kd_utf8_trim(s, 0), 0);
	assert_string_equal(s, "");
}

static void test_text(void **state)
{
	static const struct {
		const char *s;
		size_t max;
		int nl;
		int want;
		const char *why;
	} cases[] = {
		{ "Số 12, ngõ 3", 20, 0, 1, "plain" },
		{ "", 0, 0, 1, "empty" },
		{ "abc", 3, 0, 1, "at the limit" },
		{ "abcd", 3, 0, 0, "over the limit" },
		{ "Hòa", 3, 0, 1, "3 chars, 4 bytes" },
		{ "ỄỄỄ", 3, 0, 1, "3 chars, 9 bytes" },
		{ "ỄỄỄỄ", 3, 0, 0, "4 chars" },
		{ "a\tb", 10, 0, 0, "tab" },
		{ "a\nb", 10, 0, 0, "newline not allowed" },
		{ "a\nb", 10, 1, 1, "newline allowed" },
		{ "a\r\nb", 10, 1, 1, "CRLF allowed" },
		{ "a\r\nb", 3, 1, 1, "CRLF counts once" },
		{ "a\rb", 10, 1, 0, "lone CR" },
		{ "a\r", 10, 1, 0, "CR at end" },
		{ "a\x7f", 10, 0, 0, "DEL" },
		{ "a\x1b[31m", 10, 0, 0, "ESC" },
		{ "a\xc2\x85", 10, 1, 0, "C1 NEL" },
		{ "a\xc2\x9f", 10, 0, 0, "C1 APC" },
		{ "a\xc2\xa0", 10, 0, 1, "NBSP is text" },
		{ "\xc0\xaf", 10, 0, 0, "overlong" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		int got = kd_text_valid(cases[i].s, strlen(cases[i].s),
		    cases[i].max, cases[i].nl);

		if (got != cases[i].want)
			fail_msg("text case %zu (%s): got %d", i, cases[i].why, got);
	}
	assert_int_equal(kd_text_valid("a\0b", 3, 10, 1), 0);
}

struct str_case {
	const char *s;
	int want;
};

typedef int (*str_validator)(const char *);

static void run_str_cases(const char *what, str_validator fn,
    const struct str_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int got = fn(cases[i].s);

		if (got != cases[i].want)
			fail_msg("%s case %zu (\"%s\"): got %d, want %d", what, i,
			    cases[i].s ? cases[i].s : "(null)", got, cases[i].want);
	}
}

static void test_cccd(void **state)
{
	static const struct str_case cases[] = {
		{ "001090000001", 1 },  /* Hà Nội, male 1990 */
		{ "038185012345", 1 },  /* Thanh Hóa, female 1985 */
		{ "079203000123", 1 },  /* HCM City, female 2003 */
		{ "096999999999", 1 },  /* Cà Mau, digit 9 (female 1800s) */
		{ "000090000001", 0 },  /* province 00 does not exist */
		{ "099090000001", 0 },  /* nor 99 */
		{ "003090000001", 0 },  /* nor 03 (codes have gaps) */
		{ "097090000001", 0 },
		{ "101090000001", 0 },  /* must start with 0 */
		{ "01090000001", 0 },   /* 11 digits */
		{ "0010900000011", 0 }, /* 13 digits */
		{ "00109000000a", 0 },
		{ "00109000000 ", 0 },
		{ " 01090000001", 0 },
		{ "００1090000001", 0 },  /* fullwidth digits */
		{ "", 0 },
		{ NULL, 0 },
	};

	(void)state;
	run_str_cases("cccd", kd_valid_cccd, cases, N_ELEMS(cases));
}

static void test_cccd_matches(void **state)
{
	static const struct {
		const char *cccd;
		int year;
		char gender;
		int want;
	} cases[] = {
		{ "001090000001", 1990, 'M', 1 },
		{ "001190000001", 1990, 'F', 1 },
		{ "001190000001", 1990, 'M', 0 },
		{ "001090000001", 1991, 'M', 0 },
		{ "001090000001", 2090, 'M', 0 },
		{ "001203000001", 2003, 'M', 1 },
		{ "001303000001", 2003, 'F', 1 },
		{ "001200000001", 2000, 'M', 1 },
		{ "001099000001", 1999, 'M', 1 },
		{ "001405000001", 2105, 'M', 1 },
		{ "001501000001", 2101, 'F', 1 },
		{ "001601000001", 2201, 'M', 1 },
		{ "001899000001", 1899, 'M', 1 },
		{ "001999000001", 1899, 'F', 1 },
		{ "001999000001", 1999, 'F', 0 },
		{ "001090000001", 1990, 'X', 0 },
		{ "001090000001", 1799, 'M', 0 },
		{ "00109000000", 1990, 'M', 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		int got = kd_cccd_matches(cases[i].cccd, cases[i].year,
		    cases[i].gender);

		if (got != cases[i].want)
			fail_msg("matches case %zu: got %d", i, got);
	}
}

static void test_cmnd_and_id(void **state)
{
	static const struct str_case cmnd[] = {
		{ "123456789", 1 }, { "000000000", 1 }, { "12345678", 0 },
		{ "1234567890", 0 }, { "12345678a", 0 }, { "", 0 }, { NULL, 0 },
	};
	static const struct str_case id[] = {
		{ "123456789", 1 }, { "001090000001", 1 }, { "000090000001", 0 },
		{ "1234567890", 0 }, { "12345678901", 0 }, { "' OR 1=1 --", 0 },
		{ "123456789\n", 0 },
	};

	(void)state;
	run_str_cases("cmnd", kd_valid_cmnd, cmnd, N_ELEMS(cmnd));
	run_str_cases("id_number", kd_valid_id_number, id, N_ELEMS(id));
}

static void test_dates(void **state)
{
	static const struct {
		const char *s;
		int want, y, m, d;
	} cases[] = {
		{ "2020-02-29", 1, 2020, 2, 29 },
		{ "2021-02-29", 0, 0, 0, 0 },
		{ "2000-02-29", 1, 2000, 2, 29 },       /* 400-year rule */
		{ "1900-02-29", 0, 0, 0, 0 },           /* 100-year rule */
		{ "2100-02-29", 0, 0, 0, 0 },
		{ "2021-02-28", 1, 2021, 2, 28 },
		{ "2021-13-01", 0, 0, 0, 0 },
		{ "2021-00-10", 0, 0, 0, 0 },
		{ "2021-04-31", 0, 0, 0, 0 },
		{ "2021-04-30", 1, 2021, 4, 30 },
		{ "2021-12-31", 1, 2021, 12, 31 },
		{ "2021-12-32", 0, 0, 0, 0 },
		{ "2021-01-00", 0, 0, 0, 0 },
		{ "2021-1-01", 0, 0, 0, 0 },
		{ "2021-01-1", 0, 0, 0, 0 },
		{ "21-01-01", 0, 0, 0, 0 },
		{ "2021/01/01", 0, 0, 0, 0 },
		{ "2021-01-01 ", 0, 0, 0, 0 },
		{ " 2021-01-01", 0, 0, 0, 0 },
		{ "2021-01-01T00:00", 0, 0, 0, 0 },
		{ "1899-12-31", 0, 0, 0, 0 },
		{ "1900-01-01", 1, 1900, 1, 1 },
		{ "2100-12-31", 1, 2100, 12, 31 },
		{ "2101-01-01", 0, 0, 0, 0 },
		{ "+021-01-01", 0, 0, 0, 0 },
		{ "２021-01-01", 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		int y = -1, m = -1, d = -1;
		int got = kd_parse_date(cases[i].s, &y, &m, &d);

		if (got != cases[i].want)
			fail_msg("date case %zu (%s): got %d", i, cases[i].s, got);
		if (got && (y != cases[i].y || m != cases[i].m || d != cases[i].d))
			fail_msg("date case %zu (%s): parts %d-%d-%d", i,
			    cases[i].s, y, m, d);
		if (!got && (y != -1 || m != -1 || d != -1))
			fail_msg("date case %zu: wrote parts on failure", i);
	}
	assert_int_equal(kd_parse_date("2021-05-06", NULL, NULL, NULL), 1);
	assert_int_equal(kd_parse_date(NULL, NULL, NULL, NULL), 0);
}

static void test_small_fields(void **state)
{
	static const struct str_case phone[] = {
		{ "0912345678", 1 }, { "0123456789", 1 }, { "1912345678", 0 },
		{ "091234567", 0 }, { "09123456789", 0 }, { "+84912345678", 0 },
		{ "0912 345678", 0 }, { "", 0 }, { NULL, 0 },
	};
	static const struct str_case gender[] = {
		{ "M", 1 }, { "F", 1 }, { "m", 0 }, { "f", 0 }, { "MF", 0 },
		{ "M ", 0 }, { "", 0 }, { "X", 0 }, { NULL, 0 },
	};
	static const struct str_case unit[] = {
		{ "01", 1 }, { "318", 1 }, { "00001", 1 }, { "1", 0 },
		{ "0001", 0 }, { "000001", 0 }, { "0a", 0 }, { "", 0 },
		{ "01 ", 0 }, { NULL, 0 },
	};

	(void)state;
	run_str_cases("phone", kd_valid_phone, phone, N_ELEMS(phone));
	run_str_cases("gender", kd_valid_gender, gender, N_ELEMS(gender));
	run_str_cases("unit", kd_valid_unit_code, unit, N_ELEMS(unit));
}

static void test_person_names(void **state)
{
	static const struct str_case cases[] = {
		{ "Nguyễn Văn An", 1 },
		{ "Đặng Thị Hoà", 1 },
		{ "Trần Thị Ngọc Hòa", 1 },
		{ "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", 1 },   /* decomposed */
		{ "H'Hen Niê", 1 },
		{ "Nguyễn-Trần Mai", 1 },
		{ "Lê", 1 },
		{ "ÆØÅ Müller", 1 },
		{ "Ab", 1 },
		{ "A", 0 },                     /* 1 byte */
		{ "", 0 },
		{ " Nguyễn Văn An", 0 },
		{ "Nguyễn Văn An ", 0 },
		{ "Nguyễn  Văn An", 0 },
		{ "Nguyễn\tVăn", 0 },
		{ "Nguyễn\nVăn", 0 },
		{ "Nguyễn Văn An2", 0 },
		{ "<script>alert(1)</script>", 0 },
		{ "An<b>", 0 },
		{ "' OR 1=1 --", 0 },
		{ "Robert'); DROP TABLE citizens;--", 0 },
		{ "An & Bình", 0 },
		{ "An \"Bình\"", 0 },
		{ "An;Bình", 0 },
		{ "An, Bình", 0 },
		{ "-An", 0 },
		{ "'An", 0 },
		{ "An-", 0 },
		{ "\xcc\x81" "An", 0 },          /* mark with no letter */
		{ "An \xcc\x81", 0 },            /* mark after a space */
		{ "An \xc3\x97 B", 0 },          /* U+00D7 multiplication sign */
		{ "An \xc3\xb7 B", 0 },          /* U+00F7 division sign */
		{ "An\xc2\xa0" "Bình", 0 },     /* NBSP */
		{ "An\xe2\x80\x8b" "B", 0 },    /* zero-width space */
		{ "Ан Бинь", 0 },               /* Cyrillic */
		{ "\xc0\xaf" "An", 0 },          /* overlong */
		{ "An\xed\xa0\x80", 0 },         /* surrogate */
		{ "An\xc3", 0 },                 /* truncated */
		{ NULL, 0 },
	};
	char name[128];

	(void)state;
	run_str_cases("name", kd_valid_person_name, cases, N_ELEMS(cases));

	/* 100 bytes is the limit, 101 is over: ASCII and multi-byte. */
	memset(name, 'a', sizeof(name));
	name[0] = 'A';
	name[100] = '\0';
	assert_int_equal(kd_valid_person_name(name), 1);
	name[100] = 'a';
	name[101] = '\0';
	assert_int_equal(kd_valid_person_name(name), 0);
	/* 33 x "ễ" (3 bytes) = 99 bytes, + "a" = 100, + "aa" = 101. */
	name[0] = '\0';
	for (int i = 0; i < 33; i++)
		strcat(name, "\xe1\xbb\x85");
	strcat(name, "a");
	assert_int_equal(kd_valid_person_name(name), 1);
	strcat(name, "a");
	assert_int_equal(kd_valid_person_name(name), 0);
}

static void assert_key(const char *s, const char *want)
{
	char key[128];

	if (kd_name_key(s, key, sizeof(key)) != 0)
		fail_msg("name_key failed on \"%s\"", s);
	if (strcmp(key, want) != 0)
		fail_msg("name_key(\"%s\") = \"%s\", want \"%s\"", s, key, want);
}

static void test_uint(void **state)
{
	unsigned long long v = 7;

	(void)state;
	assert_true(kd_valid_uint("0", 10, &v) && v == 0);
	assert_true(kd_valid_uint("1234", 1234, &v) && v == 1234);
	assert_true(kd_valid_uint("18446744073709551615", UINT64_MAX, &v) &&
	    v == UINT64_MAX);
	v = 7;
	assert_false(kd_valid_uint("1235", 1234, &v));
	assert_false(kd_valid_uint("18446744073709551616", UINT64_MAX, &v));
	assert_false(kd_valid_uint("9", 5, &v));
	assert_false(kd_valid_uint("", 10, &v));
	assert_false(kd_valid_uint("-1", 10, &v));
	assert_false(kd_valid_uint("+1", 10, &v));
	assert_false(kd_valid_uint(" 1", 10, &v));
	assert_false(kd_valid_uint("1 ", 10, &v));
	assert_false(kd_valid_uint("0x1", 100, &v));
	assert_int_equal(v, 7);   /* untouched when refused */
}

/* Vietnamese dictionary order: letters (ă after a, đ after d, ơ after
 * ô, ư after u), tone marks only when the letters are equal. */
static void test_vn_order(void **state)
{
	static const char *const provinces[] = {
		"An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
		"Bắc Ninh", "Bến Tre", "Bình Định", "Cà Mau", "Cao Bằng", "Cần Thơ",
		"Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Nai", "Gia Lai", "Hà Giang",
		"Hà Nội", "Hải Dương", "Hậu Giang", "Hòa Bình", "Ơn", "Sơn La",
		"Thái Bình", "Thanh Hóa", "Thừa Thiên Huế", "Tuyên Quang", "Ứng",
		"Vĩnh Long", "Yên Bái",
	};
	size_t i, n = sizeof(provinces) / sizeof(provinces[0]);

	(void)state;
	for (i = 0; i + 1 < n; i++)
		if (kd_vn_strcmp(provinces[i], provinces[i + 1]) >= 0)
			fail_msg("\"%s\" should sort before \"%s\"", provinces[i], provinces[i + 1]);
	assert_true(kd_vn_strcmp("Bắc", "Bạc") > 0);       /* ắ: ă after a */
	assert_true(kd_vn_strcmp("ca", "cà") < 0);         /* no tone first */
	assert_true(kd_vn_strcmp("cà", "cả") < 0);         /* huyền, hỏi */
	assert_true(kd_vn_strcmp("cá", "cạ") < 0);         /* sắc, nặng */
	assert_true(kd_vn_strcmp("Hòa", "Hoa") > 0);
	assert_int_equal(kd_vn_strcmp("Hòa", "Hòa"), 0);
	/* Decomposed: "Ho" + U+0300 + "a" is "Hòa" written another way. */
	assert_true(kd_vn_strcmp("Ho\xcc\x80" "a", "Hóa") < 0);
	assert_true(kd_vn_strcmp("Ho\xcc\x80" "a", "Hoa") > 0);
	assert_true(kd_vn_strcmp("a", "a b") < 0);
}

static void test_name_key(void **state)
{
	static const struct {
		const char *s, *key;
	} cases[] = {
		{ "Hoà", "hoa" },                       /* old tone placement */
		{ "Hòa", "hoa" },                       /* new tone placement */
		{ "HOA", "hoa" },
		{ "hoa", "hoa" },
		{ "Ho\xcc\x80" "a", "hoa" },            /* decomposed ò */
		{ "Hoa\xcc\x80", "hoa" },               /* decomposed à */
		{ "Nguyễn", "nguyen" },
		{ "NGUYỄN", "nguyen" },
		{ "Nguye\xcc\x82\xcc\x83n", "nguyen" }, /* e + circumflex + tilde */
		{ "Đặng", "dang" },
		{ "ĐẶNG", "dang" },
		{ "Ðặng", "dang" },                     /* U+00D0 eth for Đ */
		{ "Da\xcc\xa3\xcc\x86ng", "dang" },     /* a + dot below + breve */
		{ "  Trần   Thị\tNgọc  Hòa ", "tran thi ngoc hoa" },
		{ "Ưng Hoàng Phúc", "ung hoang phuc" },
		{ "Lương Thế Vinh", "luong the vinh" },
		{ "Ỷ Lan", "y lan" },
		{ "H'Hen Niê", "h'hen nie" },
		{ "Ía", "ia" },
		{ "Æsa", "\xc3\x86sa" },                /* no base: kept */
		{ "", "" },
		{ "   ", "" },
	};
	char small[4];
	char key[64];
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++)
		assert_key(cases[i].s, cases[i].key);

	/* Overflow: "hoa" needs 4 bytes with the NUL. */
	assert_int_equal(kd_name_key("Hòa", small, sizeof(small)), 0);
	assert_string_equal(small, "hoa");
	assert_int_equal(kd_name_key("Hòan", small, sizeof(small)), -1);
	assert_string_equal(small, "");
	assert_int_equal(kd_name_key("Æsa", small, sizeof(small)), -1);
	assert_int_equal(kd_name_key("x", key, 0), -1);
	/* Invalid UTF-8. */
	assert_int_equal(kd_name_key("Ho\xc0\xaf", key, sizeof(key)), -1);
	assert_string_equal(key, "");
	assert_int_equal(kd_name_key("Ho\xed\xa0\x80", key, sizeof(key)), -1);
	assert_int_equal(kd_name_key(NULL, key, sizeof(key)), -1);
}

/* ------------------------------------------- province table vs the CSV */

static FILE *open_units_csv(void)
{
	static const char rel[] = "data/admin_units.csv";
	const char *root = getenv("KD_ROOT");
	char path[4096];
	FILE *fp;

	if (root != NULL && *root != '\0') {
		if (snprintf(path, sizeof(path), "%s/%s", root, rel) >=
		    (int)sizeof(path))
			return NULL;
		return fopen(path, "r");
	}
	fp = fopen(rel, "r");
	if (fp == NULL)
		fp = fopen("../../data/admin_units.csv", "r");
	return fp;
}

static void test_province_table_vs_csv(void **state)
{
	char in_csv[100] = { 0 };
	char line[512];
	int provinces = 0, code;
	FILE *fp = open_units_csv();

	(void)state;
	if (fp == NULL)
		fail_msg("data/admin_units.csv not found: set KD_ROOT to the repo root");
	while (fgets(line, sizeof(line), fp) != NULL) {
		/* "province,01,..." : the code is two digits after the comma. */
		if (strncmp(line, "province,", 9) != 0)
			continue;
		if (line[9] < '0' || line[9] > '9' || line[10] < '0' ||
		    line[10] > '9' || line[11] != ',')
			fail_msg("bad province line in the CSV");
		in_csv[(line[9] - '0') * 10 + (line[10] - '0')] = 1;
		provinces++;
	}
	fclose(fp);
	assert_int_equal(provinces, 63);
	for (code = 0; code < 100; code++) {
		char cccd[13];

		snprintf(cccd, sizeof(cccd), "0%02d090123456", code);
		if (kd_valid_cccd(cccd) != in_csv[code])
			fail_msg("province %02d: table says %d, CSV says %d", code,
			    kd_valid_cccd(cccd), in_csv[code]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf8_trim),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_cccd),
		cmocka_unit_test(test_cccd_matches),
		cmocka_unit_test(test_cmnd_and_id),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_small_fields),
		cmocka_unit_test(test_person_names),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_name_key),
		cmocka_unit_test(test_vn_order),
		cmocka_unit_test(test_province_table_vs_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
