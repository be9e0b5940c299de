/*
 * audit.h - who did what to whom, when and from which place.  Every read
 * of a citizen's record by an officer and every administrative action is
 * written here.  target is an id (declaration id, uid, place id), never a
 * name or an ID number in clear.
 *
 * Two ways in.  kd_audit() is a durable INSERT, for actions (and for reads
 * where a round trip does not matter).  kd_audit_read() is for reads on a
 * hot path (the kiosk look-up): when the program keeps an audit journal
 * (struct kd_program.audit_journal) the record is appended to this
 * worker's journal file with one write(2) and the program's loader moves
 * it into audit_log within about a second, exactly once (lib/journal.h
 * says why and what it survives).  Either way: no record, no data.
 */
#ifndef KD_AUDIT_H
#define KD_AUDIT_H

#include "attr.h"

#include "req.h"

/*
 * A citizen as an audit target: "h:" and 32 hex digits of the keyed
 * BLAKE2b of the ID number, under the audit key (key_dir/audit.key, made
 * once by lib/keyfile.h).  An auditor with the key finds the reads of an
 * ID number by computing its reference; a copy of audit_log alone does
 * not say whom was read.  The key is loaded by kd_serve() in every worker
 * of a program with a database.
 */
#define KD_CITIZEN_REF_SIZE 40
int kd_audit_key_load(void) KD_MUST_USE;
void kd_citizen_ref(const char *id_number, char out[KD_CITIZEN_REF_SIZE]);

/* 0 ok, -1 when the row could not be written (the caller refuses the
 * read: no audit, no data). */
int kd_audit(const struct kd_req *r, const char *action,
    const char *target_kind, const char *target, const char *detail) KD_MUST_USE;

/* Same contract; through the journal when this worker has one open. */
int kd_audit_read(const struct kd_req *r, const char *action,
    const char *target_kind, const char *target, const char *detail) KD_MUST_USE;

/* The loader: moves the records of every journal file in dir (files of
 * program tag) into audit_log, each chunk in one transaction together with
 * how far the file has been loaded, so a record is loaded exactly once
 * whatever crashes when.  Files whose writer has ended and that are fully
 * loaded are removed.  Returns the number of records loaded, -1 on a
 * database error (the next pass starts again where the last commit
 * left off). */
long kd_audit_load_journals(const char *dir, const char *tag);

#endif
