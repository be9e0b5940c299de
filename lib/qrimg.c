/*
 * qrimg.c - QR images (see qrimg.h): libqrencode for the modules, libpng
 * into a growable memory buffer for the PNG, plain text for the SVG.
 */
#include <errno.h>
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "log.h"
#include "qrimg.h"

/* Growable output buffer; on the heap so that nothing the setjmp path
 * reads is an automatic variable changed after setjmp. */
struct out_buf {
	unsigned char *p;
	size_t len, cap;
};

static int buf_put(struct out_buf *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
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

static QRcode *encode(const char *text)
{
	QRcode *qr;

	/* Version 0: the smallest symbol that holds the text; case kept. */
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL)
		kd_log("qr: encoding failed: %s", strerror(errno));
	return qr;
}

static void png_write_cb(png_structp png, png_bytep data, png_size_t n)
{
	if (buf_put(png_get_io_ptr(png), data, n) != 0)
		png_error(png, "out of memory");
}

static void png_flush_cb(png_structp png)
{
	(void)png;
}

static void png_error_cb(png_structp png, png_const_charp msg)
{
	kd_log("qr: libpng: %s", msg);
	png_longjmp(png, 1);
}

static void png_warning_cb(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* One pixel row of module row my (may be in the quiet zone): 1 = white. */
static void fill_row(const QRcode *qr, int my, int scale, unsigned char *row,
    size_t row_bytes)
{
	int size = qr->width + 2 * KD_QR_QUIET, px = size * scale, x;

	memset(row, 0xff, row_bytes);
	if (my < 0 || my >= qr->width)
		return;
	for (x = 0; x < px; x++) {
		int mx = x / scale - KD_QR_QUIET;

		if (mx >= 0 && mx < qr->width && (qr->data[my * qr->width + mx] & 1))
			row[x >> 3] &= (unsigned char)~(0x80u >> (x & 7));
	}
}

int kd_qr_png(const char *text, int scale, struct kd_image *out)
{
	QRcode *qr;
	png_structp png;
	png_infop info = NULL;
	struct out_buf *buf;
	unsigned char *row;
	size_t row_bytes;
	int size, px, y;

	out->data = NULL;
	out->len = 0;
	if (scale < 1 || scale > 32 || (qr = encode(text)) == NULL)
		return -1;
	size = qr->width + 2 * KD_QR_QUIET;
	px = size * scale;
	row_bytes = ((size_t)px + 7) / 8;
	buf = calloc(1, sizeof(*buf));
	row = malloc(row_bytes);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_error_cb,
	    png_warning_cb);
	if (png != NULL)
		info = png_create_info_struct(png);
	if (buf == NULL || row == NULL || png == NULL || info == NULL)
		goto fail;
	if (setjmp(png_jmpbuf(png)))
		goto fail;
	png_set_write_fn(png, buf, png_write_cb, png_flush_cb);
	png_set_IHDR(png, info, (png_uint_32)px, (png_uint_32)px, 1,
	    PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	/* Long runs of equal bytes: no filter, and the fastest deflate level
	 * is within a few per cent of the best on such rows. */
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_compression_level(png, Z_BEST_SPEED);
	png_write_info(png, info);
	for (y = 0; y < px; y++) {
		if (y % scale == 0)
			fill_row(qr, y / scale - KD_QR_QUIET, scale, row, row_bytes);
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	QRcode_free(qr);
	out->data = buf->p;
	out->len = buf->len;
	free(buf);
	return 0;
fail:
	if (png != NULL)
		png_destroy_write_struct(&png, info != NULL ? &info : NULL);
	if (buf != NULL)
		free(buf->p);
	free(buf);
	free(row);
	QRcode_free(qr);
	return -1;
}

int kd_qr_svg(const char *text, struct kd_image *out)
{
	struct out_buf b = { 0 };
	char piece[96];
	QRcode *qr;
	int size, x, y, n, ok = 1;

	out->data = NULL;
	out->len = 0;
	if ((qr = encode(text)) == NULL)
		return -1;
	size = qr->width + 2 * KD_QR_QUIET;
	n = snprintf(piece, sizeof(piece),
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
	    " width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">", size,
	    size, size * KD_QR_SCALE, size * KD_QR_SCALE);
	ok = ok && buf_put(&b, piece, (size_t)n) == 0;
	n = snprintf(piece, sizeof(piece),
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    size, size);
	ok = ok && buf_put(&b, piece, (size_t)n) == 0;
	/* One horizontal run of dark modules per subpath. */
	for (y = 0; ok && y < qr->width; y++) {
		for (x = 0; ok && x < qr->width; x++) {
			int run = 0;

			while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
				run++;
			if (run == 0)
				continue;
			n = snprintf(piece, sizeof(piece), "M%d %dh%dv1h-%dz",
			    x + KD_QR_QUIET, y + KD_QR_QUIET, run, run);
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
