/*
 * labels.c - the kiosk's words (see labels.h).
 */
#include <string.h>

#include "labels.h"

const struct kd_label kd_label_reasons[] = {
	{ "expired", "Mã QR đã hết hạn (quá 72 giờ). Công dân cần khai báo lại." },
	{ "bad_signature", "Mã QR giả hoặc bị sửa: không phải mã do hệ thống cấp." },
	{ "unknown", "Không tìm thấy tờ khai của mã này." },
	{ "revoked", "Tờ khai này đã bị thu hồi." },
	{ NULL, NULL }
};

const struct kd_label kd_label_registry[] = {
	{ "matched", "Khớp CSDL dân cư" },
	{ "mismatch", "KHÔNG KHỚP CSDL dân cư: họ tên, ngày sinh hoặc giới tính khác" },
	{ "not_found", "KHÔNG CÓ trong CSDL dân cư" },
	{ NULL, NULL }
};

const struct kd_label kd_label_directions[] = {
	{ "in", "VÀO" },
	{ "out", "RA" },
	{ "visit", "LƯỢT ĐẾN" },
	{ NULL, NULL }
};

const struct kd_label kd_label_symptoms[] = {
	{ "fever", "Sốt" },
	{ "cough", "Ho" },
	{ "breath", "Khó thở" },
	{ "sore_throat", "Đau họng" },
	{ "taste_smell", "Mất vị giác/khứu giác" },
	{ NULL, NULL }
};

const struct kd_label kd_label_exposure[] = {
	{ "contact_f0", "Tiếp xúc với F0" },
	{ "from_epidemic_zone", "Đến từ vùng dịch" },
	{ NULL, NULL }
};

const struct kd_label kd_label_f_status[] = {
	{ "F0", "F0 – ca nhiễm" },
	{ "F1", "F1 – tiếp xúc gần với F0" },
	{ "F2", "F2 – tiếp xúc với F1" },
	{ "F3", "F3 – tiếp xúc với F2" },
	{ "negative", "Âm tính" },
	{ "recovered", "Đã khỏi bệnh" },
	{ "deceased", "Đã tử vong" },
	{ NULL, NULL }
};

const struct kd_label kd_label_sources[] = {
	{ "web", "Khai báo trực tuyến" },
	{ "paper", "Tờ khai giấy" },
	{ NULL, NULL }
};

const struct kd_label kd_label_genders[] = {
	{ "M", "Nam" },
	{ "F", "Nữ" },
	{ NULL, NULL }
};

const struct kd_label kd_label_verdicts[] = {
	{ "valid", "HỢP LỆ" },
	{ "invalid", "KHÔNG HỢP LỆ" },
	{ NULL, NULL }
};

const char kd_label_none[] = "Không";
const char kd_label_not_recorded[] = "Chưa ghi nhận";

const char *kd_label(const struct kd_label *table, const char *code)
{
	for (; code != NULL && table->code != NULL; table++)
		if (strcmp(table->code, code) == 0)
			return table->text;
	return NULL;
}
