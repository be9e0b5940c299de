#include "audit.h"
#include "db.h"
#include "sql.h"

int kd_audit(const struct kd_req *r, const char *action,
    const char *target_kind, const char *target, const char *detail)
{
	const struct kd_session *s = &r->session;
	struct kd_param p[6];

	p[0] = KD_STR(s->valid ? s->uid : "-");
	p[1] = KD_STR(action);
	p[2] = KD_STR(target_kind ? target_kind : "");
	p[3] = KD_STR(target ? target : "");
	p[4] = s->valid && s->place_id > 0 ? KD_INT(s->place_id) : KD_NULLP;
	p[5] = KD_STR(detail ? detail : "");
	return kd_db_exec(KD_SQL_AUDIT_INSERT, p, 6) == 1 ? 0 : -1;
}
