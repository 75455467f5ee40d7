package io.relayscope.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code relayscope serve} as a user starts it: a child process on a free port, answering until SIGTERM; refusals. */
class ServeCommandTest {

    @BeforeAll
    static void models() {
        Cli.requireDemoModels();
    }

    @Test
    void serveAnswersOnLoopbackUntilTerminated() throws Exception {
        try (ChildCli child = ChildCli.cli("256m", "serve", "--port", "0", "--name", "lab-llm")) {
            long end = System.nanoTime() + 60_000_000_000L;
            Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)/v1").matcher("");
            boolean found = false;
            while (!found && System.nanoTime() < end && child.process().isAlive()) {
                Thread.sleep(20);
                m = m.reset(child.out());
                found = m.find();
            }
            assertThat(found).as(child.err()).isTrue();
            URI models = URI.create(m.group(1) + "/v1/models");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(models).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"id\":\"lab-llm\"").contains("\"owned_by\":\"relayscope\"");
            child.signal("TERM");
            child.waitFor(30);
        }
    }

    @Test
    void aPublicAddressWithoutKeyAndAMissingKeyVariableAreOneLineErrors() {
        Cli.Result open = Cli.run("serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(open.code()).isEqualTo(Main.USER_ERROR);
        assertThat(open.err().strip()).startsWith("relayscope: --host 0.0.0.0 is reachable from other machines")
                .contains("--api-key-env").doesNotContain("\n");
        Cli.Result unset = Cli.run("serve", "--api-key-env", "RELAYSCOPE_TEST_NO_SUCH_VARIABLE");
        assertThat(unset.code()).isEqualTo(Main.USER_ERROR);
        assertThat(unset.err()).contains("environment variable RELAYSCOPE_TEST_NO_SUCH_VARIABLE is not set");
        Cli.Result port = Cli.run("serve", "--port", "70000");
        assertThat(port.code()).isEqualTo(Main.USAGE);
        assertThat(port.err()).contains("--port");
    }
}
