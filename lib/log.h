/*
 * log.h - one line per event to stderr (the supervisor sends it to a file).
 *
 * Never log personal data: no names, ID numbers, phone numbers, addresses,
 * tokens, passwords or request bodies.  Log ids (declaration id, uid of an
 * officer), statuses and error numbers.
 */
#ifndef KD_LOG_H
#define KD_LOG_H

void kd_log_init(const char *program);
void kd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
