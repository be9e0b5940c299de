/*
 * qrimg.c - QR images (see qrimg.h).
 *
 * Speed matters here: /qr/<token>.png is the busiest public URL, so two
 * things are done by hand, both measured (docs/DECLARATION.md):
 *
 *  - The mask.  QRcode_encodeString() tries all eight masks with a slow
 *    penalty evaluator (~120 us of ~170 us per code).  We let libqrencode
 *    build the symbol once with mask 0 (QRcode_encodeMask, exported by the
 *    library since 3.0 but declared only in its qrencode_inner.h), then
 *    evaluate the eight masks ourselves with the penalty rules of ISO/IEC
 *    18004 (N1 runs, N2 blocks, N3 finder-like patterns, N4 balance) and
 *    re-mask the data modules and rewrite the format information for the
 *    best one: the same symbol libqrencode makes for that mask
 *    (tests/unit/test_qrimg.c compares them module by module).
 *
 *  - The PNG.  libpng sets up a new deflate state (some 270 KB allocated
 *    and cleared) for every image.  The PNG of a QR code is three chunks:
 *    we write them ourselves with one z_stream per process, reset between
 *    images; rows that repeat the one above use filter "Up" (all zeros),
 *    so deflate at level 1 makes ~1 KB in ~25 us.
 */
#include <errno.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "log.h"
#include "qrimg.h"

/* libqrencode's own (qrencode_inner.h): the symbol with a given mask. */
extern QRcode *QRcode_encodeMask(QRinput *input, int mask);

#define FUNCTION_MODULE 0x80      /* libqrencode: not a data/ECC module */

/* --------------------------------------------------------------- masks */

static int mask_bit(int mask, int x, int y)
{
	switch (mask) {
	case 0: return (x + y) % 2 == 0;
	case 1: return y % 2 == 0;
	case 2: return x % 3 == 0;
	case 3: return (x + y) % 3 == 0;
	case 4: return (x / 3 + y / 2) % 2 == 0;
	case 5: return x * y % 2 + x * y % 3 == 0;
	case 6: return (x * y % 2 + x * y % 3) % 2 == 0;
	default: return ((x + y) % 2 + x * y % 3) % 2 == 0;
	}
}

/* The 15 format bits for level M and a mask: BCH(15,5), then XOR 0x5412. */
static unsigned format_bits(int mask)
{
	unsigned data = (0u << 3) | (unsigned)mask;      /* M = 00 */
	unsigned rem = data;
	int i;

	for (i = 0; i < 10; i++)
		rem = (rem << 1) ^ ((rem >> 9) * 0x537u);
	return ((data << 10) | (rem & 0x3ffu)) ^ 0x5412u;
}

/* Where the format information goes (ISO/IEC 18004, 7.9.1): both copies
 * of the 15 bits, then the dark module (bit -1: always dark). */
#define FORMAT_CELLS 31
static void format_cells(int size, int x[FORMAT_CELLS], int y[FORMAT_CELLS],
    int bit[FORMAT_CELLS])
{
	int i, n = 0;

#define CELL(cx, cy, b) (x[n] = (cx), y[n] = (cy), bit[n] = (b), n++)
	for (i = 0; i <= 5; i++)
		CELL(8, i, i);
	CELL(8, 7, 6);
	CELL(8, 8, 7);
	CELL(7, 8, 8);
	for (i = 9; i < 15; i++)
		CELL(14 - i, 8, i);
	for (i = 0; i < 8; i++)
		CELL(size - 1 - i, 8, i);
	for (i = 8; i < 15; i++)
		CELL(8, size - 15 + i, i);
	CELL(8, size - 8, -1);
#undef CELL
}

/* Sets bit 0 of the format cells of libqrencode's symbol for a mask. */
static void write_format(QRcode *qr, int mask)
{
	int x[FORMAT_CELLS], y[FORMAT_CELLS], bit[FORMAT_CELLS], i;
	unsigned bits = format_bits(mask);

	format_cells(qr->width, x, y, bit);
	for (i = 0; i < FORMAT_CELLS; i++) {
		unsigned char *m = &qr->data[y[i] * qr->width + x[i]];
		unsigned b = bit[i] < 0 ? 1u : (bits >> bit[i]) & 1u;

		*m = (unsigned char)((*m & 0xfe) | b);
	}
}

void kd_qr_remask(QRcode *qr, int from, int to)
{
	int size = qr->width, x, y;

	for (y = 0; y < size; y++)
		for (x = 0; x < size; x++) {
			unsigned char *m = &qr->data[y * size + x];

			if (!(*m & FUNCTION_MODULE) && mask_bit(from, x, y) != mask_bit(to, x, y))
				*m ^= 1;
		}
	write_format(qr, to);
}

/* ------------------------------------------------------------- penalty */

/*
 * The symbol as bit rows and bit columns (bit x of row y = module (x, y),
 * 1 = dark), for symbols up to BITS_MAX modules wide: every version a
 * token uses (102 characters: version 6, 41 modules).  The rules of
 * ISO/IEC 18004, 7.8.3, evaluated 64 modules at a time:
 *   N1  a run of 5 + i modules of one colour in a line: 3 + i
 *   N2  each 2x2 block of one colour: 3
 *   N3  1:1:3:1:1 dark-light-dark-light-dark with 4 light modules on one
 *       side (as ZXing's encoder: the 11-module pattern, scale 1): 40
 *   N4  10 per 5 % of dark modules away from 50 %
 * The light margin around the symbol counts as light.
 */
#define BITS_MAX 52                   /* size + 2 * 4 margin + 4 <= 64 */

struct bitgrid {
	int size;
	uint64_t row[BITS_MAX], col[BITS_MAX];
};

/* Portable population count (no popcnt instruction assumed). */
static int ones(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ULL);
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (int)((v * 0x0101010101010101ULL) >> 56);
}

static long line_bits_penalty(uint64_t line, int size)
{
	uint64_t same, run5, w, core, light4, starts;
	long p;

	/* N1: bit i of same says modules i and i+1 match; run5 marks each
	 * window of 5 equal modules (a run of L has L - 4 of them, and
	 * scores L - 2). */
	same = ~(line ^ (line >> 1)) & ((1ULL << (size - 1)) - 1);
	run5 = same & (same >> 1) & (same >> 2) & (same >> 3);
	p = ones(run5) + 2L * ones(run5 & ~(run5 << 1));
	/* N3: the line with 4 light modules each side; core marks where
	 * 1011101 starts, light4 where 4 light modules start. */
	w = line << 4;
	core = w & ~(w >> 1) & (w >> 2) & (w >> 3) & (w >> 4) & ~(w >> 5) & (w >> 6);
	light4 = ~w & ~(w >> 1) & ~(w >> 2) & ~(w >> 3);
	starts = (1ULL << (size + 8 - 10)) - 1;         /* 11-module windows */
	return p + 40L * (ones(light4 & (core >> 4) & starts) +
	    ones(core & (light4 >> 7) & starts));
}

static long bitgrid_penalty(const struct bitgrid *g)
{
	uint64_t all = (1ULL << g->size) - 1;
	long p = 0, dark = 0, total = (long)g->size * g->size, k;
	int i;

	for (i = 0; i < g->size; i++) {
		p += line_bits_penalty(g->row[i], g->size);
		p += line_bits_penalty(g->col[i], g->size);
		dark += ones(g->row[i]);
		if (i > 0) {
			uint64_t r = g->row[i], q = g->row[i - 1];
			uint64_t block = ~(r ^ (r >> 1)) & ~(q ^ (q >> 1)) & ~(r ^ q) & (all >> 1);

			p += 3L * ones(block);
		}
	}
	k = (labs(dark * 20 - total * 10) + total - 1) / total - 1;
	return p + 10 * k;
}

static void bitgrid_of(const QRcode *qr, struct bitgrid *g)
{
	int x, y;

	memset(g, 0, sizeof(*g));
	g->size = qr->width;
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1) {
				g->row[y] |= 1ULL << x;
				g->col[x] |= 1ULL << y;
			}
}

long kd_qr_penalty(const QRcode *qr)
{
	struct bitgrid g;

	if (qr->width > BITS_MAX)
		return -1;
	bitgrid_of(qr, &g);
	return bitgrid_penalty(&g);
}

/* The eight mask patterns of one width as bit rows and columns (only the
 * data modules matter; the caller masks with its data bits).  Made once:
 * the width of a token's symbol never changes. */
static struct bitgrid patterns[8];

static void make_patterns(int size)
{
	int k, x, y;

	if (patterns[0].size == size)
		return;
	memset(patterns, 0, sizeof(patterns));
	for (k = 0; k < 8; k++) {
		patterns[k].size = size;
		for (y = 0; y < size; y++)
			for (x = 0; x < size; x++)
				if (mask_bit(k, x, y)) {
					patterns[k].row[y] |= 1ULL << x;
					patterns[k].col[x] |= 1ULL << y;
				}
	}
}

/* Changes qr (made with mask 0) to the mask of least penalty. */
static void choose_mask(QRcode *qr)
{
	struct bitgrid base, data, cand;
	int fx[FORMAT_CELLS], fy[FORMAT_CELLS], fbit[FORMAT_CELLS];
	int size = qr->width, x, y, i, k, best = 0;
	long best_p = -1;

	make_patterns(size);
	format_cells(size, fx, fy, fbit);
	/* base: the symbol without its mask; data: 1 on data modules. */
	memset(&data, 0, sizeof(data));
	bitgrid_of(qr, &base);
	for (y = 0; y < size; y++)
		for (x = 0; x < size; x++)
			if (!(qr->data[y * size + x] & FUNCTION_MODULE)) {
				data.row[y] |= 1ULL << x;
				data.col[x] |= 1ULL << y;
			}
	for (i = 0; i < size; i++) {
		base.row[i] ^= patterns[0].row[i] & data.row[i];
		base.col[i] ^= patterns[0].col[i] & data.col[i];
	}
	for (k = 0; k < 8; k++) {
		unsigned bits = format_bits(k);
		long p;

		cand.size = size;
		for (i = 0; i < size; i++) {
			cand.row[i] = base.row[i] ^ (patterns[k].row[i] & data.row[i]);
			cand.col[i] = base.col[i] ^ (patterns[k].col[i] & data.col[i]);
		}
		for (i = 0; i < FORMAT_CELLS; i++) {
			uint64_t on = fbit[i] < 0 ? 1 : (bits >> fbit[i]) & 1u;

			cand.row[fy[i]] = (cand.row[fy[i]] & ~(1ULL << fx[i])) | (on << fx[i]);
			cand.col[fx[i]] = (cand.col[fx[i]] & ~(1ULL << fy[i])) | (on << fy[i]);
		}
		p = bitgrid_penalty(&cand);
		if (best_p < 0 || p < best_p) {
			best_p = p;
			best = k;
		}
	}
	/* The winner, written back: data modules from the bit rows, then
	 * its format information. */
	for (y = 0; y < size; y++) {
		uint64_t row = base.row[y] ^ (patterns[best].row[y] & data.row[y]);

		for (x = 0; x < size; x++) {
			unsigned char *m = &qr->data[y * size + x];

			if (!(*m & FUNCTION_MODULE))
				*m = (unsigned char)((*m & 0xfe) | ((row >> x) & 1u));
		}
	}
	write_format(qr, best);
}

/* The symbol of text at level M, 8-bit mode, smallest version; mask 0..7,
 * or -1 for the mask of least penalty. */
QRcode *kd_qr_encode(const char *text, int mask)
{
	QRinput *in;
	QRcode *qr;

	in = QRinput_new2(0, QR_ECLEVEL_M);
	if (in == NULL)
		return NULL;
	if (QRinput_append(in, QR_MODE_8, (int)strlen(text),
	    (const unsigned char *)text) != 0) {
		QRinput_free(in);
		return NULL;
	}
	qr = QRcode_encodeMask(in, 0);
	if (qr != NULL && mask > 0 && mask <= 7) {
		kd_qr_remask(qr, 0, mask);
	} else if (qr != NULL && mask < 0 && qr->width > BITS_MAX) {
		/* Wide symbols (never a token): libqrencode chooses. */
		QRcode_free(qr);
		qr = QRcode_encodeMask(in, -1);
	} else if (qr != NULL && mask < 0) {
		choose_mask(qr);
	}
	QRinput_free(in);
	return qr;
}

static QRcode *encode(const char *text)
{
	QRcode *qr = kd_qr_encode(text, -1);

	if (qr == NULL)
		kd_log("qr: encoding failed: %s", strerror(errno));
	return qr;
}

/* ----------------------------------------------------------------- PNG */

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One deflate state per process, reset between images. */
static z_stream zs;
static int zs_ready;

int kd_qr_png_of(const QRcode *qr, int scale, struct kd_image *out)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	int size = qr->width + 2 * KD_QR_QUIET, px = size * scale, x, y, mx;
	size_t row = 1 + ((size_t)px + 7) / 8, raw_len = row * (size_t)px, bound, n;
	unsigned char *raw, *png, *p;

	out->data = NULL;
	out->len = 0;
	if (!zs_ready) {
		if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15, 4, Z_DEFAULT_STRATEGY) != Z_OK)
			return -1;
		zs_ready = 1;
	} else if (deflateReset(&zs) != Z_OK) {
		return -1;
	}
	raw = malloc(raw_len);
	bound = deflateBound(&zs, (uLong)raw_len);
	png = malloc(sizeof(sig) + 25 + 12 + bound + 12);
	if (raw == NULL || png == NULL) {
		free(raw);
		free(png);
		return -1;
	}
	/* Rows: filter byte, then 1 bit per pixel, 1 = white.  Each module
	 * row is `scale` equal pixel rows: the first says them (filter
	 * None), the others are "same as above" (filter Up, all zeros). */
	for (y = 0; y < px; y++) {
		unsigned char *r = raw + (size_t)y * row;
		int my = y / scale - KD_QR_QUIET;

		if (y % scale != 0) {
			memset(r, 0, row);
			r[0] = 2;
			continue;
		}
		r[0] = 0;
		memset(r + 1, 0xff, row - 1);
		if (my < 0 || my >= qr->width)
			continue;
		for (mx = 0; mx < qr->width; mx++) {
			int x0 = (mx + KD_QR_QUIET) * scale;

			if (!(qr->data[my * qr->width + mx] & 1))
				continue;
			if (scale == 8) {
				r[1 + (x0 >> 3)] = 0;           /* a module is a byte */
				continue;
			}
			for (x = x0; x < x0 + scale; x++)
				r[1 + (x >> 3)] &= (unsigned char)~(0x80u >> (x & 7));
		}
	}
	p = png;
	memcpy(p, sig, sizeof(sig));
	p += sizeof(sig);
	put32(p, 13);                                   /* IHDR */
	memcpy(p + 4, "IHDR", 4);
	put32(p + 8, (uint32_t)px);
	put32(p + 12, (uint32_t)px);
	p[16] = 1;                                      /* bit depth */
	p[17] = 0;                                      /* greyscale */
	p[18] = p[19] = p[20] = 0;                      /* deflate, filters, no interlace */
	put32(p + 21, (uint32_t)crc32(0, p + 4, 17));
	p += 25;
	zs.next_in = raw;                               /* IDAT */
	zs.avail_in = (uInt)raw_len;
	zs.next_out = p + 8;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		free(raw);
		free(png);
		return -1;
	}
	n = bound - zs.avail_out;
	put32(p, (uint32_t)n);
	memcpy(p + 4, "IDAT", 4);
	put32(p + 8 + n, (uint32_t)crc32(0, p + 4, (uInt)(n + 4)));
	p += 12 + n;
	put32(p, 0);                                    /* IEND */
	memcpy(p + 4, "IEND", 4);
	put32(p + 8, (uint32_t)crc32(0, p + 4, 4));
	p += 12;
	free(raw);
	out->data = png;
	out->len = (size_t)(p - png);
	return 0;
}

int kd_qr_png(const char *text, int scale, struct kd_image *out)
{
	QRcode *qr;
	int rc;

	out->data = NULL;
	out->len = 0;
	if (scale < 1 || scale > 32 || (qr = encode(text)) == NULL)
		return -1;
	rc = kd_qr_png_of(qr, scale, out);
	QRcode_free(qr);
	return rc;
}

/* Appends a chunk (type and data) to png at *len. */
static void chunk(unsigned char *png, size_t *len, const char *type,
    const unsigned char *data, size_t n)
{
	unsigned char *c = png + *len;

	put32(c, (uint32_t)n);
	memcpy(c + 4, type, 4);
	if (n > 0)
		memcpy(c + 8, data, n);
	put32(c + 8 + n, (uint32_t)crc32(0, c + 4, (uInt)(n + 4)));
	*len += 12 + n;
}

int kd_png_grey(const unsigned char *px, int w, int h, struct kd_image *out)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t row = (size_t)w + 1, raw_len = row * (size_t)h, len = 0;
	uLongf zlen = compressBound((uLong)raw_len);
	unsigned char ihdr[13], *raw = malloc(raw_len), *z = malloc(zlen), *png;
	int y;

	out->data = NULL;
	out->len = 0;
	png = malloc(sizeof(sig) + 25 + 12 + zlen + 12);
	if (raw == NULL || z == NULL || png == NULL)
		goto fail;
	for (y = 0; y < h; y++) {
		raw[(size_t)y * row] = 0;                       /* filter None */
		memcpy(raw + (size_t)y * row + 1, px + (size_t)y * (size_t)w, (size_t)w);
	}
	if (compress2(z, &zlen, raw, (uLong)raw_len, 6) != Z_OK)
		goto fail;
	memcpy(png, sig, sizeof(sig));
	len = sizeof(sig);
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;                                        /* bit depth */
	ihdr[9] = 0;                                        /* greyscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	chunk(png, &len, "IHDR", ihdr, sizeof(ihdr));
	chunk(png, &len, "IDAT", z, zlen);
	chunk(png, &len, "IEND", NULL, 0);
	free(raw);
	free(z);
	out->data = png;
	out->len = len;
	return 0;
fail:
	free(raw);
	free(z);
	free(png);
	return -1;
}

/* ----------------------------------------------------------------- SVG */

/* Growable output buffer. */
struct out_buf {
	unsigned char *p;
	size_t len, cap;
};

static int buf_put(struct out_buf *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 8192;
		unsigned char *np;

		while (cap < b->len + n)
			cap *= 2;
		np = realloc(b->p, cap);
		if (np == NULL)
			return -1;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return 0;
}

/* Decimal digits of 0 <= v < 1000; returns how many were written. */
static int put_int(char *p, int v)
{
	int n = 0;

	if (v >= 100)
		p[n++] = (char)('0' + v / 100);
	if (v >= 10)
		p[n++] = (char)('0' + v / 10 % 10);
	p[n++] = (char)('0' + v % 10);
	return n;
}

int kd_qr_svg(const char *text, struct kd_image *out)
{
	struct out_buf b = { 0 };
	char piece[192];
	QRcode *qr;
	int size, x, y, n, ok = 1;

	out->data = NULL;
	out->len = 0;
	if ((qr = encode(text)) == NULL)
		return -1;
	size = qr->width + 2 * KD_QR_QUIET;
	n = snprintf(piece, sizeof(piece),
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
	    " width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    size, size, size * KD_QR_SCALE, size * KD_QR_SCALE, size, size);
	ok = n > 0 && (size_t)n < sizeof(piece) && buf_put(&b, piece, (size_t)n) == 0;
	/* One horizontal run of dark modules per subpath. */
	for (y = 0; ok && y < qr->width; y++) {
		for (x = 0; ok && x < qr->width; x++) {
			int run = 0;

			while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
				run++;
			if (run == 0)
				continue;
			/* "M<x> <y>h<run>v1h-<run>z", without printf's cost. */
			n = 0;
			piece[n++] = 'M';
			n += put_int(piece + n, x + KD_QR_QUIET);
			piece[n++] = ' ';
			n += put_int(piece + n, y + KD_QR_QUIET);
			piece[n++] = 'h';
			n += put_int(piece + n, run);
			memcpy(piece + n, "v1h-", 4);
			n += 4;
			n += put_int(piece + n, run);
			piece[n++] = 'z';
			ok = buf_put(&b, piece, (size_t)n) == 0;
			x += run;
		}
	}
	ok = ok && buf_put(&b, "\"/></svg>\n", 10) == 0;
	QRcode_free(qr);
	if (!ok) {
		free(b.p);
		return -1;
	}
	out->data = b.p;
	out->len = b.len;
	return 0;
}
