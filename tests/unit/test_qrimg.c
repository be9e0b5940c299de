/*
 * test_qrimg.c - the QR images (lib/qrimg.c).
 *
 *  - our re-masking gives, for each of the 8 masks, module for module the
 *    symbol libqrencode itself makes with that mask (so the mask formulas
 *    and the format information are right);
 *  - the mask chosen is the one of least penalty, and the penalty rules
 *    give the hand-computed figures on two small grids;
 *  - the PNG is well formed (chunks, CRCs, 1-bit grey, size) and its
 *    pixels, inflated and unfiltered here, are the modules at 8 px with a
 *    4-module quiet zone; the SVG path covers exactly the dark modules;
 *  - zbarimg (when installed) reads every mask's PNG back as the text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <qrencode.h>
#include <sodium.h>
#include <zlib.h>

#include "qrimg.h"
#include "qrlabel.h"

extern QRcode *QRcode_encodeMask(QRinput *input, int mask);

static void random_token(char out[103])
{
	unsigned char raw[76];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 103, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static QRcode *reference(const char *text, int mask)
{
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
	QRcode *qr;

	assert_non_null(in);
	assert_int_equal(QRinput_append(in, QR_MODE_8, (int)strlen(text),
	    (const unsigned char *)text), 0);
	qr = QRcode_encodeMask(in, mask);
	QRinput_free(in);
	assert_non_null(qr);
	return qr;
}

static void same_modules(const QRcode *a, const QRcode *b, const char *what, int mask)
{
	int i;

	assert_int_equal(a->width, b->width);
	for (i = 0; i < a->width * a->width; i++)
		if ((a->data[i] & 1) != (b->data[i] & 1))
			fail_msg("%s, mask %d: module (%d, %d) differs", what, mask,
			    i % a->width, i / a->width);
}

static void test_every_mask_equals_libqrencodes(void **state)
{
	static const char *texts[] = {
		"a", "AQEAAAAAAAE", "0123456789", "kiểm dịch",
		/* 150 characters: a wider symbol (version 8) */
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
		"abcdefghijklmnopqrstuv",
	};
	char token[103];
	size_t t;
	int k, round;

	(void)state;
	for (round = 0; round < 60 + (int)(sizeof(texts) / sizeof(texts[0])); round++) {
		const char *text = round < 60 ? token : texts[round - 60];

		if (round < 60)
			random_token(token);
		for (k = 0; k < 8; k++) {
			QRcode *ours = kd_qr_encode(text, k), *ref = reference(text, k);

			assert_non_null(ours);
			same_modules(ours, ref, text, k);
			QRcode_free(ours);
			QRcode_free(ref);
		}
	}
	(void)t;
}

static void test_the_best_mask_is_chosen(void **state)
{
	char token[103];
	int round, k;

	(void)state;
	for (round = 0; round < 40; round++) {
		QRcode *best;
		long min = -1, got;

		random_token(token);
		for (k = 0; k < 8; k++) {
			QRcode *qr = kd_qr_encode(token, k);
			long p = kd_qr_penalty(qr);

			assert_true(p > 0);
			if (min < 0 || p < min)
				min = p;
			QRcode_free(qr);
		}
		best = kd_qr_encode(token, -1);
		assert_non_null(best);
		assert_int_equal(best->width, 41);           /* version 6 */
		got = kd_qr_penalty(best);
		assert_int_equal(got, min);
		QRcode_free(best);
	}
}

static void test_penalty_rules_by_hand(void **state)
{
	unsigned char data[21 * 21];
	QRcode qr = { .version = 1, .width = 21, .data = data };
	int x;

	(void)state;
	/* All light: N1 42 lines x (21 - 2) = 798; N2 400 blocks x 3 = 1200;
	 * N4 0 % dark: 10 x 9 = 90. */
	memset(data, 0, sizeof(data));
	assert_int_equal(kd_qr_penalty(&qr), 798 + 1200 + 90);
	/* Row 10 = 0000 1011101 0000000000: N3 on both sides (2 x 40); N1
	 * 20 rows x 19 + 8 (the light run of 10), 16 columns x 19 + 5 x
	 * (8 + 8); N2 loses 2 x 8 blocks: 384 x 3; N4 still 90. */
	for (x = 4; x <= 10; x++)
		data[10 * 21 + x] = (x == 5 || x == 9) ? 0 : 1;
	assert_int_equal(kd_qr_penalty(&qr), (380 + 8) + (304 + 80) + 384 * 3 + 80 + 90);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Parses and inflates a PNG of ours; checks it pixel by pixel. */
static void check_png(const struct kd_image *img, const QRcode *qr, int scale)
{
	int size = qr->width + 2 * KD_QR_QUIET, px = size * scale, x, y;
	size_t row = 1 + ((size_t)px + 7) / 8, raw_len = row * (size_t)px, pos = 8;
	unsigned char *idat = NULL, *raw = malloc(raw_len + 1), *prev, *cur;
	size_t idat_len = 0;
	uLongf got = (uLongf)raw_len + 1;
	int seen_end = 0;

	assert_non_null(raw);
	assert_memory_equal(img->data, "\x89PNG\r\n\x1a\n", 8);
	while (pos + 12 <= img->len) {
		uint32_t len = get32(img->data + pos);
		const unsigned char *type = img->data + pos + 4;

		assert_true(pos + 12 + len <= img->len);
		assert_int_equal(get32(img->data + pos + 8 + len),
		    (uint32_t)crc32(0, type, len + 4));
		if (memcmp(type, "IHDR", 4) == 0) {
			assert_int_equal(pos, 8);
			assert_int_equal(len, 13);
			assert_int_equal(get32(type + 4), (uint32_t)px);
			assert_int_equal(get32(type + 8), (uint32_t)px);
			assert_int_equal(type[12], 1);          /* 1 bit */
			assert_int_equal(type[13], 0);          /* grey */
			assert_int_equal(type[16], 0);          /* not interlaced */
		} else if (memcmp(type, "IDAT", 4) == 0) {
			unsigned char *more = realloc(idat, idat_len + len);

			assert_non_null(more);
			idat = more;
			memcpy(idat + idat_len, type + 4, len);
			idat_len += len;
		} else if (memcmp(type, "IEND", 4) == 0) {
			seen_end = 1;
			assert_int_equal(pos + 12, img->len);
		}
		pos += 12 + len;
	}
	assert_true(seen_end);
	assert_int_equal(uncompress(raw, &got, idat, (uLong)idat_len), Z_OK);
	assert_int_equal(got, raw_len);
	prev = calloc(1, row);
	for (y = 0; y < px; y++) {
		cur = raw + (size_t)y * row;
		assert_true(cur[0] == 0 || cur[0] == 2);     /* None or Up */
		if (cur[0] == 2)
			for (x = 1; x < (int)row; x++)
				cur[x] = (unsigned char)(cur[x] + prev[x]);
		for (x = 0; x < px; x++) {
			int mx = x / scale - KD_QR_QUIET, my = y / scale - KD_QR_QUIET;
			int dark = mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
			    (qr->data[my * qr->width + mx] & 1);
			int white = (cur[1 + x / 8] >> (7 - x % 8)) & 1;

			if (white == dark)
				fail_msg("pixel (%d, %d) wrong", x, y);
		}
		memcpy(prev, cur, row);
	}
	free(prev);
	free(raw);
	free(idat);
}

static void test_png_pixels_are_the_modules(void **state)
{
	char token[103];
	struct kd_image img;
	int scale;

	(void)state;
	random_token(token);
	for (scale = 1; scale <= 9; scale++) {
		QRcode *qr = kd_qr_encode(token, -1);

		assert_int_equal(kd_qr_png_of(qr, scale, &img), 0);
		check_png(&img, qr, scale);
		free(img.data);
		QRcode_free(qr);
	}
	assert_int_equal(kd_qr_png(token, KD_QR_SCALE, &img), 0);
	assert_true(img.len < 1400);                 /* ~1 KB */
	free(img.data);
	assert_int_equal(kd_qr_png(token, 0, &img), -1);
	assert_null(img.data);
	{
		/* Wider than the bit rows hold: libqrencode chooses the mask. */
		char longer[301];
		QRcode *qr;

		memset(longer, 'q', 300);
		longer[300] = '\0';
		qr = kd_qr_encode(longer, -1);
		assert_non_null(qr);
		assert_true(qr->width > 52);
		assert_int_equal(kd_qr_penalty(qr), -1);
		assert_int_equal(kd_qr_png_of(qr, 2, &img), 0);
		check_png(&img, qr, 2);
		free(img.data);
		QRcode_free(qr);
	}
	{
		char *huge = malloc(4000);

		memset(huge, 'x', 3999);
		huge[3999] = '\0';
		assert_int_equal(kd_qr_png(huge, 8, &img), -1);   /* no symbol that big */
		assert_int_equal(kd_qr_svg(huge, &img), -1);
		free(huge);
	}
}

static void test_svg_path_covers_the_dark_modules(void **state)
{
	char token[103];
	struct kd_image img;
	QRcode *qr;
	unsigned char *seen;
	const char *p;
	char *text;
	int n, dark = 0, covered = 0, i;

	(void)state;
	random_token(token);
	assert_int_equal(kd_qr_svg(token, &img), 0);
	text = calloc(img.len + 1, 1);                 /* the image has no NUL */
	memcpy(text, img.data, img.len);
	qr = kd_qr_encode(token, -1);
	n = qr->width + 2 * KD_QR_QUIET;
	seen = calloc((size_t)n * n, 1);
	assert_true(strncmp(text, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	assert_non_null(strstr(text, "viewBox=\"0 0 49 49\""));
	p = strstr(text, "<path");
	assert_non_null(p);
	assert_null(strstr(p + 1, "<path"));           /* one path */
	p = strstr(p, " d=\"") + 4;
	while (*p == 'M') {
		int x, y, run, run2, used;

		assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &run2, &used), 4);
		assert_int_equal(run, run2);
		for (i = 0; i < run; i++) {
			assert_int_equal(seen[y * n + x + i], 0);
			seen[y * n + x + i] = 1;
			covered++;
		}
		p += used;
	}
	assert_string_equal(p, "\"/></svg>\n");
	for (i = 0; i < qr->width * qr->width; i++)
		if (qr->data[i] & 1) {
			dark++;
			assert_int_equal(seen[(i / qr->width + KD_QR_QUIET) * n +
			    i % qr->width + KD_QR_QUIET], 1);
		}
	assert_int_equal(dark, covered);
	free(text);
	free(seen);
	free(img.data);
	QRcode_free(qr);
}

/* What zbarimg reads in a PNG (out: "" when nothing). */
static void zbar_read(const struct kd_image *img, char *out, size_t cap)
{
	char path[64], cmd[160];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/kd-qr-test-%d.png", (int)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(img->data, 1, img->len, f), img->len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "zbarimg --raw -q %s 2>/dev/null", path);
	f = popen(cmd, "r");
	assert_non_null(f);
	memset(out, 0, cap);
	if (fgets(out, (int)cap, f) == NULL)
		out[0] = '\0';
	pclose(f);
	unlink(path);
	out[strcspn(out, "\n")] = '\0';
}

static void test_zbarimg_reads_every_mask(void **state)
{
	char token[103], out[200];
	struct kd_image img;
	int k;

	(void)state;
	if (system("command -v zbarimg >/dev/null 2>&1") != 0)
		skip();
	random_token(token);
	for (k = -1; k < 8; k++) {
		QRcode *qr = kd_qr_encode(token, k);

		assert_int_equal(kd_qr_png_of(qr, KD_QR_SCALE, &img), 0);
		QRcode_free(qr);
		zbar_read(&img, out, sizeof(out));
		free(img.data);
		if (strcmp(out, token) != 0)
			fail_msg("mask %d: zbarimg read \"%s\"", k, out);
	}
}

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* The code with its label: an 8-bit grey PNG as wide as the plain one,
 * taller by its lines, that still reads as the token; another name makes
 * another image; no font, no image. */
static void test_labelled_png(void **state)
{
	const char *lines[2] = { "Nguyễn V. Ấ.", "Hết hạn: 08:30 ngày 01/09/2021" };
	const char *other[2] = { "Trần T. B.", "Hết hạn: 08:30 ngày 01/09/2021" };
	char token[103], out[200];
	struct kd_image img, img2;

	(void)state;
	random_token(token);
	assert_int_equal(kd_qr_png_labelled(token, lines, 2, &img), -1);
	if (kd_qr_font_load(KD_QR_FONT_DEFAULT) != 0)
		skip();
	assert_int_equal(kd_qr_png_labelled(token, lines, 2, &img), 0);
	assert_memory_equal(img.data + 12, "IHDR", 4);
	assert_int_equal(be32(img.data + 16), 49 * KD_QR_SCALE);
	assert_true(be32(img.data + 20) > 49 * KD_QR_SCALE + 40);
	assert_int_equal(img.data[24], 8);                /* bit depth */
	assert_int_equal(img.data[25], 0);                /* grey */
	assert_int_equal(kd_qr_png_labelled(token, other, 2, &img2), 0);
	assert_true(img.len != img2.len || memcmp(img.data, img2.data, img.len) != 0);
	if (system("command -v zbarimg >/dev/null 2>&1") == 0) {
		zbar_read(&img, out, sizeof(out));
		assert_string_equal(out, token);
	}
	free(img.data);
	free(img2.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_mask_equals_libqrencodes),
		cmocka_unit_test(test_the_best_mask_is_chosen),
		cmocka_unit_test(test_penalty_rules_by_hand),
		cmocka_unit_test(test_png_pixels_are_the_modules),
		cmocka_unit_test(test_svg_path_covers_the_dark_modules),
		cmocka_unit_test(test_zbarimg_reads_every_mask),
		cmocka_unit_test(test_labelled_png),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
