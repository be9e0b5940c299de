/*
 * qrlabel.c - a QR code with its label under it (see qrlabel.h).
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "qrlabel.h"

#define MARGIN 12                  /* pixels left and right of the text */
#define FIRST_PX 26                /* the first line's size */
#define OTHER_PX 19
#define MIN_PX 11
#define LINE_GAP 1.45              /* line height / font size */

static FT_Library ft;
static FT_Face face;

int kd_qr_font_load(const char *path)
{
	if (face != NULL)
		return 0;
	if (FT_Init_FreeType(&ft) != 0) {
		kd_log("qrlabel: FreeType did not start");
		return -1;
	}
	if (FT_New_Face(ft, path, 0, &face) != 0) {
		kd_log("qrlabel: cannot load the font %s", path);
		face = NULL;
		return -1;
	}
	return 0;
}

/* The next code point of valid UTF-8 text (0 at its end). */
static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c;
	int n, k;

	if (*s == 0)
		return 0;
	if (*s < 0x80) {
		(*p)++;
		return *s;
	}
	n = *s >= 0xF0 ? 3 : *s >= 0xE0 ? 2 : 1;
	c = *s & (0x3F >> n);
	for (k = 1; k <= n && s[k] != 0; k++)
		c = c << 6 | (s[k] & 0x3F);
	*p = s + k;
	return c;
}

/* Width in pixels of line at the face's current size. */
static long line_width(const char *line)
{
	const unsigned char *p = (const unsigned char *)line;
	long w = 0;
	uint32_t cp;

	while ((cp = next_cp(&p)) != 0)
		if (FT_Load_Char(face, cp, FT_LOAD_DEFAULT) == 0)
			w += face->glyph->advance.x >> 6;
	return w;
}

/* A grey image: 0 black .. 255 white, w * h bytes. */
struct grey {
	unsigned char *px;
	int w, h;
};

/* Draws one line centred at baseline y, darkening what it covers. */
static void draw_line(struct grey *g, const char *line, int y)
{
	const unsigned char *p = (const unsigned char *)line;
	long x = (g->w - line_width(line)) / 2;
	uint32_t cp;
	int r, c;

	if (x < MARGIN)
		x = MARGIN;
	while ((cp = next_cp(&p)) != 0) {
		FT_GlyphSlot gl;

		if (FT_Load_Char(face, cp, FT_LOAD_RENDER) != 0)
			continue;
		gl = face->glyph;
		for (r = 0; r < (int)gl->bitmap.rows; r++) {
			int py = y - gl->bitmap_top + r;

			for (c = 0; c < (int)gl->bitmap.width; c++) {
				long px = x + gl->bitmap_left + c;
				unsigned char cover = gl->bitmap.buffer[r * gl->bitmap.pitch + c];
				unsigned char *dst;

				if (py < 0 || py >= g->h || px < 0 || px >= g->w - MARGIN / 2)
					continue;
				dst = &g->px[(size_t)py * (size_t)g->w + (size_t)px];
				if (255 - cover < *dst)
					*dst = (unsigned char)(255 - cover);
			}
		}
		x += gl->advance.x >> 6;
	}
}

/* The size line k is drawn at: its own, smaller until it fits. */
static int fit_size(const char *line, size_t k, int width)
{
	int px = k == 0 ? FIRST_PX : OTHER_PX;

	for (; px > MIN_PX; px--) {
		if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)px) != 0)
			return MIN_PX;
		if (line_width(line) <= width - 2 * MARGIN)
			break;
	}
	return px;
}

/* The modules of qr, black on white, KD_QR_SCALE pixels each. */
static void draw_code(struct grey *g, const QRcode *qr)
{
	int x, y, s = KD_QR_SCALE;

	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++) {
			int r;

			if (!(qr->data[y * qr->width + x] & 1))
				continue;
			for (r = 0; r < s; r++)
				memset(g->px + (size_t)((y + KD_QR_QUIET) * s + r) * (size_t)g->w +
				    (size_t)((x + KD_QR_QUIET) * s), 0, (size_t)s);
		}
}

int kd_qr_png_labelled(const char *text, const char *const *lines, size_t nlines,
    struct kd_image *out)
{
	int size[KD_QR_LABEL_LINES], y;
	struct grey g = { NULL, 0, 0 };
	QRcode *qr;
	size_t k;
	int rc;

	out->data = NULL;
	out->len = 0;
	if (face == NULL || nlines > KD_QR_LABEL_LINES || (qr = kd_qr_encode(text, -1)) == NULL)
		return -1;
	g.w = (qr->width + 2 * KD_QR_QUIET) * KD_QR_SCALE;
	g.h = g.w;
	for (k = 0; k < nlines; k++) {
		size[k] = fit_size(lines[k], k, g.w);
		g.h += (int)(size[k] * LINE_GAP);
	}
	g.h += MARGIN / 2;
	g.px = malloc((size_t)g.w * (size_t)g.h);
	if (g.px == NULL) {
		QRcode_free(qr);
		return -1;
	}
	memset(g.px, 255, (size_t)g.w * (size_t)g.h);
	draw_code(&g, qr);
	QRcode_free(qr);
	/* The text starts below the quiet zone (the tops of the first
	 * line's letters stay clear of it). */
	y = g.w - KD_QR_SCALE;
	for (k = 0; k < nlines; k++) {
		if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)size[k]) != 0)
			continue;
		y += (int)(size[k] * LINE_GAP);
		draw_line(&g, lines[k], y - size[k] / 4);
	}
	rc = kd_png_grey(g.px, g.w, g.h, out);
	free(g.px);
	return rc;
}
