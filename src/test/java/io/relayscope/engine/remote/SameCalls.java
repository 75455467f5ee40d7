package io.relayscope.engine.remote;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Trace;

import static org.assertj.core.api.Assertions.assertThat;

/** A remote run's calls, finish and LLM token ratio are the local run's (the remote-model tests' shared check). */
final class SameCalls {
    private SameCalls() {
    }

    static void assertSameCalls(Trace remote, Trace local) {
        assertThat(remote.calls()).hasSameSizeAs(local.calls());
        for (int i = 0; i < local.calls().size(); i++) {
            CallRecord r = remote.calls().get(i);
            CallRecord l = local.calls().get(i);
            assertThat(new int[] {r.position(), r.requested(), r.delivered(), r.llmCatchUp(), r.slmCatchUp()})
                    .as("call %d", i)
                    .containsExactly(l.position(), l.requested(), l.delivered(), l.llmCatchUp(), l.slmCatchUp());
        }
        assertThat(remote.summary().finishReason()).isEqualTo(local.summary().finishReason());
        assertThat(remote.summary().llmTokenRatio()).isEqualTo(local.summary().llmTokenRatio());
    }
}
