/* Templates: every value is HTML-escaped by default, and no template uses a
 * construct that bypasses escaping or runs data as template code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"

#define TEMPLATES "templates"

static HDF *hostile_hdf(void)
{
	HDF *hdf = NULL;

	assert_int_equal(hdf_init(&hdf), STATUS_OK);
	kd_hdf_set(hdf, "Config.VarEscapeMode", "html");
	kd_hdf_set(hdf, "Error.status", "400");
	kd_hdf_set(hdf, "Error.message", "<script>alert(1)</script>\"'&");
	kd_hdf_set(hdf, "Form.uid.value", "\"><img src=x onerror=alert(1)>");
	kd_hdf_set(hdf, "Form.uid.error", "<b>bad</b>");
	kd_hdf_set(hdf, "Session.uid", "<i>u</i>");
	kd_hdf_set(hdf, "Session.csrf", "\"csrf\"");
	return hdf;
}

static void test_error_page_escapes(void **state)
{
	HDF *hdf = hostile_hdf();
	char *html = kd_render_string(TEMPLATES, "error.cs", hdf);

	(void)state;
	assert_non_null(html);
	assert_null(strstr(html, "<script>alert"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(html, "<i>u</i>"));
	assert_non_null(strstr(html, "&lt;i&gt;u&lt;/i&gt;"));
	assert_non_null(strstr(html, "lang=\"vi\""));
	free(html);
	hdf_destroy(&hdf);
}

static void test_login_page_escapes_attribute_values(void **state)
{
	HDF *hdf = hostile_hdf();
	char *html = kd_render_string(TEMPLATES, "login.cs", hdf);

	(void)state;
	assert_non_null(html);
	assert_null(strstr(html, "<img src=x"));
	assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_null(strstr(html, "<b>bad</b>"));
	assert_null(strstr(html, "value=\"\"csrf\"\""));
	free(html);
	hdf_destroy(&hdf);
}

/* Constructs that print unescaped or evaluate data as a template. */
static const char *const forbidden[] = {
	"uvar:", "alt:", "lvar:", "evar:", "linclude", "escape: \"none\"",
	"escape:\"none\"", "set:Config", NULL
};

static void test_no_template_bypasses_escaping(void **state)
{
	DIR *dir = opendir(TEMPLATES);
	struct dirent *de;
	int checked = 0;

	(void)state;
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL) {
		char path[512], text[65536];
		const char *const *f;
		size_t len;
		FILE *fp;

		if (strstr(de->d_name, ".cs") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", TEMPLATES, de->d_name);
		fp = fopen(path, "r");
		assert_non_null(fp);
		len = fread(text, 1, sizeof(text) - 1, fp);
		fclose(fp);
		text[len] = '\0';
		for (f = forbidden; *f != NULL; f++) {
			if (strstr(text, *f) != NULL)
				fail_msg("%s uses %s", path, *f);
		}
		/* No inline script: the CSP would block it anyway. */
		if (strstr(text, "<script>") != NULL || strstr(text, "onclick=") != NULL)
			fail_msg("%s has inline script", path);
		checked++;
	}
	closedir(dir);
	assert_true(checked >= 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_page_escapes),
		cmocka_unit_test(test_login_page_escapes_attribute_values),
		cmocka_unit_test(test_no_template_bypasses_escaping),
	};

	return cmocka_run_group_tests_name("templates", tests, NULL, NULL);
}
