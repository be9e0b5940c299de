/*
 * valid.c - validators for values from outside (see valid.h).
 *
 * Everything here works on bytes and code points with fixed tables: no
 * locale (isalpha() would depend on it), no allocation, no state.
 */
#include <stdint.h>
#include <string.h>

#include "valid.h"

#define NAME_MIN_BYTES 2
#define NAME_MAX_BYTES 100

/* ---------------------------------------------------------------- UTF-8 */

/*
 * Decodes one code point at s[*i] (len bytes in all) and advances *i.
 * Returns 0 on any ill-formed sequence; the ranges of the second byte are
 * those of the Unicode standard's table 3-7, which is what rules out
 * overlongs (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and
 * values above U+10FFFF (F4 90.., F5..FF).  NUL is refused as well: no
 * caller wants it and it would cut a C string short.
 */
static int utf8_next(const unsigned char *s, size_t len, size_t *i,
    uint32_t *cp)
{
	unsigned char b = s[*i];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n, k;
	uint32_t c;

	if (b == 0)
		return 0;
	if (b < 0x80) {
		*cp = b;
		(*i)++;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		n = 1;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 2;
		c = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;
		else if (b == 0xED)
			hi = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 3;
		c = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;
		else if (b == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (len - *i <= n)
		return 0;               /* truncated */
	for (k = 1; k <= n; k++) {
		unsigned char t = s[*i + k];

		if (t < lo || t > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
		c = (c << 6) | (t & 0x3F);
	}
	*i += n + 1;
	*cp = c;
	return 1;
}

int kd_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	if (s == NULL)
		return 0;
	while (i < len)
		if (!utf8_next(u, len, &i, &cp))
			return 0;
	return 1;
}

int kd_text_valid(const char *s, size_t len, size_t max_chars,
    int allow_newline)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, chars = 0;
	uint32_t cp;

	if (s == NULL)
		return 0;
	while (i < len) {
		if (!utf8_next(u, len, &i, &cp))
			return 0;
		if (cp == '\r' && allow_newline && i < len && u[i] == '\n')
			i++;            /* CRLF: one line break */
		else if (cp == '\n' && allow_newline)
			;
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			return 0;
		if (++chars > max_chars)
			return 0;
	}
	return 1;
}

int kd_valid_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	unsigned d;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		d = (unsigned)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

/* ------------------------------------------------------ identity numbers */

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

/*
 * Province codes of birth place in a CCCD (Circular 07/2016/TT-BCA, annex
 * I) are the 2-digit GSO province codes: the 63 provinces of
 * data/admin_units.csv (level "province").  tests/unit/test_valid.c checks
 * this table against that file, so a change of the list fails the build.
 */
static const char cccd_provinces[][3] = {
	"01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17",
	"19", "20", "22", "24", "25", "26", "27", "30", "31", "33", "34",
	"35", "36", "37", "38", "40", "42", "44", "45", "46", "48", "49",
	"51", "52", "54", "56", "58", "60", "62", "64", "66", "67", "68",
	"70", "72", "74", "75", "77", "79", "80", "82", "83", "84", "86",
	"87", "89", "91", "92", "93", "94", "95", "96",
};

static int cccd_province_known(const char *two)
{
	size_t lo = 0, hi = sizeof(cccd_provinces) / sizeof(cccd_provinces[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = memcmp(two, cccd_provinces[mid], 2);

		if (cmp == 0)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int kd_valid_cccd(const char *s)
{
	if (s == NULL || !all_digits(s, 12))
		return 0;
	/* Digits 1-3: "0" + province; digit 4 century/gender (all ten values
	 * are defined); 5-6 year; 7-12 serial: any digits. */
	return s[0] == '0' && cccd_province_known(s + 1);
}

int kd_cccd_matches(const char *cccd, int year, char gender)
{
	/* Digit 4 = 2 * (century index) + (1 for women); index 0 is the
	 * 1900s, 1 the 2000s, 2 the 2100s, 3 the 2200s, 4 the 1800s. */
	static const int century_index[] = { 4, 0, 1, 2, 3 };  /* 18xx..22xx */
	int century, expect;

	if (cccd == NULL || !all_digits(cccd, 12))
		return 0;
	if (year < 1800 || year > 2299 || (gender != 'M' && gender != 'F'))
		return 0;
	century = year / 100 - 18;
	expect = 2 * century_index[century] + (gender == 'F');
	return cccd[3] - '0' == expect &&
	    (cccd[4] - '0') * 10 + (cccd[5] - '0') == year % 100;
}

int kd_valid_cmnd(const char *s)
{
	return s != NULL && all_digits(s, 9);
}

int kd_valid_id_number(const char *s)
{
	return kd_valid_cccd(s) || kd_valid_cmnd(s);
}

/* ------------------------------------------------------------ the rest */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int kd_parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	static const char shape[] = "DDDD-DD-DD";
	int yy, mm, dd, last;
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'D' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return 0;   /* also stops at the NUL of a short value */
	}
	if (s[i] != '\0')
		return 0;
	yy = two_digits(s) * 100 + two_digits(s + 2);
	mm = two_digits(s + 5);
	dd = two_digits(s + 8);
	if (yy < 1900 || yy > 2100 || mm < 1 || mm > 12)
		return 0;
	last = mdays[mm - 1] + (mm == 2 && is_leap(yy));
	if (dd < 1 || dd > last)
		return 0;
	if (y != NULL)
		*y = yy;
	if (m != NULL)
		*m = mm;
	if (d != NULL)
		*d = dd;
	return 1;
}

int kd_valid_phone(const char *s)
{
	return s != NULL && s[0] == '0' && all_digits(s, 10);
}

int kd_valid_gender(const char *s)
{
	return s != NULL && (s[0] == 'M' || s[0] == 'F') && s[1] == '\0';
}

int kd_valid_unit_code(const char *s)
{
	return s != NULL &&
	    (all_digits(s, 2) || all_digits(s, 3) || all_digits(s, 5));
}

/* ------------------------------------------------------------- names */

static int is_name_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x100 && cp <= 0x24F) ||
	    (cp >= 0x1EA0 && cp <= 0x1EF9);
}

/* The marks of decomposed Vietnamese: grave, acute, circumflex, tilde,
 * breve, hook above, horn, dot below all lie in U+0300..U+0323. */
static int is_name_mark(uint32_t cp)
{
	return cp >= 0x300 && cp <= 0x323;
}

int kd_valid_person_name(const char *s)
{
	enum { AT_START, AFTER_LETTER, AFTER_SPACE, AFTER_SIGN } prev = AT_START;
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i = 0;
	uint32_t cp;

	if (s == NULL)
		return 0;
	len = strnlen(s, NAME_MAX_BYTES + 1);
	if (len < NAME_MIN_BYTES || len > NAME_MAX_BYTES)
		return 0;
	while (i < len) {
		if (!utf8_next(u, len, &i, &cp))
			return 0;
		if (is_name_letter(cp))
			prev = AFTER_LETTER;
		else if (is_name_mark(cp) && prev == AFTER_LETTER)
			prev = AFTER_LETTER;
		else if (cp == ' ' && (prev == AFTER_LETTER || prev == AFTER_SIGN))
			prev = AFTER_SPACE;
		else if ((cp == '\'' || cp == '-') && prev != AT_START)
			prev = AFTER_SIGN;
		else
			return 0;
	}
	return prev == AFTER_LETTER;
}

/*
 * ASCII base letter of U+00C0..U+024F and U+1EA0..U+1EF9, '_' where there
 * is none (the character is then kept as it is).  Made from the Unicode
 * names "LATIN CAPITAL/SMALL LETTER X [WITH ...]" -> x, so the letters
 * with a stroke (đ, ł, ø) map too; by hand: Ð/ð (U+00D0/F0, sometimes
 * typed for Đ) -> d, dotless ı (U+0131) -> i.
 */
static const char latin_base[] =
	"aaaaaa_ceeeeiiiidnooooo_ouuuuy__"      /* U+00C0 */
	"aaaaaa_ceeeeiiiidnooooo_ouuuuy_y"      /* U+00E0 */
	"aaaaaaccccccccddddeeeeeeeeeegggg"      /* U+0100 */
	"gggghhhhiiiiiiiii___jjkk_lllllll"      /* U+0120 */
	"lllnnnnnn___oooooo__rrrrrrssssss"      /* U+0140 */
	"ssttttttuuuuuuuuuuuuwwyyyzzzzzz_"      /* U+0160 */
	"bbbb___cc_ddd____ffg___ikkl__nno"      /* U+0180 */
	"oo__pp_____ttttuu_vyyzz_________"      /* U+01A0 */
	"_____d__l__n_aaiioouuuuuuuuuu_aa"      /* U+01C0 */
	"aa__ggggkkoooo__j_d_gg__nnaa__oo"      /* U+01E0 */
	"aaaaeeeeiiiioooorrrruuuusstt__hh"      /* U+0200 */
	"nd__zzaaeeooooooooyylnt___acclts"      /* U+0220 */
	"z__b__eejj_qrryy";                     /* U+0240 */

static const char vietnamese_base[] =
	"aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"      /* U+1EA0 */
	"eeeeeeeeiiiioooooooooooooooooooo"      /* U+1EC0 */
	"oooouuuuuuuuuuuuuuyyyyyyyy";           /* U+1EE0 */

_Static_assert(sizeof(latin_base) - 1 == 0x250 - 0xC0, "latin_base size");
_Static_assert(sizeof(vietnamese_base) - 1 == 0x1EFA - 0x1EA0,
    "vietnamese_base size");

/* The ASCII letter a code point compares as, or 0 when it has none. */
static char name_base(uint32_t cp)
{
	char c = '_';

	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if (cp >= 'a' && cp <= 'z')
		return (char)cp;
	if (cp >= 0xC0 && cp < 0xC0 + sizeof(latin_base) - 1)
		c = latin_base[cp - 0xC0];
	else if (cp == 0x131)
		c = 'i';
	else if (cp >= 0x1EA0 && cp < 0x1EA0 + sizeof(vietnamese_base) - 1)
		c = vietnamese_base[cp - 0x1EA0];
	return c == '_' ? 0 : c;
}

static int name_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\v' || cp == '\f' || cp == 0xA0;
}

size_t kd_utf8_trim(char *s, size_t len)
{
	size_t back, lead, need;
	unsigned char c;

	/* The last lead byte among the last 4 bytes, and what it needs. */
	for (back = 1; back <= 4 && back <= len; back++) {
		c = (unsigned char)s[len - back];
		if ((c & 0xC0) == 0x80)
			continue;                     /* a continuation byte */
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		lead = len - back;
		if (back < need)
			len = lead;
		break;
	}
	s[len] = '\0';
	return len;
}

int kd_name_key(const char *s, char *out, size_t outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i = 0, o = 0;
	int pending_space = 0;

	if (out == NULL || outlen == 0)
		return -1;
	out[0] = '\0';
	if (s == NULL)
		return -1;
	len = strlen(s);
	while (i < len) {
		size_t start = i, need;
		uint32_t cp;
		char base;

		if (!utf8_next(u, len, &i, &cp))
			goto fail;
		if (name_space(cp)) {
			pending_space = o > 0;
			continue;
		}
		if (cp >= 0x300 && cp <= 0x36F)
			continue;       /* a decomposed diacritic or tone mark */
		base = name_base(cp);
		need = (base ? 1 : i - start) + (size_t)pending_space;
		if (o + need >= outlen)
			goto fail;
		if (pending_space)
			out[o++] = ' ';
		pending_space = 0;
		if (base) {
			out[o++] = base;
		} else {
			memcpy(out + o, s + start, i - start);
			o += i - start;
		}
	}
	out[o] = '\0';
	return 0;
fail:
	out[0] = '\0';
	return -1;
}

/* ------------------------------------------------- Vietnamese order */

/*
 * The Vietnamese alphabet: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ
 * p q r s t u ư v (w) x y (z); the letters foreign to it sit where Latin
 * puts them.  Letters are numbered from 1 in that order; VN_A_BREVE etc.
 * name the seven that are not plain Latin.
 */
enum {
	VN_A = 1, VN_A_BREVE, VN_A_CIRC, VN_B, VN_C, VN_D, VN_D_STROKE, VN_E,
	VN_E_CIRC, VN_F, VN_G, VN_H, VN_I, VN_J, VN_K, VN_L, VN_M, VN_N, VN_O,
	VN_O_CIRC, VN_O_HORN, VN_P, VN_Q, VN_R, VN_S, VN_T, VN_U, VN_U_HORN,
	VN_V, VN_W, VN_X, VN_Y, VN_Z, VN_OTHER
};

/* The letter number of a plain Latin letter a..z. */
static const unsigned char vn_latin[26] = {
	VN_A, VN_B, VN_C, VN_D, VN_E, VN_F, VN_G, VN_H, VN_I, VN_J, VN_K, VN_L,
	VN_M, VN_N, VN_O, VN_P, VN_Q, VN_R, VN_S, VN_T, VN_U, VN_V, VN_W, VN_X,
	VN_Y, VN_Z
};

/* Tones in dictionary order: none, huyền (grave), hỏi (hook), ngã
 * (tilde), sắc (acute), nặng (dot below). */
enum { TONE_NONE, TONE_GRAVE, TONE_HOOK, TONE_TILDE, TONE_ACUTE, TONE_DOT };

/* U+1EA0..U+1EF9 in pairs (capital, small): the letter and the tone. */
static const struct {
	unsigned char letter, tone;
} vn_extended[45] = {
	{ VN_A, TONE_DOT }, { VN_A, TONE_HOOK },
	{ VN_A_CIRC, TONE_ACUTE }, { VN_A_CIRC, TONE_GRAVE }, { VN_A_CIRC, TONE_HOOK },
	{ VN_A_CIRC, TONE_TILDE }, { VN_A_CIRC, TONE_DOT },
	{ VN_A_BREVE, TONE_ACUTE }, { VN_A_BREVE, TONE_GRAVE }, { VN_A_BREVE, TONE_HOOK },
	{ VN_A_BREVE, TONE_TILDE }, { VN_A_BREVE, TONE_DOT },
	{ VN_E, TONE_DOT }, { VN_E, TONE_HOOK }, { VN_E, TONE_TILDE },
	{ VN_E_CIRC, TONE_ACUTE }, { VN_E_CIRC, TONE_GRAVE }, { VN_E_CIRC, TONE_HOOK },
	{ VN_E_CIRC, TONE_TILDE }, { VN_E_CIRC, TONE_DOT },
	{ VN_I, TONE_HOOK }, { VN_I, TONE_DOT },
	{ VN_O, TONE_DOT }, { VN_O, TONE_HOOK },
	{ VN_O_CIRC, TONE_ACUTE }, { VN_O_CIRC, TONE_GRAVE }, { VN_O_CIRC, TONE_HOOK },
	{ VN_O_CIRC, TONE_TILDE }, { VN_O_CIRC, TONE_DOT },
	{ VN_O_HORN, TONE_ACUTE }, { VN_O_HORN, TONE_GRAVE }, { VN_O_HORN, TONE_HOOK },
	{ VN_O_HORN, TONE_TILDE }, { VN_O_HORN, TONE_DOT },
	{ VN_U, TONE_DOT }, { VN_U, TONE_HOOK },
	{ VN_U_HORN, TONE_ACUTE }, { VN_U_HORN, TONE_GRAVE }, { VN_U_HORN, TONE_HOOK },
	{ VN_U_HORN, TONE_TILDE }, { VN_U_HORN, TONE_DOT },
	{ VN_Y, TONE_GRAVE }, { VN_Y, TONE_DOT }, { VN_Y, TONE_HOOK }, { VN_Y, TONE_TILDE },
};

/* The Vietnamese letters of Latin-1 and Latin Extended-A/B (small forms;
 * capitals are 0x20 below in Latin-1, one below in the others). */
static const struct {
	uint32_t cp;
	unsigned char letter, tone;
} vn_latin1[] = {
	{ 0xE0, VN_A, TONE_GRAVE }, { 0xE1, VN_A, TONE_ACUTE }, { 0xE2, VN_A_CIRC, TONE_NONE },
	{ 0xE3, VN_A, TONE_TILDE }, { 0xE8, VN_E, TONE_GRAVE }, { 0xE9, VN_E, TONE_ACUTE },
	{ 0xEA, VN_E_CIRC, TONE_NONE }, { 0xEC, VN_I, TONE_GRAVE }, { 0xED, VN_I, TONE_ACUTE },
	{ 0xF2, VN_O, TONE_GRAVE }, { 0xF3, VN_O, TONE_ACUTE }, { 0xF4, VN_O_CIRC, TONE_NONE },
	{ 0xF5, VN_O, TONE_TILDE }, { 0xF9, VN_U, TONE_GRAVE }, { 0xFA, VN_U, TONE_ACUTE },
	{ 0xFD, VN_Y, TONE_ACUTE },
	{ 0x103, VN_A_BREVE, TONE_NONE }, { 0x111, VN_D_STROKE, TONE_NONE },
	{ 0x129, VN_I, TONE_TILDE }, { 0x169, VN_U, TONE_TILDE },
	{ 0x1A1, VN_O_HORN, TONE_NONE }, { 0x1B0, VN_U_HORN, TONE_NONE },
};

/* A combining mark after a letter: its tone, or the letter it makes. */
static void vn_mark(uint32_t cp, unsigned char *letter, unsigned char *tone)
{
	switch (cp) {
	case 0x300: *tone = TONE_GRAVE; break;
	case 0x301: *tone = TONE_ACUTE; break;
	case 0x303: *tone = TONE_TILDE; break;
	case 0x309: *tone = TONE_HOOK; break;
	case 0x323: *tone = TONE_DOT; break;
	case 0x302:          /* circumflex */
		*letter = *letter == VN_A ? VN_A_CIRC : *letter == VN_E ? VN_E_CIRC :
		    *letter == VN_O ? VN_O_CIRC : *letter;
		break;
	case 0x306:          /* breve */
		*letter = *letter == VN_A ? VN_A_BREVE : *letter;
		break;
	case 0x31B:          /* horn */
		*letter = *letter == VN_O ? VN_O_HORN : *letter == VN_U ? VN_U_HORN : *letter;
		break;
	default:
		break;
	}
}

/* The letter and tone of cp; 0 (and the code point as *other) for what
 * is no letter (spaces, digits and punctuation then sort before
 * letters, by code point). */
static unsigned char vn_letter(uint32_t cp, unsigned char *tone)
{
	size_t k;

	*tone = TONE_NONE;
	if (cp >= 'A' && cp <= 'Z')
		return vn_latin[cp - 'A'];
	if (cp >= 'a' && cp <= 'z')
		return vn_latin[cp - 'a'];
	if (cp >= 0x1EA0 && cp <= 0x1EF9) {
		k = (cp - 0x1EA0) / 2;
		*tone = vn_extended[k].tone;
		return vn_extended[k].letter;
	}
	for (k = 0; k < sizeof(vn_latin1) / sizeof(vn_latin1[0]); k++) {
		uint32_t small = vn_latin1[k].cp;

		if (cp == small || cp == (small < 0x100 ? small - 0x20 : small - 1)) {
			*tone = vn_latin1[k].tone;
			return vn_latin1[k].letter;
		}
	}
	if (cp == 0xD0 || cp == 0xF0)
		return VN_D_STROKE;
	return cp >= 0x80 && name_base(cp) ? vn_latin[name_base(cp) - 'a'] : 0;
}

/* One character of s (letters with their following combining marks),
 * as a sort weight: (letter << 21 | code point for non-letters) and its
 * tone.  Returns 0 at the end or on bad UTF-8. */
static int vn_next(const unsigned char *s, size_t len, size_t *i,
    uint32_t *weight, unsigned char *tone)
{
	unsigned char letter;
	uint32_t cp;

	if (*i >= len || !utf8_next(s, len, i, &cp))
		return 0;
	letter = vn_letter(cp, tone);
	while (*i < len) {
		size_t at = *i;
		uint32_t mark;

		if (!utf8_next(s, len, &at, &mark) || mark < 0x300 || mark > 0x36F)
			break;
		if (letter != 0)
			vn_mark(mark, &letter, tone);
		*i = at;
	}
	*weight = letter != 0 ? (uint32_t)(letter + VN_OTHER) << 21 : cp;
	return 1;
}

int kd_vn_strcmp(const char *a, const char *b)
{
	const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
	size_t la = strlen(a), lb = strlen(b), i = 0, j = 0;
	int tone_diff = 0;

	for (;;) {
		uint32_t wa = 0, wb = 0;
		unsigned char ta = 0, tb = 0;
		int ha = vn_next(ua, la, &i, &wa, &ta), hb = vn_next(ub, lb, &j, &wb, &tb);

		if (!ha || !hb) {
			if (ha != hb)
				return ha ? 1 : -1;
			break;
		}
		if (wa != wb)
			return wa < wb ? -1 : 1;
		/* Letters first for the whole word, the first tone that differs
		 * after that. */
		if (tone_diff == 0 && ta != tb)
			tone_diff = ta < tb ? -1 : 1;
	}
	return tone_diff != 0 ? tone_diff : strcmp(a, b);
}
