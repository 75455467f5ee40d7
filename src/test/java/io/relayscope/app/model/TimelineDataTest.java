package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Source runs and call lookup of the timeline. */
class TimelineDataTest {

    @Test
    void runsMergeConsecutiveSourcesAndCallsAreFoundByPosition() {
        TimelineData d = new TimelineData();
        for (Source s : new Source[]{Source.PROMPT, Source.PROMPT, Source.SLM, Source.COMMAND, Source.LLM, Source.LLM, Source.SLM}) {
            d.addToken(s);
        }
        d.addCall(new CallRecord(1, 4, 4, 2, 4, 2, 10, "command"));
        assertThat(d.runs()).containsExactly(new SourceRun(Source.PROMPT, 0, 2), new SourceRun(Source.SLM, 2, 3),
                new SourceRun(Source.COMMAND, 3, 4), new SourceRun(Source.LLM, 4, 6), new SourceRun(Source.SLM, 6, 7));
        assertThat(d.sourceAt(5)).isEqualTo(Source.LLM);
        assertThat(d.firstRunEndingAfter(4.5)).isEqualTo(3);
        assertThat(d.callAt(7.5)).isNotNull();
        assertThat(d.callAt(8)).isNull();
        assertThat(d.callAt(3)).isNull();
    }
}
