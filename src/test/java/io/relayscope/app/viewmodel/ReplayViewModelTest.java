package io.relayscope.app.viewmodel;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay for a classroom on the recorded sample sessions: playing skips the prompt, stops just before each call's
 * LLM tokens with a caption saying who asked for how many tokens and why, and goes on with Play.
 */
class ReplayViewModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"model-command", "confidence", "random-token"})
    void playingStopsBeforeEachCallWithItsCaption(String sample) throws Exception {
        Path file = Path.of("sample-sessions", sample + ".json");
        assertThat(file).as("sample session").isRegularFile();
        Trace trace = TraceCodec.read(file);
        List<CallRecord> calls = trace.calls();
        assertThat(calls).as(sample + " has calls to stop at").isNotEmpty();
        SessionViewModel session = new SessionViewModel(() -> false);
        session.load(trace);
        ReplayViewModel replay = session.replay();
        replay.speedProperty().set(10_000);
        replay.toStart();
        assertThat(replay.captionProperty().get()).isEmpty();

        replay.play();
        int prompt = (int) trace.tokens().stream().filter(t -> t.source() == Source.PROMPT).count();
        assertThat(replay.positionProperty().get()).as("the prompt is skipped").isEqualTo(prompt);
        long now = 0;
        for (CallRecord c : calls) {
            assertThat(replay.playingProperty().get()).isTrue();
            now = tickUntilPaused(replay, now);
            assertThat(replay.positionProperty().get()).as("stopped before call " + c.number()).isEqualTo(c.position());
            assertThat(session.shownTokens()).isEqualTo(c.position());
            assertThat(session.tokens().lines().get(session.tokens().lines().size() - 1).end()).isEqualTo(c.position());
            String caption = replay.captionProperty().get();
            assertThat(caption).startsWith("Call " + c.number() + " of " + calls.size() + ": ")
                    .contains("for " + c.requested() + (c.requested() == 1 ? " token" : " tokens"));
            if ("command".equals(c.reason())) {
                TokenRecord command = firstCommandToken(trace, c);
                double top = Math.max(command.probability(),
                        command.alternatives().stream().mapToDouble(a -> a.probability()).max().orElse(0));
                assertThat(caption).contains("the SLM asks the LLM").contains("<call>" + c.requested() + "</call>")
                        .contains(String.format(Locale.ROOT, "its top probability there was %.2f", top));
            } else {
                assertThat(caption).contains("the " + c.reason().substring(0, c.reason().indexOf(':')) + " policy calls the LLM")
                        .contains(c.reason().substring(c.reason().indexOf(": ") + 2));
            }
            if (c.llmCatchUp() > 0) {
                assertThat(caption).contains("first reads the " + c.llmCatchUp() + " tokens it has not seen");
            }
            replay.stepForward();
            assertThat(replay.captionProperty().get()).as("the caption belongs to its stop").isEmpty();
            replay.stepBack();
            assertThat(replay.captionProperty().get()).isEqualTo(caption);
            replay.play();
        }
        tickUntilPaused(replay, now);
        assertThat(replay.positionProperty().get()).isEqualTo(trace.tokens().size());
        assertThat(replay.captionProperty().get()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"confidence"})
    void withoutPauseAtCallsItPlaysThroughAndNextCallJumpsFromStopToStop(String sample) throws Exception {
        Trace trace = TraceCodec.read(Path.of("sample-sessions", sample + ".json"));
        SessionViewModel session = new SessionViewModel(() -> false);
        session.load(trace);
        ReplayViewModel replay = session.replay();
        replay.pauseAtCallsProperty().set(false);
        replay.speedProperty().set(10_000);
        replay.toStart();
        replay.play();
        tickUntilPaused(replay, 0);
        assertThat(replay.positionProperty().get()).isEqualTo(trace.tokens().size());

        replay.toStart();
        for (CallRecord c : trace.calls()) {
            replay.nextCall();
            assertThat(replay.positionProperty().get()).isEqualTo(c.position());
            assertThat(replay.captionProperty().get()).startsWith("Call " + c.number() + " of ");
        }
        replay.nextCall();
        assertThat(replay.positionProperty().get()).isEqualTo(trace.tokens().size());
    }

    private static TokenRecord firstCommandToken(Trace trace, CallRecord c) {
        int i = c.position() - 1;
        while (i > 0 && trace.tokens().get(i - 1).source() == Source.COMMAND) {
            i--;
        }
        assertThat(trace.tokens().get(i).source()).isEqualTo(Source.COMMAND);
        return trace.tokens().get(i);
    }

    /** Drives the frame clock (10 ms frames) until playing stops; returns the clock. */
    private static long tickUntilPaused(ReplayViewModel replay, long now) {
        for (int i = 0; i < 100_000 && replay.playingProperty().get(); i++) {
            now += 10_000_000L;
            replay.tick(now);
        }
        assertThat(replay.playingProperty().get()).as("paused").isFalse();
        return now;
    }
}
