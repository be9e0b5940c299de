/*
 * audit.h - who did what to whom, when and from which place.  Every read
 * of a citizen's record by an officer and every administrative action is
 * written here.  target is an id (declaration id, uid, place id), never a
 * name or an ID number in clear.
 */
#ifndef KD_AUDIT_H
#define KD_AUDIT_H

#include "req.h"

/* 0 ok, -1 when the row could not be written (the caller refuses the
 * read: no audit, no data). */
int kd_audit(const struct kd_req *r, const char *action,
    const char *target_kind, const char *target, const char *detail);

#endif
