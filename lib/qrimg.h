/*
 * qrimg.h - the QR code of a text as a PNG or an SVG image.
 *
 * QR level M, the smallest version that fits, 8-bit byte mode (a token is
 * base64url text), the mask of least penalty, a 4-module quiet zone.  The
 * PNG is 1-bit greyscale with `scale` pixels per module; the SVG is one
 * path over a white square.
 * Nothing here touches the database or any global state: the images of a
 * token are a pure function of its text.
 */
#ifndef KD_QRIMG_H
#define KD_QRIMG_H

#include <stddef.h>
#include <qrencode.h>

#define KD_QR_QUIET 4           /* modules of white around the code */
#define KD_QR_SCALE 8           /* PNG pixels per module */

/* A malloc'd image; free(data) when done. */
struct kd_image {
	unsigned char *data;
	size_t len;
};

/* 0 ok, -1 on error (text too long for a QR code, out of memory, libpng). */
int kd_qr_png(const char *text, int scale, struct kd_image *out);
int kd_qr_svg(const char *text, struct kd_image *out);

/* The parts, for tests.  kd_qr_encode: the symbol of text with mask 0..7,
 * or with the best mask when mask is -1 (QRcode_free it; NULL on error).
 * kd_qr_remask: changes the mask of a symbol from one to another (data
 * modules and format information).  kd_qr_penalty: the ISO/IEC 18004
 * penalty of a symbol.  kd_qr_png_of: the PNG of a symbol. */
QRcode *kd_qr_encode(const char *text, int mask);
void kd_qr_remask(QRcode *qr, int from, int to);
long kd_qr_penalty(const QRcode *qr);
int kd_qr_png_of(const QRcode *qr, int scale, struct kd_image *out);

/* An 8-bit greyscale PNG of w x h pixels (px: rows of w bytes, 0 black,
 * 255 white), deflated once (images drawn rarely: lib/qrlabel.h).  0 ok,
 * -1 out of memory. */
int kd_png_grey(const unsigned char *px, int w, int h, struct kd_image *out);

#endif
