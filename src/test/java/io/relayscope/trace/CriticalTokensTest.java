package io.relayscope.trace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CriticalTokensTest {

    /** sources: P prompt, S/L scored (upper case critical, lower case agreeing), C command. */
    private static Trace trace(String sources, List<CallRecord> calls) {
        List<TokenRecord> tokens = new ArrayList<>();
        for (char ch : sources.toCharArray()) {
            Source s = switch (Character.toUpperCase(ch)) {
                case 'P' -> Source.PROMPT;
                case 'S' -> Source.SLM;
                case 'L' -> Source.LLM;
                default -> Source.COMMAND;
            };
            TokenRecord t = new TokenRecord(tokens.size(), 'x', "x", null, s, -0.1, 0.5, List.of(), 0);
            if (s == Source.SLM || s == Source.LLM) {
                t = t.withShadow(new ShadowScore(-0.1, 'x', -0.2, Character.isUpperCase(ch) ? 'y' : 'x'));
            }
            tokens.add(t);
        }
        return new Trace(null, tokens, calls, null);
    }

    private static CallRecord call(int position, int delivered) {
        return new CallRecord(1, position, delivered, delivered, 0, 0, 0, "test");
    }

    @Test
    void countsCriticalTokensCoveredOnesAndCallsSpentOnThem() {
        // positions: 0-1 prompt, 2 s, 3 S (critical, not covered), 4-5 L l (call 1 covers a critical one),
        // 6 s, 7-8 l l (call 2 covers none), 9 s
        Trace t = trace("PPsSLlsllsS", List.of(call(4, 2), call(7, 2)));
        CriticalTokens c = CriticalTokens.of(t);
        assertThat(c).isEqualTo(new CriticalTokens(9, 3, 1, 2, 1));
        assertThat(c.recall()).isEqualTo(1.0 / 3);
        assertThat(c.precision()).isEqualTo(0.5);
        assertThat(c.plus(c)).isEqualTo(new CriticalTokens(18, 6, 2, 4, 2));
    }

    @Test
    void aCallThatDeliveredNothingCountsAtItsPositionAndNothingScoredIsNaN() {
        assertThat(CriticalTokens.of(trace("PPsS", List.of(call(3, 0)))).atCritical()).isEqualTo(1);
        CriticalTokens none = CriticalTokens.of(trace("PPccc", List.of()));
        assertThat(none.scored()).isZero();
        assertThat(none.recall()).isNaN();
        assertThat(none.precision()).isNaN();
    }
}
