/*
 * qrlabel.h - the QR code a citizen keeps: the code with lines of text
 * under it (the holder's masked name, the expiry), so that a family's
 * codes can be told apart in a phone's gallery and on paper.
 *
 * Text needs a font with every Vietnamese letter (stacked marks as in
 * "ấ", "ở").  We draw it with FreeType from a TrueType font of a Debian
 * package (fonts-dejavu-core: DejaVu Sans covers Vietnamese), loaded once
 * per worker; a bitmap font of our own would have meant drawing some 130
 * accented letters by hand.  The image is an 8-bit grey PNG (the text is
 * anti-aliased; the modules stay pure black on white, so scanners read it
 * as well as the plain image of lib/qrimg.h).
 */
#ifndef KD_QRLABEL_H
#define KD_QRLABEL_H

#include <stddef.h>

#include "qrimg.h"

#define KD_QR_FONT_DEFAULT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define KD_QR_LABEL_LINES 3

/* Loads the font (a TrueType or OpenType file).  0 ok, -1 error (logged). */
int kd_qr_font_load(const char *path);

/* The PNG of text's code (KD_QR_SCALE pixels per module) with up to
 * KD_QR_LABEL_LINES lines of UTF-8 text under it, the first larger; a
 * line too wide for the image is drawn smaller, down to a floor, then
 * cut.  0 ok, -1 error (no font loaded, text too long, out of memory). */
int kd_qr_png_labelled(const char *text, const char *const *lines, size_t nlines,
    struct kd_image *out);

#endif
