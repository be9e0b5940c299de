/*
 * vntime.h - times in Asia/Ho_Chi_Minh (+07:00, no daylight saving), the
 * one zone of SPEC: for JSON, for people, and the database's wall clock.
 */
#ifndef KD_VNTIME_H
#define KD_VNTIME_H

#include <stddef.h>
#include <time.h>

#define KD_VN_OFFSET (7 * 3600)

/* The broken-down +07:00 wall-clock time of t. */
void kd_vn_tm(time_t t, struct tm *tm);

/* ISO 8601 in Asia/Ho_Chi_Minh: "2021-09-01T08:30:00+07:00". */
void kd_time_iso(time_t t, char out[32]);

/* For people: "15:04 ngày 25/11/2026" (+07:00). */
void kd_time_vn(time_t t, char out[40]);

/* "05/09/2021" from "2021-09-05" (a date as people read it); a text
 * shorter than a date is copied. */
void kd_date_vn(const char *iso, char out[11]);

/* Today in +07:00 as YYYY-MM-DD. */
void kd_today(time_t now, char out[11]);

/* Now as "YYYY-MM-DD HH:MM:SS.mmm" in +07:00 (the database's wall clock). */
void kd_now_db(char *out, size_t outlen);

/* t as the database's wall clock, "YYYY-MM-DD HH:MM:SS" (+07:00). */
void kd_time_db(time_t t, char *out, size_t outlen);

/* "YYYY-MM-DD HH:MM:SS[.fff]" (+07:00 wall clock) -> ISO 8601 with +07:00. */
void kd_db_time_iso(const char *db, char *out, size_t outlen);

/* Times to the millisecond, as milliseconds since the epoch (for
 * arithmetic: windows, sorting).  "YYYY-MM-DD HH:MM:SS[.fff]" (+07:00
 * wall clock, as the database gives it) -> ms; -1 when it does not
 * parse. */
long long kd_db_time_ms(const char *db);

/* ms since the epoch -> "YYYY-MM-DD HH:MM:SS.mmm" (+07:00 wall clock, for
 * a statement's parameter); out holds at least 24 bytes. */
void kd_ms_db_time(long long ms, char *out, size_t outlen);

/* ms since the epoch -> ISO 8601 with milliseconds and +07:00. */
void kd_ms_iso(long long ms, char *out, size_t outlen);

#endif
