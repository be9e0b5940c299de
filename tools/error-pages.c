/*
 * kd-error-pages - nginx's own error pages, made from the programs' own
 * error table (lib/resp.c) and page template (templates/error.cs), so a
 * browser reads the same Vietnamese words whether nginx or a program
 * refused it, and a JSON client gets the SPEC error shape.
 *
 *   kd-error-pages TEMPLATE_DIR OUT_DIR
 *
 * writes OUT_DIR/<status>.html and OUT_DIR/<status>.json for every status
 * nginx itself may answer (nginx/kiemdich.conf.in, error_page).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "resp.h"

static const enum kd_err pages[] = {
	KD_E_BAD_REQUEST, KD_E_FORBIDDEN, KD_E_NOT_FOUND, KD_E_TOO_LARGE, KD_E_RATE_LIMITED,
	KD_E_SERVER, KD_E_UNAVAILABLE,
};

static int write_file(const char *dir, int status, const char *ext, const char *text)
{
	char path[512];
	FILE *fp;
	int rc = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%d.%s", dir, status, ext) >= sizeof(path))
		return -1;
	fp = fopen(path, "w");
	if (fp == NULL)
		return -1;
	if (fputs(text, fp) == EOF)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

static int one_page(const char *template_dir, const char *out_dir, enum kd_err e)
{
	HDF *hdf = kd_hdf_escaped();
	struct kd_json j;
	char *html;
	int rc;

	if (hdf == NULL)
		return -1;
	kd_hdf_set_int(hdf, "Error.status", kd_err_status(e));
	kd_hdf_set(hdf, "Error.code", kd_err_code(e));
	kd_hdf_set(hdf, "Error.message", kd_err_message(e));
	html = kd_render_string(template_dir, "error.cs", hdf);
	hdf_destroy(&hdf);
	if (html == NULL)
		return -1;
	rc = write_file(out_dir, kd_err_status(e), "html", html);
	free(html);
	kd_json_init(&j);
	kd_json_obj(&j);
	kd_json_key(&j, "error");
	kd_json_obj(&j);
	kd_json_kstr(&j, "code", kd_err_code(e));
	kd_json_kstr(&j, "message", kd_err_message(e));
	kd_json_obj_end(&j);
	kd_json_obj_end(&j);
	if (kd_json_text(&j) == NULL ||
	    write_file(out_dir, kd_err_status(e), "json", kd_json_text(&j)) != 0)
		rc = -1;
	kd_json_free(&j);
	return rc;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: kd-error-pages TEMPLATE_DIR OUT_DIR\n");
		return 2;
	}
	if (kd_tmpl_init() != 0)
		return 1;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		if (one_page(argv[1], argv[2], pages[i]) != 0) {
			fprintf(stderr, "kd-error-pages: cannot write the %d page\n",
			    kd_err_status(pages[i]));
			return 1;
		}
	}
	return 0;
}
