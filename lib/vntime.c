#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vntime.h"

void kd_vn_tm(time_t t, struct tm *tm)
{
	time_t local = t + KD_VN_OFFSET;

	gmtime_r(&local, tm);
}

void kd_time_iso(time_t t, char out[32])
{
	struct tm tm;

	kd_vn_tm(t, &tm);
	if (strftime(out, 32, "%Y-%m-%dT%H:%M:%S+07:00", &tm) == 0)
		out[0] = '\0';      /* cannot happen for years 0..9999 */
}

void kd_time_vn(time_t t, char out[40])
{
	struct tm tm;

	kd_vn_tm(t, &tm);
	if (strftime(out, 40, "%H:%M ngày %d/%m/%Y", &tm) == 0)
		out[0] = '\0';
}

void kd_today(time_t now, char out[11])
{
	struct tm tm;

	kd_vn_tm(now, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

void kd_now_db(char *out, size_t outlen)
{
	struct timespec ts;
	struct tm tm;
	time_t t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t = ts.tv_sec;
	kd_vn_tm(t, &tm);
	snprintf(out, outlen, "%04d-%02d-%02d %02d:%02d:%02d.%03ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, ts.tv_nsec / 1000000);
}

void kd_db_time_iso(const char *db, char *out, size_t outlen)
{
	/* "YYYY-MM-DD HH:MM:SS" then optional ".fff...": keep milliseconds. */
	size_t n = strlen(db);

	if (n < 19) {
		snprintf(out, outlen, "%s", db);
		return;
	}
	if (n > 23)
		n = 23;
	snprintf(out, outlen, "%.10sT%.*s+07:00", db, (int)(n - 11), db + 11);
}

void kd_time_db(time_t t, char *out, size_t outlen)
{
	struct tm tm;

	kd_vn_tm(t, &tm);
	snprintf(out, outlen, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
