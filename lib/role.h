/*
 * role.h - the one table of roles: who an account is, what a person reads
 * about it, where it starts after logging in, and what it must be tied to.
 * No other file compares role names; routes name the roles they allow by
 * their bits (lib/serve.h).
 */
#ifndef KD_ROLE_H
#define KD_ROLE_H

#include <stddef.h>

enum kd_role_bit {
	KD_ROLE_ADMIN = 1 << 0,
	KD_ROLE_POLICE = 1 << 1,
	KD_ROLE_OFFICER = 1 << 2,
	KD_ROLE_VENUE = 1 << 3,
};
#define KD_ROLES_ALL (KD_ROLE_ADMIN | KD_ROLE_POLICE | KD_ROLE_OFFICER | KD_ROLE_VENUE)

struct kd_role {
	const char *name;              /* in LDAP (kdRole) and sessions.role */
	unsigned bit;
	const char *label;             /* Vietnamese, for pages */
	const char *home;              /* the page it lands on after login */
	const char *const *place_kinds;/* places.kind an account of this role
	                                  must be tied to; NULL = no place */
	int kiosk;                     /* works at the kiosk (scans codes):
	                                  its session cookie is not kept
	                                  when the browser closes */
	int idle_minutes;              /* a session unused this long ends */
	int max_minutes;               /* and ends this long after login */
	int one_session;               /* a new login ends the account's
	                                  other sessions */
};

/* Every role, in the order pages list them; NULL-terminated names. */
extern const struct kd_role kd_roles[];
extern const size_t kd_nroles;
extern const char *const kd_role_names[];

/* The role of a name or of a bit; NULL when there is none. */
const struct kd_role *kd_role_find(const char *name);
const struct kd_role *kd_role_of(unsigned bit);

/* The bit of a role name, 0 when unknown. */
unsigned kd_role_bit(const char *name);

/* 1 when an account of this role must have a place (officer, venue). */
int kd_role_needs_place(const struct kd_role *role);

/* 1 when a place of this kind suits the role. */
int kd_role_place_ok(const struct kd_role *role, const char *place_kind);

/* "Cán bộ chốt kiểm soát" for "officer"; the name itself when unknown. */
const char *kd_role_label(const char *name);

#endif
