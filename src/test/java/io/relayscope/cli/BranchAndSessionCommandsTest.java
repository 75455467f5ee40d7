package io.relayscope.cli;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.BranchLink;
import io.relayscope.trace.Session;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code branch} grows a session's tree by a decoded branch; {@code eval --session} keeps every problem's run. */
class BranchAndSessionCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void branchDecodesFromAnAlternativeAndWritesTheSessionWithTheLink() throws Exception {
        Cli.requireDemoModels();
        Path root = tmp.resolve("root.json");
        assertThat(Cli.run("run", "--out", root.toString(), Cli.firstQuestion()).code()).isZero();
        Trace parent = TraceCodec.read(root);
        TokenRecord at = parent.tokens().stream().filter(t -> t.source() == Source.SLM
                && t.alternatives().stream().anyMatch(a -> a.id() != t.id())).findFirst().orElseThrow();
        int second = at.alternatives().stream().filter(a -> a.id() != at.id()).map(Alternative::id).findFirst().orElseThrow();
        Path tree = tmp.resolve("tree.json");
        Cli.Result r = Cli.run("branch", root.toString(), "--at", Integer.toString(at.index()), "--out", tree.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("run 1: branch of run 0 at token " + at.index());
        Session s = TraceCodec.readSession(tree);
        assertThat(s.runs()).hasSize(2);
        assertThat(s.branches()).containsExactly(new BranchLink(1, 0, at.index(), second,
                s.runs().get(1).tokens().get(at.index()).text()));
        assertThat(s.problem()).isNull();

        Cli.Result bad = Cli.run("branch", root.toString(), "--at", "0", "--out", tree.toString());
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("--alternative 1: token 0 records 0 other candidates; give --token ID");
    }

    @Test
    void evalSessionWritesEveryProblemsRunInOrder() throws Exception {
        Cli.requireDemoModels();
        Path file = tmp.resolve("batch.json");
        Cli.Result r = Cli.run("eval", "--limit", "3", "--no-progress", "--session", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Session s = TraceCodec.readSession(file);
        assertThat(s.runs()).hasSize(3);
        assertThat(s.runs()).extracting(t -> t.header().prompt()).doesNotHaveDuplicates();
        assertThat(r.out()).contains("session of 3 runs: " + file);
    }
}
