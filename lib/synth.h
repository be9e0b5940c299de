/*
 * synth.h - the invented population's dice and map, shared by the tools
 * that make synthetic data (kd-registry-gen, kd-national-gen).
 *
 * The generator is our own (xoshiro256**), never rand(), so the same seed
 * gives the same bytes on any machine.  It is not for secrets.
 */
#ifndef KD_SYNTH_H
#define KD_SYNTH_H

#include <stddef.h>
#include <stdint.h>

struct kd_rng {
	uint64_t s[4];
};

uint64_t kd_splitmix64(uint64_t *x);
void kd_rng_seed(struct kd_rng *r, uint64_t seed);
uint64_t kd_rng_next(struct kd_rng *r);
/* Uniform in [0, n). */
uint64_t kd_rng_below(struct kd_rng *r, uint64_t n);
/* An index drawn by weight: cum[i] is the sum of the weights of 0..i
 * (cum[n - 1] > 0). */
size_t kd_rng_pick(struct kd_rng *r, const uint64_t *cum, size_t n);

/* Where people live: every commune and the island districts without
 * communes, each weighted by its share of its province's population
 * (data/province_population.csv, the 2019 census), communes of one
 * province alike. */
struct kd_home {
	char code[6];
	int province;           /* 2-digit code as a number */
};

struct kd_homes {
	struct kd_home *home;
	uint64_t *cum;          /* cumulative weights, for kd_rng_pick */
	size_t n;
};

/* Reads DIR/admin_units.csv and DIR/province_population.csv.  0, or -1
 * after telling stderr why (prefixed by prog). */
int kd_homes_load(const char *dir, struct kd_homes *homes, const char *prog);
void kd_homes_free(struct kd_homes *homes);

static inline const struct kd_home *kd_homes_draw(const struct kd_homes *h,
    struct kd_rng *r)
{
	return &h->home[kd_rng_pick(r, h->cum, h->n)];
}

#endif
