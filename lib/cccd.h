/*
 * cccd.h - the QR code printed on a chip citizen identity card (CCCD):
 * seven fields separated by '|' (SPEC "action=cccd"):
 *
 *   id_number | old 9-digit CMND or "" | full name | birth date DDMMYYYY
 *   | "Nam" or "Nữ" | permanent address | issue date DDMMYYYY
 *
 * e.g. "001099012345|123456789|Nguyễn Văn An|05051990|Nam|Số 1 Phố Huế,
 * Hà Nội|15082021".  The kiosk and paper entry read it to find the card
 * holder's declaration or to prefill a paper declaration.
 */
#ifndef KD_CCCD_H
#define KD_CCCD_H

#define KD_CCCD_MAX_TEXT 1024          /* bytes of a card's QR text */

struct kd_cccd {
	char id_number[13];
	char old_id[10];                   /* "" when the card names none */
	char full_name[404];               /* 100 characters of UTF-8 */
	char dob[11];                      /* YYYY-MM-DD */
	char gender[2];                    /* "M" / "F" */
	char perm_address[804];            /* 200 characters of UTF-8 */
	char issued[11];                   /* YYYY-MM-DD */
};

/* Reads a card's QR text (surrounding spaces and line ends ignored).  0
 * when it is one: seven fields, a 12-digit CCCD whose century/gender
 * digit fits the birth date and gender, an old id of 9 digits or none,
 * a person's name, real dates, "Nam"/"Nữ", an address of one line up to
 * 200 characters.  -1 otherwise (out is then empty). */
int kd_cccd_parse(const char *text, struct kd_cccd *out);

#endif
