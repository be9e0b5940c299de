/*
 * dir.h - the LDAP directory: accounts and the unit tree.
 *
 * The programs bind as the service account (ldap_bind_dn) for look-ups.
 * A user's password is checked by binding as that user on a separate
 * connection.  Writes on behalf of an administrator carry the proxied
 * authorisation control, so slapd's ACLs judge them as that administrator.
 * Every filter value is escaped with ldap_bv2escaped_filter_value.
 */
#ifndef KD_DIR_H
#define KD_DIR_H

struct kd_account {
	char dn[320];
	char uid[65];
	char full_name[128];
	char role[17];
	char unit[6];          /* from the DN: the unit the entry lives under */
	long long place_id;    /* 0 = none */
	int must_change;       /* pwdReset TRUE */
	int disabled;          /* pwdAccountLockedTime set */
};

enum kd_bind_result {
	KD_BIND_OK,
	KD_BIND_BAD,           /* wrong password */
	KD_BIND_LOCKED,        /* ppolicy lock-out or disabled */
	KD_BIND_CHANGE,        /* ok, but the password must change */
	KD_BIND_ERROR
};

/* Connects and binds as the service account.  0 ok, -1 error. */
int kd_dir_open(void);

/* Looks up an account by uid: 1 found, 0 none, -1 error. */
int kd_dir_find(const char *uid, struct kd_account *a);

/* Checks a password by binding as dn; empty passwords never reach the
 * server (an empty simple bind is an anonymous bind). */
enum kd_bind_result kd_dir_check_password(const char *dn, const char *password);

/* Binds as dn with old_pw and sets new_pw (password-modify operation, so
 * the server hashes it and clears pwdReset).  0 ok, 1 refused by the
 * password policy (too short, too simple), -1 error. */
int kd_dir_change_password(const char *dn, const char *old_pw, const char *new_pw);

/* The unit code of an account DN ("uid=x,ou=38,ou=units,..." -> "38";
 * directly under ou=units -> "").  0 ok, -1 not an account DN of ours. */
int kd_dir_unit_of(const char *dn, char unit[6]);

/* The service connection, for programs that run their own operations. */
struct ldap;
struct ldap *kd_dir_handle(void);

#endif
