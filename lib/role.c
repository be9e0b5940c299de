/*
 * role.c - the role table (see role.h).
 */
#include <string.h>

#include "role.h"

/* An officer checks people at a checkpoint, or green-lane vehicles at a
 * depot before they leave (issue 21). */
static const char *const checkpoint_kinds[] = { "checkpoint", "depot", NULL };
static const char *const venue_kinds[] = { "venue", NULL };

/* Sessions (ASVS L2, issue 18): an administrator's ends after 30 idle
 * minutes and 8 hours in all; everyone else's after 2 idle hours and 12 in
 * all (a checkpoint's shift).  An administrator's new login ends its
 * other sessions: a stolen session of the most powerful role does not
 * outlive the owner's next login. */
const struct kd_role kd_roles[] = {
	{ "admin", KD_ROLE_ADMIN, "Quản trị viên", "/admin-accounts", NULL, 0, 30, 480, 1 },
	{ "police", KD_ROLE_POLICE, "Công an xã/phường", "/f-status", NULL, 0, 120, 720, 0 },
	{ "officer", KD_ROLE_OFFICER, "Cán bộ chốt kiểm soát", "/verify",
	    checkpoint_kinds, 1, 120, 720, 0 },
	{ "venue", KD_ROLE_VENUE, "Nhân viên điểm quét", "/verify", venue_kinds, 1,
	    120, 720, 0 },
};
const size_t kd_nroles = sizeof(kd_roles) / sizeof(kd_roles[0]);

const char *const kd_role_names[] = { "admin", "police", "officer", "venue", NULL };

_Static_assert(sizeof(kd_roles) / sizeof(kd_roles[0]) ==
    sizeof(kd_role_names) / sizeof(kd_role_names[0]) - 1, "role lists");

const struct kd_role *kd_role_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < kd_nroles; i++)
		if (strcmp(kd_roles[i].name, name) == 0)
			return &kd_roles[i];
	return NULL;
}

const struct kd_role *kd_role_of(unsigned bit)
{
	size_t i;

	for (i = 0; i < kd_nroles; i++)
		if (kd_roles[i].bit == bit)
			return &kd_roles[i];
	return NULL;
}

unsigned kd_role_bit(const char *name)
{
	const struct kd_role *role = kd_role_find(name);

	return role != NULL ? role->bit : 0;
}

int kd_role_needs_place(const struct kd_role *role)
{
	return role != NULL && role->place_kinds != NULL;
}

int kd_role_place_ok(const struct kd_role *role, const char *place_kind)
{
	const char *const *k;

	if (role == NULL || role->place_kinds == NULL || place_kind == NULL)
		return 0;
	for (k = role->place_kinds; *k != NULL; k++)
		if (strcmp(*k, place_kind) == 0)
			return 1;
	return 0;
}

const char *kd_role_label(const char *name)
{
	const struct kd_role *role = kd_role_find(name);

	return role != NULL ? role->label : name;
}
