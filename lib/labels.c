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

const char kd_label_unreadable[] =
    "Không đọc được mã. Hãy quét lại hoặc nhập đúng mã QR của tờ khai.";

const struct kd_label kd_label_kiosk[] = {
	{ "unreadable", kd_label_unreadable },
	{ "offline", "Kiểm tra NGOẠI TUYẾN: chỉ biết mã thật, còn hạn, chưa bị thu hồi."
	    " Chưa có CSDL dân cư, tình trạng F, triệu chứng: đối chiếu CCCD." },
	{ "offline_id", "Tờ khai số" },
	{ "network_down", "Mất kết nối: kiểm tra ngoại tuyến, lượt qua chốt được lưu trên máy." },
	{ "server_error", "Không kết nối được máy chủ. Bấm lại để thử lại (không bị ghi trùng)." },
	{ "session_ended", "Phiên đăng nhập đã hết. Vui lòng đăng nhập lại." },
	{ "queued", "Đã lưu trên máy, sẽ gửi khi có mạng" },
	{ "waiting", "lượt chờ gửi" },
	{ "sent", "Đã gửi các lượt chờ" },
	{ "refused", "lượt không ghi được" },
	{ "recorded", "Đã ghi nhận" },
	{ "recorded_before", "Đã ghi nhận trước đó" },
	{ "at", "lúc" },
	{ "undo", "Hủy lượt vừa ghi" },
	{ "undone", "Đã hủy lượt ghi nhận" },
	{ "cancelled", "đã hủy" },
	{ "camera_starting", "Đang bật camera…" },
	{ "camera_ready", "Đưa mã QR hoặc CCCD vào khung hình." },
	{ "camera_failed", "Không bật được camera. Dùng máy quét hoặc nhập mã." },
	{ "cccd_found", "CCCD: đã tìm thấy tờ khai còn hạn của người này." },
	{ "cccd_none", "CCCD: người này chưa có tờ khai còn hạn. Mở nhập tờ khai giấy…" },
	{ "cccd_venue", "Điểm quét không tra cứu theo CCCD: hãy quét mã QR khai báo." },
	{ "cccd_offline", "CCCD: cần có mạng để tra cứu tờ khai." },
	{ "lookup_none", "Không có tờ khai còn hạn của số giấy tờ này." },
	{ "no_keys", "Máy chưa tải khóa kiểm tra mã: cần có mạng ít nhất một lần." },
	{ "driver", "Lái xe" },
	{ "co_driver", "Phụ xe" },
	{ "not_in_registry", "Không có trong CSDL dân cư" },
	{ "undeclared", "chưa khai báo y tế" },
	{ "depot_checked", "Đã kiểm tra trước khi xuất bến tại" },
	{ "depot_unchecked", "CHƯA KIỂM TRA TẠI KHO, BẾN XUẤT PHÁT" },
	{ "depot_done", "Đã kiểm tra xe trước khi xuất bến tại" },
	{ "depot_before", "Xe đã được kiểm tra trước đó tại" },
	/* A declaration that does not match the registry says nothing of the
	 * F status of the ID number it names (issue 18). */
	{ "identity_check", "Chưa xác minh danh tính: đối chiếu CCCD, rồi tra theo số CCCD để xem tình trạng F." },
	{ NULL, NULL }
};

const char kd_label_none[] = "Không";
const char kd_label_not_recorded[] = "Chưa ghi nhận";

const struct kd_label_table kd_label_tables[] = {
	{ "reasons", kd_label_reasons },
	{ "registry", kd_label_registry },
	{ "directions", kd_label_directions },
	{ "symptoms", kd_label_symptoms },
	{ "exposure", kd_label_exposure },
	{ "f_status", kd_label_f_status },
	{ "sources", kd_label_sources },
	{ "genders", kd_label_genders },
	{ "verdicts", kd_label_verdicts },
	{ "kiosk", kd_label_kiosk },
	{ NULL, NULL }
};

const char *kd_label(const struct kd_label *table, const char *code)
{
	for (; code != NULL && table->code != NULL; table++)
		if (strcmp(table->code, code) == 0)
			return table->text;
	return NULL;
}
