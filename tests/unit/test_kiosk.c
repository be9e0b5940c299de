/* The kiosk (issue #5): its templates escape every value, in text and in
 * attributes, and the time helpers of lib/passage.c write ISO 8601. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passage.h"
#include "resp.h"

#define TEMPLATES "templates"
#define EVIL "\"><script>alert(1)</script>"
#define EVIL_ESCAPED "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"

static HDF *hostile(void)
{
	static const char *const names[] = {
		"Session.uid", "Session.csrf", "Kiosk.place_name", "Kiosk.flash",
		"Kiosk.error", "Result.reason", "Result.reason_text", "Result.expires",
		"Result.code", "Decl.full_name", "Decl.id_number", "Decl.dob",
		"Decl.perm", "Decl.temp", "Decl.from", "Decl.to", "Decl.vehicle",
		"Decl.symptoms", "Decl.exposure", "Decl.f_status", "Decl.registry",
		"Decl.registry_text", "Place.name", "Form.full_name.value",
		"Form.perm_address.value", "Form.id_number.value",
		"Form.full_name.error", "Form.message", "Form.notice",
		"Slip.full_name", "Slip.id_number", "Slip.expires", "Slip.at",
		"Slip.registry", "Slip.token", "Slip.id_masked", "Slip.dob",
		"Result.decision", "Result.decision_words", "Result.reasons.0.code",
		"Result.reasons.0.words", "Result.verdict", "Decl.f_status_text",
		"Words.0.table", "Words.0.code", "Words.0.text", "Decisions.0.name",
		"Decisions.0.words", "Rules.0.reason", "Rules.0.decision",
		"Rules.0.words", "Today.in", "Today.last.0.passage_id",
		"Today.last.0.time", "Today.last.0.direction", "Today.last.0.name",
		"Form.warning", "Cam.starting", "Cam.ready", "Cam.failed",
		"Form.cccd_qr.error", NULL
	};
	HDF *hdf = NULL;
	size_t i;

	assert_int_equal(hdf_init(&hdf), STATUS_OK);
	kd_hdf_set(hdf, "Config.VarEscapeMode", "html");
	for (i = 0; names[i] != NULL; i++)
		kd_hdf_set(hdf, names[i], EVIL);
	kd_hdf_set(hdf, "Session.role", "officer");
	kd_hdf_set(hdf, "Result.shown", "1");
	kd_hdf_set(hdf, "Result.valid", "1");
	kd_hdf_set(hdf, "Decl.f_alert", "1");
	kd_hdf_set(hdf, "Decl.has_symptoms", "1");
	kd_hdf_set(hdf, "Today.last.0.undo", "1");
	kd_hdf_set(hdf, "Today.last.0.cancelled", "1");
	return hdf;
}

static void check_page(const char *name)
{
	HDF *hdf = hostile();
	char *html = kd_render_string(TEMPLATES, name, hdf);

	assert_non_null(html);
	if (strstr(html, "<script>alert") != NULL || strstr(html, "\"><script") != NULL)
		fail_msg("%s prints a value unescaped", name);
	assert_non_null(strstr(html, EVIL_ESCAPED));
	/* Only external scripts (CSP script-src 'self'), no inline style. */
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, " style="));
	free(html);
	hdf_destroy(&hdf);
}

static void test_verify_page_escapes(void **state)
{
	(void)state;
	check_page("verify.cs");
}

static void test_paper_entry_page_escapes(void **state)
{
	(void)state;
	check_page("paper-entry.cs");
}

static void test_paper_slip_escapes(void **state)
{
	(void)state;
	check_page("paper-slip.cs");
}

static void test_venue_kiosk_has_one_button(void **state)
{
	HDF *hdf = hostile();
	char *html;

	(void)state;
	kd_hdf_set(hdf, "Kiosk.venue", "1");
	html = kd_render_string(TEMPLATES, "verify.cs", hdf);
	assert_non_null(html);
	assert_non_null(strstr(html, "value=\"visit\""));
	assert_null(strstr(html, "value=\"in\""));
	free(html);
	hdf_destroy(&hdf);
}

static void test_db_time_iso(void **state)
{
	char out[40];

	(void)state;
	kd_db_time_iso("2021-08-01 07:05:09.123", out, sizeof(out));
	assert_string_equal(out, "2021-08-01T07:05:09.123+07:00");
	kd_db_time_iso("2021-08-01 07:05:09.123456", out, sizeof(out));
	assert_string_equal(out, "2021-08-01T07:05:09.123+07:00");
	kd_db_time_iso("2021-08-01 07:05:09", out, sizeof(out));
	assert_string_equal(out, "2021-08-01T07:05:09+07:00");
	kd_db_time_iso("short", out, sizeof(out));
	assert_string_equal(out, "short");
}

static void test_now_db_format(void **state)
{
	char out[32];
	int y, mo, d, h, mi, s, ms, n = 0;

	(void)state;
	kd_now_db(out, sizeof(out));
	assert_int_equal(strlen(out), 23);
	assert_int_equal(sscanf(out, "%4d-%2d-%2d %2d:%2d:%2d.%3d%n", &y, &mo, &d, &h,
	    &mi, &s, &ms, &n), 7);
	assert_int_equal(n, 23);
	assert_true(y >= 2021 && mo >= 1 && mo <= 12 && h < 24 && ms < 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_page_escapes),
		cmocka_unit_test(test_paper_entry_page_escapes),
		cmocka_unit_test(test_paper_slip_escapes),
		cmocka_unit_test(test_venue_kiosk_has_one_button),
		cmocka_unit_test(test_db_time_iso),
		cmocka_unit_test(test_now_db_format),
	};

	return cmocka_run_group_tests_name("kiosk", tests, NULL, NULL);
}
