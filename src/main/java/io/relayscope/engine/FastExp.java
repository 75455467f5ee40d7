package io.relayscope.engine;

/**
 * e^z in float arithmetic only (a degree-6 Taylor polynomial of e^(z/64) about -0.3125, squared six times),
 * written so that HotSpot's C2 turns the loops over a vocabulary into SIMD code: {@code Math.exp} costs ~10 ns a
 * call, and 151,936 of them take longer than a small model's forward. Relative error below 2e-5 for z in
 * [-40, 0], the only arguments it gets (z = logit - max; SamplerDistributionTest measures it). Every caller, scalar or in a loop, gets bitwise the same value for the
 * same z (Java float arithmetic is strict), so a token's weight does not depend on the code path.
 */
final class FastExp {
    /** Arguments below this are taken as FLOOR: e^-40 (4e-18) at most, negligible next to the top term 1. */
    static final float FLOOR = -40f;
    private static final float C = -0.3125f;
    private static final float EC = (float) Math.exp(C);
    /** Scales the result so that e^0 is exactly 1 (the top token's term; a softmax sum is then never below 1). */
    private static final float UNIT = unit();

    private FastExp() {
    }

    private static float unit() {
        float raw = raw(0f);
        float k = 1f / raw;
        for (int i = 0; i < 8 && raw * k != 1f; i++) {
            k = raw * k > 1f ? Math.nextDown(k) : Math.nextUp(k);
        }
        return k;
    }

    /** e^max(z, FLOOR); -infinity gives e^FLOOR, not 0 (see {@link #exp}). */
    static float expFloored(float z) {
        return raw(z) * UNIT;
    }

    private static float raw(float z) {
        float d = Math.max(z, FLOOR) * (1f / 64) - C;
        float p = EC + d * (EC + d * (EC / 2 + d * (EC / 6 + d * (EC / 24 + d * (EC / 120 + d * (EC / 720))))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p;
    }

    /** e^z, and 0 exactly for z <= FLOOR - 1 (-infinity, a banned token, included); it fades to 0 in between. */
    static float exp(float z) {
        return expFloored(z) * Math.min(Math.max(z - FLOOR + 1f, 0f), 1f);
    }

    /** The sampling weight of a token at temperature 1 / invT: e^((logit - max) * invT). */
    static float weight(float logit, float max, float invT) {
        return exp((logit - max) * invT);
    }

    /** The softmax term of a token: e^max(z, FLOOR) with z = logit - max (what Distribution sums). */
    static float term(float logit, float max) {
        return expFloored(logit - max);
    }
}
