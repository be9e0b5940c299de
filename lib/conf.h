/*
 * conf.h - the one place configuration comes from.
 *
 * A plain "key = value" file (comments start with '#'), written by
 * scripts/stack at first start into var/kiemdich.conf.  Every program and
 * tool reads it once at start-up; nothing reads the environment for
 * settings except the path of this file (KD_CONF).
 */
#ifndef KD_CONF_H
#define KD_CONF_H

/* Loads the file; on error prints why to stderr and returns -1. */
int kd_conf_load(const char *path);

/* The value of key, or NULL when the file did not set it. */
const char *kd_conf_get(const char *key);

/* The value of key, or fallback. */
const char *kd_conf_str(const char *key, const char *fallback);

/* The value of key as a number, or fallback when unset or not a number. */
long kd_conf_long(const char *key, long fallback);

/* The path of the config file: KD_CONF from the environment, else
 * "var/kiemdich.conf". */
const char *kd_conf_default_path(void);

#endif
