#include <ldap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "dir.h"
#include "log.h"
#include "units.h"

static _Thread_local LDAP *dir_ld;   /* one connection per thread */
static int dir_provider_only;        /* kd_dir_use_provider() */

void kd_dir_use_provider(void)
{
	dir_provider_only = 1;
}

/* The provider: every write, and every read of a program that writes. */
static const char *provider_uri(void)
{
	return kd_conf_str("ldap_uri", "ldap://127.0.0.1:389/");
}

/* Where look-ups and password checks go: the replicas of ldap_read_uri,
 * nearest first (libldap tries the URIs of the list in order and takes
 * the first that answers), or the provider. */
static const char *read_uri(void)
{
	return dir_provider_only ? provider_uri() : kd_conf_str("ldap_read_uri", provider_uri());
}

static LDAP *dir_connect(const char *uri)
{
	struct timeval tv = { .tv_sec = 5, .tv_usec = 0 };
	int version = LDAP_VERSION3;
	LDAP *ld = NULL;

	if (ldap_initialize(&ld, uri) != LDAP_SUCCESS)
		return NULL;
	/* Version 3 and bounded waits, or no connection at all. */
	if (ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) != LDAP_OPT_SUCCESS) {
		ldap_unbind_ext_s(ld, NULL, NULL);
		return NULL;
	}
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
	dir_ld = dir_connect(read_uri());
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

	if (cap == 0) {
		ldap_value_free_len(vals);
		return;
	}
	out[0] = '\0';
	if (vals != NULL && vals[0] != NULL && vals[0]->bv_len < cap) {
		memcpy(out, vals[0]->bv_val, vals[0]->bv_len);
		out[vals[0]->bv_len] = '\0';
	}
	ldap_value_free_len(vals);
}

/* Fills a from an entry of a search that asked for account_attrs.
 * 0 ok, -1 when the DN is not an account DN of ours. */
static int fill_account(LDAP *ld, LDAPMessage *e, struct kd_account *a)
{
	char tmp[32], *dn = ldap_get_dn(ld, e);
	int rc = -1;

	memset(a, 0, sizeof(*a));
	if (dn != NULL && strlen(dn) < sizeof(a->dn) &&
	    kd_dir_unit_of(dn, a->unit) == 0) {
		snprintf(a->dn, sizeof(a->dn), "%s", dn);
		copy_attr(ld, e, "uid", a->uid, sizeof(a->uid));
		copy_attr(ld, e, "cn", a->full_name, sizeof(a->full_name));
		copy_attr(ld, e, "kdRole", a->role, sizeof(a->role));
		copy_attr(ld, e, "kdPlaceId", tmp, sizeof(tmp));
		a->place_id = strtoll(tmp, NULL, 10);
		copy_attr(ld, e, "pwdReset", tmp, sizeof(tmp));
		a->must_change = strcmp(tmp, "TRUE") == 0;
		copy_attr(ld, e, "pwdAccountLockedTime", tmp, sizeof(tmp));
		a->disabled = tmp[0] != '\0';
		a->lock_permanent = strcmp(tmp, KD_DIR_DISABLED) == 0;
		rc = 0;
	}
	ldap_memfree(dn);
	return rc;
}

static char *account_attrs[] = { "uid", "cn", "kdRole", "kdPlaceId", "pwdReset",
    "pwdAccountLockedTime", NULL };

static int find_once(const char *uid, struct kd_account *a)
{
	const char *base = kd_conf_str("ldap_base", "dc=kiemdich,dc=vn");
	struct berval raw, escaped = { 0, NULL };
	char filter[256];
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
	rc = ldap_search_ext_s(dir_ld, base, LDAP_SCOPE_SUBTREE, filter,
	    account_attrs, 0, NULL, NULL, NULL, 2, &res);
	if (rc != LDAP_SUCCESS) {
		ldap_msgfree(res);
		return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ? -2 : -1;
	}
	e = ldap_first_entry(dir_ld, res);
	if (e != NULL && ldap_count_entries(dir_ld, res) == 1 &&
	    fill_account(dir_ld, e, a) == 0)
		found = 1;
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
	ld = dir_connect(read_uri());
	if (ld == NULL)
		return KD_BIND_ERROR;
	result = bind_with_policy(ld, dn, password);
	ldap_unbind_ext_s(ld, NULL, NULL);
	return result;
}

enum kd_bind_result kd_dir_check_nobody(const char *password)
{
	char dn[200];

	snprintf(dn, sizeof(dn), "cn=nobody,%s", kd_conf_str("ldap_base", "dc=kiemdich,dc=vn"));
	return kd_dir_check_password(dn, password);
}

int kd_dir_change_password(const char *dn, const char *old_pw, const char *new_pw)
{
	struct berval user, oldv, newv, gen = { 0, NULL };
	LDAP *ld;
	int rc;

	if (old_pw == NULL || old_pw[0] == '\0' || new_pw == NULL || new_pw[0] == '\0')
		return -1;
	ld = dir_connect(provider_uri());
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
		/* libldap asserts a non-NULL result berval (the server
		 * generates nothing when given the new password). */
		rc = ldap_passwd_s(ld, &user, &oldv, &newv, &gen, NULL, NULL);
		ber_memfree(gen.bv_val);
	}
	ldap_unbind_ext_s(ld, NULL, NULL);
	if (rc == LDAP_SUCCESS)
		return 0;
	if (rc == LDAP_CONSTRAINT_VIOLATION)
		return 1;
	if (rc == LDAP_INVALID_CREDENTIALS)
		return 2;
	kd_log("ldap: password change failed: %s", ldap_err2string(rc));
	return -1;
}

/* --- writes on behalf of an administrator (admin-accounts) ------------------ */

static int dir_ready(void)
{
	return dir_ld != NULL || kd_dir_open() == 0 ? 0 : -1;
}

static int gone(int rc)
{
	return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR;
}

/* The proxied-authorisation control for actor_dn (free with
 * ldap_control_free).  NULL when the DN is too long or out of memory. */
static LDAPControl *proxy_control(const char *actor_dn)
{
	char authz[600];
	struct berval v;
	LDAPControl *c = NULL;
	int n = snprintf(authz, sizeof(authz), "dn:%s", actor_dn);

	if (n < 0 || (size_t)n >= sizeof(authz))
		return NULL;
	v.bv_val = authz;
	v.bv_len = (ber_len_t)n;
	if (ldap_control_create(LDAP_CONTROL_PROXY_AUTHZ, 1, &v, 1, &c) != LDAP_SUCCESS)
		return NULL;
	return c;
}

int kd_dir_unit_dn(const char *code, char *out, size_t cap)
{
	const char *base = kd_conf_str("ldap_base", "dc=kiemdich,dc=vn");
	const struct kd_unit *u[4];
	size_t used = 0, depth = 0, i;
	int n;

	if (code == NULL)
		return -1;
	if (code[0] != '\0') {
		u[0] = kd_unit_find(code);
		if (u[0] == NULL)
			return -1;
		for (depth = 1; depth < 4 && u[depth - 1]->parent[0] != '\0'; depth++) {
			u[depth] = kd_unit_find(u[depth - 1]->parent);
			if (u[depth] == NULL)
				return -1;
		}
		if (depth == 4)
			return -1;
	}
	for (i = 0; i < depth; i++) {
		n = snprintf(out + used, cap - used, "ou=%s,", u[i]->code);
		if (n < 0 || (size_t)n >= cap - used)
			return -1;
		used += (size_t)n;
	}
	n = snprintf(out + used, cap - used, "ou=units,%s", base);
	return n < 0 || (size_t)n >= cap - used ? -1 : 0;
}

static int uid_plain(const char *uid)
{
	size_t i, len = strlen(uid);

	if (len < 1 || len > 64)
		return 0;
	for (i = 0; i < len; i++) {
		char c = uid[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* The DN and the attributes of a new account; the pointers of mods point
 * into m, which must outlive the call that sends them. */
struct new_entry {
	char dn[400];
	char place[24];
	const char *sn;
	char *oc_v[3], *uid_v[2], *cn_v[2], *sn_v[2], *role_v[2], *place_v[2];
	char *pw_v[2], *reset_v[2];
	LDAPMod oc, uid, cn, sn_m, role, place_m, pw, reset;
	LDAPMod *mods[9];
};

static int build_entry(struct new_entry *m, const char *unit_dn, const char *uid,
    const char *full_name, const char *role, long long place_id,
    const char *password)
{
	const char *space;
	size_t k = 0;
	int n;

	if (!uid_plain(uid) || full_name == NULL || full_name[0] == '\0' ||
	    role == NULL || unit_dn == NULL)
		return -1;
	n = snprintf(m->dn, sizeof(m->dn), "uid=%s,%s", uid, unit_dn);
	if (n < 0 || (size_t)n >= sizeof(m->dn))
		return -1;
	space = strrchr(full_name, ' ');
	m->sn = space != NULL && space[1] != '\0' ? space + 1 : full_name;
	m->oc_v[0] = "inetOrgPerson";
	m->oc_v[1] = "kdAccount";
	m->oc_v[2] = NULL;
	m->uid_v[0] = (char *)(uintptr_t)uid;
	m->cn_v[0] = (char *)(uintptr_t)full_name;
	m->sn_v[0] = (char *)(uintptr_t)m->sn;
	m->role_v[0] = (char *)(uintptr_t)role;
	m->uid_v[1] = m->cn_v[1] = m->sn_v[1] = m->role_v[1] = m->place_v[1] = NULL;
	m->oc = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "objectClass",
	    .mod_values = m->oc_v };
	m->uid = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "uid",
	    .mod_values = m->uid_v };
	m->cn = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "cn",
	    .mod_values = m->cn_v };
	m->sn_m = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "sn",
	    .mod_values = m->sn_v };
	m->role = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "kdRole",
	    .mod_values = m->role_v };
	m->mods[k++] = &m->oc;
	m->mods[k++] = &m->uid;
	m->mods[k++] = &m->cn;
	m->mods[k++] = &m->sn_m;
	m->mods[k++] = &m->role;
	if (place_id > 0) {
		snprintf(m->place, sizeof(m->place), "%lld", place_id);
		m->place_v[0] = m->place;
		m->place_m = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "kdPlaceId",
		    .mod_values = m->place_v };
		m->mods[k++] = &m->place_m;
	}
	if (password != NULL) {
		/* In clear: ppolicy_hash_cleartext hashes it ({ARGON2}) before
		 * it is stored.  pwdReset is ours to set in an add (ppolicy
		 * sets it only for the password-modify operation). */
		m->pw_v[0] = (char *)(uintptr_t)password;
		m->reset_v[0] = "TRUE";
		m->pw_v[1] = m->reset_v[1] = NULL;
		m->pw = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "userPassword",
		    .mod_values = m->pw_v };
		m->reset = (LDAPMod){ .mod_op = LDAP_MOD_ADD, .mod_type = "pwdReset",
		    .mod_values = m->reset_v };
		m->mods[k++] = &m->pw;
		m->mods[k++] = &m->reset;
	}
	m->mods[k] = NULL;
	return 0;
}

/* One write on behalf of an administrator: what it does with the controls. */
struct write_op {
	int (*run)(const struct write_op *op, LDAPControl **sctrls);
	const char *dn;
	LDAPMod **mods;
	struct berval *user, *new_password;
};

static int run_add(const struct write_op *op, LDAPControl **sctrls)
{
	return ldap_add_ext_s(dir_ld, op->dn, op->mods, sctrls, NULL);
}

static int run_modify(const struct write_op *op, LDAPControl **sctrls)
{
	return ldap_modify_ext_s(dir_ld, op->dn, op->mods, sctrls, NULL);
}

static int run_passwd(const struct write_op *op, LDAPControl **sctrls)
{
	struct berval gen = { 0, NULL };
	int rc = ldap_passwd_s(dir_ld, op->user, NULL, op->new_password, &gen,
	    sctrls, NULL);

	/* The server generates nothing when given the password. */
	ber_memfree(gen.bv_val);
	return rc;
}

/* Runs op with the proxied-authorisation control of actor_dn, so slapd's
 * ACLs judge it as that administrator; once more on a fresh connection
 * when slapd went away.  The LDAP result code, or -1. */
static int write_as(const char *actor_dn, const struct write_op *op)
{
	LDAPControl *pa, *sctrls[2] = { NULL, NULL };
	int rc = -1, tries;

	if ((pa = proxy_control(actor_dn)) == NULL)
		return -1;
	sctrls[0] = pa;
	for (tries = 0; tries < 2; tries++) {
		if (dir_ready() != 0) {
			rc = -1;
			break;
		}
		rc = op->run(op, sctrls);
		if (!gone(rc))
			break;
		rc = -1;
		kd_dir_open();
	}
	ldap_control_free(pa);
	return rc;
}

int kd_dir_add_account(const char *actor_dn, const char *unit_dn,
    const char *uid, const char *full_name, const char *role,
    long long place_id, const char *password, char *dn_out, size_t dn_cap)
{
	struct new_entry m;
	struct write_op op = { .run = run_add };

	if (build_entry(&m, unit_dn, uid, full_name, role, place_id, password) != 0 ||
	    strlen(m.dn) >= dn_cap)
		return -1;
	snprintf(dn_out, dn_cap, "%s", m.dn);
	op.dn = m.dn;
	op.mods = m.mods;
	return write_as(actor_dn, &op);
}

int kd_dir_set_password_as(const char *actor_dn, const char *dn,
    const char *password)
{
	struct berval user, new_password;
	struct write_op op = { .run = run_passwd, .user = &user,
	    .new_password = &new_password };

	if (password == NULL || password[0] == '\0')
		return -1;
	user.bv_val = (char *)(uintptr_t)dn;
	user.bv_len = strlen(dn);
	new_password.bv_val = (char *)(uintptr_t)password;
	new_password.bv_len = strlen(password);
	return write_as(actor_dn, &op);
}

int kd_dir_replace_as(const char *actor_dn, const char *dn, const char *attr,
    const char *value)
{
	char *vals[2] = { (char *)(uintptr_t)value, NULL };
	LDAPMod mod = { .mod_op = LDAP_MOD_REPLACE, .mod_type = (char *)(uintptr_t)attr,
	    .mod_values = value != NULL ? vals : NULL };
	LDAPMod *mods[2] = { &mod, NULL };
	struct write_op op = { .run = run_modify, .dn = dn, .mods = mods };

	return write_as(actor_dn, &op);
}

/* --- bulk creation: pipelined adds ------------------------------------------ */

#define BATCH_MAX_WINDOW 64

int kd_dir_add_accounts(const char *actor_dn, struct kd_dir_new *items,
    size_t n, size_t window)
{
	struct { int msgid; size_t item; } slot[BATCH_MAX_WINDOW];
	struct timeval tv = { .tv_sec = 60, .tv_usec = 0 };
	LDAPControl *pa, *sctrls[2] = { NULL, NULL };
	size_t next = 0, pending = 0, s;
	struct new_entry m;
	LDAPMessage *res;
	int op, msgid, err, got;

	for (s = 0; s < n; s++)
		items[s].rc = -1;
	if (window < 1)
		window = 1;
	if (window > BATCH_MAX_WINDOW)
		window = BATCH_MAX_WINDOW;
	if (dir_ready() != 0 || (pa = proxy_control(actor_dn)) == NULL)
		return -1;
	sctrls[0] = pa;
	while (next < n || pending > 0) {
		/* Keep `window` adds in flight: slapd works on them with its
		 * own threads (hashing the passwords in parallel). */
		while (pending < window && next < n) {
			struct kd_dir_new *it = &items[next];

			if (it->password == NULL || it->password[0] == '\0' ||
			    build_entry(&m, it->unit_dn, it->uid, it->full_name,
			    it->role, it->place_id, it->password) != 0)
				op = LDAP_PARAM_ERROR;
			else
				op = ldap_add_ext(dir_ld, m.dn, m.mods, sctrls, NULL, &msgid);
			if (op == LDAP_SUCCESS) {
				slot[pending].msgid = msgid;
				slot[pending].item = next;
				pending++;
			} else {
				it->rc = op;
			}
			next++;
			if (gone(op))
				goto broken;
		}
		if (pending == 0)
			break;
		res = NULL;
		got = ldap_result(dir_ld, LDAP_RES_ANY, LDAP_MSG_ALL, &tv, &res);
		if (got <= 0) {
			ldap_msgfree(res);
			goto broken;
		}
		msgid = ldap_msgid(res);
		for (s = 0; s < pending && slot[s].msgid != msgid; s++)
			;
		err = LDAP_OTHER;
		op = ldap_parse_result(dir_ld, res, &err, NULL, NULL, NULL, NULL, 1);
		if (s == pending)
			continue;              /* not one of ours */
		items[slot[s].item].rc = op == LDAP_SUCCESS ? err : op;
		slot[s] = slot[--pending];
	}
	ldap_control_free(pa);
	return 0;
broken:
	/* Answers still owed are lost with the connection (their items keep
	 * rc -1: the caller reports them; a retry finds the ones that were
	 * made, as "uid taken").  Start a new connection. */
	ldap_control_free(pa);
	kd_dir_open();
	return -1;
}

/* --- listing ------------------------------------------------------------------ */

#define SEARCH_MAX_ENTRIES 200000

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *escape_value(const char *v)
{
	struct berval raw, esc = { 0, NULL };
	char *out;

	raw.bv_val = (char *)(uintptr_t)v;
	raw.bv_len = strlen(v);
	if (ldap_bv2escaped_filter_value(&raw, &esc) != 0)
		return NULL;
	out = strdup(esc.bv_val);
	ber_memfree(esc.bv_val);
	return out;
}

/* Every uid under base_dn that matches filter (except skip_dn), sorted.
 * The array and its strings are malloc'd.  0 ok, -1 error, -2 gone. */
static int collect_uids(const char *base_dn, const char *filter,
    const char *skip_dn, char ***uids_out, size_t *count)
{
	char *attrs[] = { "uid", NULL }, **uids = NULL, **grown, *dn;
	size_t n = 0, cap = 0;
	LDAPMessage *res = NULL, *e;
	struct berval **vals;
	int rc;

	rc = ldap_search_ext_s(dir_ld, base_dn, LDAP_SCOPE_SUBTREE, filter, attrs,
	    0, NULL, NULL, NULL, SEARCH_MAX_ENTRIES, &res);
	if (rc != LDAP_SUCCESS) {
		ldap_msgfree(res);
		return gone(rc) ? -2 : -1;
	}
	for (e = ldap_first_entry(dir_ld, res); e != NULL;
	    e = ldap_next_entry(dir_ld, e)) {
		dn = ldap_get_dn(dir_ld, e);
		if (dn != NULL && skip_dn != NULL && strcasecmp(dn, skip_dn) == 0) {
			ldap_memfree(dn);
			continue;
		}
		ldap_memfree(dn);
		vals = ldap_get_values_len(dir_ld, e, "uid");
		if (vals != NULL && vals[0] != NULL && vals[0]->bv_len <= 64) {
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				grown = realloc(uids, cap * sizeof(*uids));
				if (grown == NULL)
					rc = -1;
				else
					uids = grown;
			}
			if (rc == 0 && (uids[n] = strndup(vals[0]->bv_val,
			    vals[0]->bv_len)) != NULL)
				n++;
			else
				rc = -1;
		}
		ldap_value_free_len(vals);
		if (rc != 0)
			break;
	}
	ldap_msgfree(res);
	if (rc != 0) {
		while (n > 0)
			free(uids[--n]);
		free(uids);
		return -1;
	}
	if (n > 1)
		qsort(uids, n, sizeof(*uids), cmp_str);
	*uids_out = uids;
	*count = n;
	return 0;
}

static int search_once(const char *base_dn, const char *filter,
    const char *skip_dn, size_t offset, size_t max, struct kd_account *out,
    size_t *n, size_t *total)
{
	char **uids = NULL, *slice_filter = NULL, *esc;
	size_t count = 0, i, j, len, used, want;
	LDAPMessage *res = NULL, *e;
	struct kd_account a;
	int rc;

	*n = 0;
	*total = 0;
	rc = collect_uids(base_dn, filter, skip_dn, &uids, &count);
	if (rc != 0)
		return rc;
	*total = count;
	want = offset < count ? count - offset : 0;
	if (want > max)
		want = max;
	if (want == 0)
		goto done;
	/* The page's entries in one search: (|(uid=a)(uid=b)...). */
	len = 8;
	for (i = 0; i < want; i++)
		len += 8 + 3 * strlen(uids[offset + i]);
	slice_filter = malloc(len);
	if (slice_filter == NULL) {
		rc = -1;
		goto done;
	}
	used = (size_t)snprintf(slice_filter, len, "(|");
	for (i = 0; i < want && rc == 0; i++) {
		esc = escape_value(uids[offset + i]);
		if (esc == NULL || used + strlen(esc) + 8 > len)
			rc = -1;
		else
			used += (size_t)snprintf(slice_filter + used, len - used,
			    "(uid=%s)", esc);
		free(esc);
	}
	if (rc != 0)
		goto done;
	snprintf(slice_filter + used, len - used, ")");
	rc = ldap_search_ext_s(dir_ld, base_dn, LDAP_SCOPE_SUBTREE, slice_filter,
	    account_attrs, 0, NULL, NULL, NULL, (int)want + 1, &res);
	if (rc != LDAP_SUCCESS) {
		rc = gone(rc) ? -2 : -1;
		goto done;
	}
	/* Back into the sorted order. */
	for (e = ldap_first_entry(dir_ld, res); e != NULL;
	    e = ldap_next_entry(dir_ld, e)) {
		if (fill_account(dir_ld, e, &a) != 0)
			continue;
		for (j = 0; j < want; j++)
			if (strcmp(uids[offset + j], a.uid) == 0) {
				out[j] = a;
				break;
			}
	}
	/* An entry deleted between the two searches leaves a hole. */
	for (i = 0, j = 0; i < want; i++)
		if (out[i].uid[0] != '\0')
			out[j++] = out[i];
	*n = j;
done:
	ldap_msgfree(res);
	free(slice_filter);
	for (i = 0; i < count; i++)
		free(uids[i]);
	free(uids);
	return rc;
}

int kd_dir_search_accounts(const char *base_dn, const char *query,
    const char *skip_dn, size_t offset, size_t max, struct kd_account *out,
    size_t *n, size_t *total)
{
	char *esc = NULL, *filter;
	size_t len, i;
	int rc;

	*n = 0;
	*total = 0;
	for (i = 0; i < max; i++)
		out[i].uid[0] = '\0';
	if (query != NULL && query[0] != '\0') {
		if ((esc = escape_value(query)) == NULL)
			return -1;
		len = 2 * strlen(esc) + 64;
		filter = malloc(len);
		if (filter != NULL)
			snprintf(filter, len,
			    "(&(objectClass=kdAccount)(|(uid=*%s*)(cn=*%s*)))", esc, esc);
		free(esc);
	} else {
		filter = strdup("(objectClass=kdAccount)");
	}
	if (filter == NULL || dir_ready() != 0) {
		free(filter);
		return -1;
	}
	rc = search_once(base_dn, filter, skip_dn, offset, max, out, n, total);
	if (rc == -2 && kd_dir_open() == 0) {
		for (i = 0; i < max; i++)
			out[i].uid[0] = '\0';
		rc = search_once(base_dn, filter, skip_dn, offset, max, out, n, total);
	}
	free(filter);
	return rc == 0 ? 0 : -1;
}
