#include <stdio.h>
#include <string.h>
#include <time.h>

#include "field.h"
#include "valid.h"
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

void kd_date_vn(const char *iso, char out[11])
{
	if (strlen(iso) < 10) {
		snprintf(out, 11, "%s", iso);
		return;
	}
	snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
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

/* n digits of s as a number; -1 when one is not a digit. */
static int digits_at(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

long long kd_db_time_ms(const char *db)
{
	char day[11];
	int y, m, d, hh, mi, ss, ms = 0, k;
	size_t n = db != NULL ? strlen(db) : 0;

	if (n < 19 || db[10] != ' ' || db[13] != ':' || db[16] != ':')
		return -1;
	memcpy(day, db, 10);
	day[10] = '\0';
	hh = digits_at(db + 11, 2);
	mi = digits_at(db + 14, 2);
	ss = digits_at(db + 17, 2);
	if (!kd_parse_date(day, &y, &m, &d) || hh < 0 || mi < 0 || ss < 0)
		return -1;
	/* Up to three digits of fraction: milliseconds. */
	if (n > 20 && db[19] == '.') {
		for (k = 0; k < 3; k++) {
			int digit = 20 + k < (int)n ? digits_at(db + 20 + k, 1) : 0;

			if (digit < 0)
				return -1;
			ms = ms * 10 + digit;
		}
	}
	return ((long long)kd_days_from_civil(y, m, d) * 86400 + hh * 3600 +
	    mi * 60 + ss - KD_VN_OFFSET) * 1000 + ms;
}

void kd_ms_db_time(long long ms, char *out, size_t outlen)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	kd_vn_tm(t, &tm);
	snprintf(out, outlen, "%04d-%02d-%02d %02d:%02d:%02d.%03lld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, ms % 1000);
}

void kd_ms_iso(long long ms, char *out, size_t outlen)
{
	char db[32];

	kd_ms_db_time(ms, db, sizeof(db));
	kd_db_time_iso(db, out, outlen);
}

void kd_time_db(time_t t, char *out, size_t outlen)
{
	struct tm tm;

	kd_vn_tm(t, &tm);
	snprintf(out, outlen, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
