/*
 * keyfile.h - a secret key in a file of its own, made once.
 *
 * Several workers start at the same moment and each needs the same key
 * (the token signing seed, the audit key).  The first to find no file
 * writes fresh random bytes to a private temporary file, fsyncs it and
 * link()s it to the final name: link() fails for everyone but one, so
 * whichever file won is complete before anyone can open it, and every
 * worker then reads that one.  The folder is fsynced so the name survives
 * a crash.  A key file must be a regular file of mode 0600 holding exactly
 * the expected number of bytes; anything else is refused (like ssh).
 *
 * Several program hosts share their keys (docs/DEPLOYMENT.md): the first
 * host makes them, the others get a copy of key_dir before their first
 * start and run with keys_shared = 1, under which a missing key is an
 * error instead of a new key.
 */
#ifndef KD_KEYFILE_H
#define KD_KEYFILE_H

#include "attr.h"

#include <stddef.h>

/* Makes path with len random bytes unless it exists.  0 when a key file
 * exists afterwards (ours or another worker's), -1 on error (logged). */
int kd_keyfile_make(const char *path, size_t len) KD_MUST_USE;

/* Reads exactly len bytes from path into out.  0 ok, -1 missing, wrong
 * size or readable by others (logged). */
int kd_keyfile_read(const char *path, unsigned char *out, size_t len) KD_MUST_USE;

/* kd_keyfile_make then kd_keyfile_read. */
int kd_keyfile_load(const char *path, unsigned char *out, size_t len) KD_MUST_USE;

#endif
