#include <ldap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "dir.h"
#include "log.h"

static LDAP *dir_ld;

static LDAP *dir_connect(void)
{
	const char *uri = kd_conf_str("ldap_uri", "ldap://127.0.0.1:389/");
	struct timeval tv = { .tv_sec = 5, .tv_usec = 0 };
	int version = LDAP_VERSION3;
	LDAP *ld = NULL;

	if (ldap_initialize(&ld, uri) != LDAP_SUCCESS)
		return NULL;
	ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
	ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
	ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
	ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	return ld;
}

static int simple_bind(LDAP *ld, const char *dn, const char *password)
{
	struct berval cred;

	cred.bv_val = (char *)(uintptr_t)password;
	cred.bv_len = strlen(password);
	return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
}

int kd_dir_open(void)
{
	const char *dn = kd_conf_get("ldap_bind_dn");
	const char *pw = kd_conf_get("ldap_bind_password");
	int rc;

	if (dir_ld != NULL) {
		ldap_unbind_ext_s(dir_ld, NULL, NULL);
		dir_ld = NULL;
	}
	if (dn == NULL || pw == NULL || *pw == '\0') {
		kd_log("ldap: ldap_bind_dn/ldap_bind_password not configured");
		return -1;
	}
	dir_ld = dir_connect();
	if (dir_ld == NULL)
		return -1;
	rc = simple_bind(dir_ld, dn, pw);
	if (rc != LDAP_SUCCESS) {
		kd_log("ldap: service bind failed: %s", ldap_err2string(rc));
		ldap_unbind_ext_s(dir_ld, NULL, NULL);
		dir_ld = NULL;
		return -1;
	}
	return 0;
}

struct ldap *kd_dir_handle(void)
{
	return dir_ld;
}

int kd_dir_unit_of(const char *dn, char unit[6])
{
	const char *parent = strchr(dn, ',');
	const char *base = kd_conf_str("ldap_base", "dc=kiemdich,dc=vn");
	size_t n = 0;

	if (strncmp(dn, "uid=", 4) != 0 || parent == NULL)
		return -1;
	parent++;
	if (strncmp(parent, "ou=units,", 9) == 0 && strcmp(parent + 9, base) == 0) {
		unit[0] = '\0';
		return 0;
	}
	if (strncmp(parent, "ou=", 3) != 0)
		return -1;
	parent += 3;
	while (parent[n] >= '0' && parent[n] <= '9' && n < 5)
		n++;
	if (parent[n] != ',' || (n != 2 && n != 3 && n != 5))
		return -1;
	memcpy(unit, parent, n);
	unit[n] = '\0';
	return 0;
}

static void copy_attr(LDAP *ld, LDAPMessage *e, const char *attr, char *out, size_t cap)
{
	struct berval **vals = ldap_get_values_len(ld, e, attr);

	out[0] = '\0';
	if (vals != NULL && vals[0] != NULL && vals[0]->bv_len < cap) {
		memcpy(out, vals[0]->bv_val, vals[0]->bv_len);
		out[vals[0]->bv_len] = '\0';
	}
	ldap_value_free_len(vals);
}

static int find_once(const char *uid, struct kd_account *a)
{
	char *attrs[] = { "uid", "cn", "kdRole", "kdPlaceId", "pwdReset",
	    "pwdAccountLockedTime", NULL };
	const char *base = kd_conf_str("ldap_base", "dc=kiemdich,dc=vn");
	struct berval raw, escaped = { 0, NULL };
	char filter[256], tmp[32], *dn;
	LDAPMessage *res = NULL, *e;
	int rc, found = 0;

	raw.bv_val = (char *)(uintptr_t)uid;
	raw.bv_len = strlen(uid);
	if (ldap_bv2escaped_filter_value(&raw, &escaped) != 0)
		return -1;
	rc = snprintf(filter, sizeof(filter), "(&(objectClass=kdAccount)(uid=%s))",
	    escaped.bv_val);
	ber_memfree(escaped.bv_val);
	if (rc < 0 || (size_t)rc >= sizeof(filter))
		return 0;
	rc = ldap_search_ext_s(dir_ld, base, LDAP_SCOPE_SUBTREE, filter, attrs, 0,
	    NULL, NULL, NULL, 2, &res);
	if (rc != LDAP_SUCCESS) {
		ldap_msgfree(res);
		return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ? -2 : -1;
	}
	e = ldap_first_entry(dir_ld, res);
	if (e != NULL && ldap_count_entries(dir_ld, res) == 1) {
		memset(a, 0, sizeof(*a));
		dn = ldap_get_dn(dir_ld, e);
		if (dn != NULL && strlen(dn) < sizeof(a->dn) &&
		    kd_dir_unit_of(dn, a->unit) == 0) {
			snprintf(a->dn, sizeof(a->dn), "%s", dn);
			copy_attr(dir_ld, e, "uid", a->uid, sizeof(a->uid));
			copy_attr(dir_ld, e, "cn", a->full_name, sizeof(a->full_name));
			copy_attr(dir_ld, e, "kdRole", a->role, sizeof(a->role));
			copy_attr(dir_ld, e, "kdPlaceId", tmp, sizeof(tmp));
			a->place_id = strtoll(tmp, NULL, 10);
			copy_attr(dir_ld, e, "pwdReset", tmp, sizeof(tmp));
			a->must_change = strcmp(tmp, "TRUE") == 0;
			copy_attr(dir_ld, e, "pwdAccountLockedTime", tmp, sizeof(tmp));
			a->disabled = tmp[0] != '\0';
			found = 1;
		}
		ldap_memfree(dn);
	}
	ldap_msgfree(res);
	return found;
}

int kd_dir_find(const char *uid, struct kd_account *a)
{
	int rc;

	if (dir_ld == NULL && kd_dir_open() != 0)
		return -1;
	rc = find_once(uid, a);
	if (rc == -2) {
		/* slapd restarted: bind again once. */
		if (kd_dir_open() != 0)
			return -1;
		rc = find_once(uid, a);
	}
	return rc < 0 ? -1 : rc;
}

/* Binds with the password-policy control so that a locked account can be
 * told from a wrong password. */
static enum kd_bind_result bind_with_policy(LDAP *ld, const char *dn,
    const char *password)
{
	LDAPControl *ppctl = NULL, *sctrls[2] = { NULL, NULL }, **rctrls = NULL;
	LDAPPasswordPolicyError pperr = PP_noError;
	struct berval cred;
	LDAPMessage *res = NULL;
	int msgid, rc, err = LDAP_OTHER, expire = -1, grace = -1;
	struct timeval tv = { .tv_sec = 5, .tv_usec = 0 };

	if (ldap_create_passwordpolicy_control(ld, &ppctl) != LDAP_SUCCESS)
		return KD_BIND_ERROR;
	sctrls[0] = ppctl;
	cred.bv_val = (char *)(uintptr_t)password;
	cred.bv_len = strlen(password);
	rc = ldap_sasl_bind(ld, dn, LDAP_SASL_SIMPLE, &cred, sctrls, NULL, &msgid);
	ldap_control_free(ppctl);
	if (rc != LDAP_SUCCESS)
		return KD_BIND_ERROR;
	if (ldap_result(ld, msgid, LDAP_MSG_ALL, &tv, &res) <= 0)
		return KD_BIND_ERROR;
	rc = ldap_parse_result(ld, res, &err, NULL, NULL, NULL, &rctrls, 1);
	if (rc != LDAP_SUCCESS)
		return KD_BIND_ERROR;
	if (rctrls != NULL) {
		LDAPControl *c = ldap_control_find(LDAP_CONTROL_PASSWORDPOLICYRESPONSE,
		    rctrls, NULL);

		if (c != NULL)
			ldap_parse_passwordpolicy_control(ld, c, &expire, &grace, &pperr);
		ldap_controls_free(rctrls);
	}
	if (err == LDAP_SUCCESS)
		return pperr == PP_changeAfterReset ? KD_BIND_CHANGE : KD_BIND_OK;
	if (err == LDAP_INVALID_CREDENTIALS)
		return pperr == PP_accountLocked ? KD_BIND_LOCKED : KD_BIND_BAD;
	return KD_BIND_ERROR;
}

enum kd_bind_result kd_dir_check_password(const char *dn, const char *password)
{
	enum kd_bind_result result;
	LDAP *ld;

	if (password == NULL || password[0] == '\0')
		return KD_BIND_BAD;
	ld = dir_connect();
	if (ld == NULL)
		return KD_BIND_ERROR;
	result = bind_with_policy(ld, dn, password);
	ldap_unbind_ext_s(ld, NULL, NULL);
	return result;
}

int kd_dir_change_password(const char *dn, const char *old_pw, const char *new_pw)
{
	struct berval user, oldv, newv;
	LDAP *ld;
	int rc;

	if (old_pw == NULL || old_pw[0] == '\0' || new_pw == NULL || new_pw[0] == '\0')
		return -1;
	ld = dir_connect();
	if (ld == NULL)
		return -1;
	rc = simple_bind(ld, dn, old_pw);
	if (rc == LDAP_SUCCESS) {
		user.bv_val = (char *)(uintptr_t)dn;
		user.bv_len = strlen(dn);
		oldv.bv_val = (char *)(uintptr_t)old_pw;
		oldv.bv_len = strlen(old_pw);
		newv.bv_val = (char *)(uintptr_t)new_pw;
		newv.bv_len = strlen(new_pw);
		rc = ldap_passwd_s(ld, &user, &oldv, &newv, NULL, NULL, NULL);
	}
	ldap_unbind_ext_s(ld, NULL, NULL);
	if (rc == LDAP_SUCCESS)
		return 0;
	if (rc == LDAP_CONSTRAINT_VIOLATION)
		return 1;
	kd_log("ldap: password change failed: %s", ldap_err2string(rc));
	return -1;
}
