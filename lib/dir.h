/*
 * dir.h - the LDAP directory: accounts and the unit tree.
 *
 * The programs bind as the service account (ldap_bind_dn) for look-ups.
 * A user's password is checked by binding as that user on a separate
 * connection.  Writes on behalf of an administrator carry the proxied
 * authorisation control, so slapd's ACLs judge them as that administrator.
 * Every filter value is escaped with ldap_bv2escaped_filter_value.
 *
 * Replicated directory (docs/DEPLOYMENT.md): ldap_uri is the provider,
 * ldap_read_uri (optional) the consumers nearest first, then the
 * provider.  Look-ups and password checks (login, the session's account)
 * go to ldap_read_uri: a change made on the provider, a disabled account
 * above all, reaches them within a second (syncrepl refreshAndPersist).
 * Password changes go to the provider; so does everything of a program
 * that called kd_dir_use_provider() (admin-accounts: it writes, and reads
 * back what it wrote).
 */
#ifndef KD_DIR_H
#define KD_DIR_H

#include "attr.h"

#include <stddef.h>

struct kd_account {
	char dn[320];
	char uid[65];
	char full_name[128];
	char role[17];
	char unit[6];          /* from the DN: the unit the entry lives under */
	long long place_id;    /* 0 = none */
	int must_change;       /* pwdReset TRUE */
	int disabled;          /* pwdAccountLockedTime set */
	int lock_permanent;    /* pwdAccountLockedTime 000001010000Z: disabled
	                        * by an admin, not a temporary lock-out */
};

enum kd_bind_result {
	KD_BIND_OK,
	KD_BIND_BAD,           /* wrong password */
	KD_BIND_LOCKED,        /* ppolicy lock-out or disabled */
	KD_BIND_CHANGE,        /* ok, but the password must change */
	KD_BIND_ERROR
};

/* From now on this process reads from the provider too.  Call before
 * kd_dir_open(). */
void kd_dir_use_provider(void);

/* Connects and binds as the service account.  0 ok, -1 error. */
int kd_dir_open(void);

/* Looks up an account by uid: 1 found, 0 none, -1 error. */
int kd_dir_find(const char *uid, struct kd_account *a) KD_MUST_USE;

/* Checks a password by binding as dn; empty passwords never reach the
 * server (an empty simple bind is an anonymous bind). */
enum kd_bind_result kd_dir_check_password(const char *dn, const char *password);

/* The same bind against cn=nobody,<base>, an entry that is no account and
 * whose password nobody knows (scripts/ldap-setup): a login for an
 * unknown uid costs the same password hashing as one for a real account,
 * so the answer's time does not tell which uids exist.  KD_BIND_BAD, or
 * KD_BIND_ERROR when the directory cannot be reached. */
enum kd_bind_result kd_dir_check_nobody(const char *password);

/* Binds as dn with old_pw and sets new_pw (password-modify operation, so
 * the server hashes it and clears pwdReset).  0 ok, 1 refused by the
 * password policy (too short, too simple), 2 old_pw is wrong, -1 error. */
int kd_dir_change_password(const char *dn, const char *old_pw, const char *new_pw) KD_MUST_USE;

/* The unit code of an account DN ("uid=x,ou=38,ou=units,..." -> "38";
 * directly under ou=units -> "").  0 ok, -1 not an account DN of ours. */
int kd_dir_unit_of(const char *dn, char unit[6]);

/*
 * Writes on behalf of an administrator (admin-accounts).
 *
 * Each call attaches the proxied-authorisation control (RFC 4370, critical)
 * with "dn:<actor_dn>", so slapd judges it with the actor's rights: the
 * ACLs keep an administrator inside its own unit's subtree whatever our C
 * code checked before.  Each returns the LDAP result code (LDAP_SUCCESS,
 * 50 insufficient access, 32 no such object, 19 constraint violation (uid
 * taken elsewhere, bad role), 68 already exists, 123 the proxy refused),
 * or -1 when the request could not be made (no connection, no memory).
 * A connection that went away is reopened and the call tried once more.
 */

/* The value disable writes into pwdAccountLockedTime (ppolicy: locked for
 * good, until an admin removes it). */
#define KD_DIR_DISABLED "000001010000Z"

/* The DN of unit code ("" = the country: ou=units,<base>).  Codes are
 * digits, so nothing needs escaping.  Needs kd_units_load().  0 ok, -1
 * unknown code or too long. */
int kd_dir_unit_dn(const char *code, char *out, size_t cap);

/* Adds uid=<uid>,<unit_dn> (inetOrgPerson + kdAccount: uid, cn = full
 * name, sn = its last word, kdRole, kdPlaceId when place_id > 0) with
 * userPassword = password in clear (slapd's ppolicy_hash_cleartext hashes
 * it) and pwdReset TRUE, so the first login must change it.  One
 * operation: the entry never exists without its password.  uid must be
 * [a-z0-9._-] (refused with -1 otherwise: such a value needs no escaping
 * in a DN).  The new DN goes to dn_out. */
int kd_dir_add_account(const char *actor_dn, const char *unit_dn,
    const char *uid, const char *full_name, const char *role,
    long long place_id, const char *password, char *dn_out, size_t dn_cap) KD_MUST_USE;

/* Sets dn's password with the password-modify operation (the server
 * hashes it; an administrator's change sets pwdReset TRUE).  Note: in
 * slapd 2.5.13 this also deletes pwdAccountLockedTime (docs/LDAP.md). */
int kd_dir_set_password_as(const char *actor_dn, const char *dn,
    const char *password) KD_MUST_USE;

/* Replaces attr of dn with value; value NULL removes every value (a
 * replace without values never fails for an absent attribute). */
int kd_dir_replace_as(const char *actor_dn, const char *dn, const char *attr,
    const char *value) KD_MUST_USE;

/*
 * Bulk creation: the adds of n accounts (as kd_dir_add_account) are sent
 * without waiting for each answer, at most `window` outstanding on the
 * service connection, so slapd works on them (and hashes the passwords)
 * on its worker threads in parallel.  Each item's rc gets the result code
 * (-1: not sent or not answered).  Returns 0, or -1 when the connection
 * failed during the batch.
 */
struct kd_dir_new {
	const char *uid, *full_name, *role, *password;
	const char *unit_dn;
	long long place_id;
	int rc;
};
int kd_dir_add_accounts(const char *actor_dn, struct kd_dir_new *items,
    size_t n, size_t window) KD_MUST_USE;

/*
 * Lists the accounts in the subtree of base_dn whose uid or cn contains
 * query (escaped with ldap_bv2escaped_filter_value; NULL or "" = all),
 * sorted by uid, skipping skip_dn (the actor itself; may be NULL).  Reads
 * as the service account.  Fills out[0..*n) with the slice that starts at
 * offset (at most max); *total is the number that matched.  0 ok, -1
 * error.
 */
int kd_dir_search_accounts(const char *base_dn, const char *query,
    const char *skip_dn, size_t offset, size_t max, struct kd_account *out,
    size_t *n, size_t *total);

/* The service connection, for programs that run their own operations. */
struct ldap;
struct ldap *kd_dir_handle(void);

#endif
