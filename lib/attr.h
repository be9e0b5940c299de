/*
 * attr.h - compiler attributes the library uses.
 *
 * KD_MUST_USE marks a function whose result says whether something that
 * matters happened (a write, an audit row, a check): gcc then refuses to
 * build a caller that drops it (-Werror), and `make lint` (clang-tidy's
 * bugprone-unused-return-value, .clang-tidy) says the same.  A cast to
 * void does not silence it: the caller must act on the result.
 */
#ifndef KD_ATTR_H
#define KD_ATTR_H

#define KD_MUST_USE __attribute__((warn_unused_result))

#endif
