package io.relayscope.app;

import io.relayscope.app.service.TraceFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Saved traces get the extension the installed app is registered for; older names still give the right base name. */
class TraceFileNamesTest {

    @Test
    void baseNameDropsTheTraceExtensions() {
        assertThat(TraceFiles.EXTENSION).isEqualTo(".relay.json");
        assertThat(TraceFiles.baseName("run.relay.json")).isEqualTo("run");
        assertThat(TraceFiles.baseName("run.json")).isEqualTo("run");
        assertThat(TraceFiles.baseName("run")).isEqualTo("run");
    }
}
