package io.relayscope.engine;

import java.util.Locale;

/**
 * The one-line error for a forward whose logits are no distribution (NaN, or +infinity): which model, at which of
 * its steps, what the row held, and what to do. The run stops there instead of drawing a token from garbage.
 */
final class BrokenLogits {
    private BrokenLogits() {
    }

    /** step: the model's forward (1 = the prompt's); position: the last token fed (0-based). */
    static UserFacingException of(String model, int step, int position, float[] logits) {
        int nan = 0;
        int inf = 0;
        for (float l : logits) {
            if (Float.isNaN(l)) {
                nan++;
            } else if (l == Float.POSITIVE_INFINITY) {
                inf++;
            }
        }
        String what = nan > 0 ? (nan == logits.length ? "all NaN" : String.format(Locale.ROOT, "NaN in %,d of %,d entries",
                nan, logits.length)) : String.format(Locale.ROOT, "+infinity in %,d of %,d entries", inf, logits.length);
        return new UserFacingException(String.format(Locale.ROOT, "%s: its logits at step %d (after position %d) are %s; "
                + "the forward broke down (a numeric overflow or damaged weights), so no token was drawn; re-download or "
                + "re-export the model, or pick a more precise variant (fp16 overflows where fp32 does not)",
                model, step, position, what));
    }
}
