#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "valid.h"

static const char *log_program = "kiemdich";

void kd_log_init(const char *program)
{
	log_program = program;
}

void kd_log(const char *fmt, ...)
{
	char line[512];
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	int n;

	localtime_r(&now, &tm);
	if (strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		stamp[0] = '\0';
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* A long line is cut between characters, not inside one. */
	if (n >= (int)sizeof(line))
		kd_utf8_trim(line, sizeof(line) - 1);
	fprintf(stderr, "%s %s[%d]: %s\n", stamp, log_program, (int)getpid(), line);
}
