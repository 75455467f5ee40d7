package io.relayscope.serve;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.ForwardStats;
import io.relayscope.engine.KvSequence;
import io.relayscope.engine.ModelInfo;
import io.relayscope.engine.TextTokenizer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrency bounds: one running, one queued, the third gets 429 with Retry-After; the queued one then runs. */
class AdmissionTest {

    /** The real tiny-llm whose forwards wait at a gate, so that a request is surely still running. */
    private static final class GatedLm implements CausalLm {
        private final CausalLm inner;
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        GatedLm(CausalLm inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Path folder() {
            return inner.folder();
        }

        @Override
        public TextTokenizer tokenizer() {
            return inner.tokenizer();
        }

        @Override
        public ModelInfo info() {
            return inner.info();
        }

        @Override
        public int[] eosIds() {
            return inner.eosIds();
        }

        @Override
        public String promptTemplate() {
            return inner.promptTemplate();
        }

        @Override
        public KvSequence newSequence() {
            KvSequence seq = inner.newSequence();
            return new KvSequence() {
                @Override
                public float[] append(int[] tokens) {
                    entered.countDown();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return seq.append(tokens);
                }

                @Override
                public int length() {
                    return seq.length();
                }

                @Override
                public ForwardStats stats() {
                    return seq.stats();
                }

                @Override
                public void close() {
                    seq.close();
                }
            };
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() throws Exception {
        try (GatedLm lm = new GatedLm(CompletionServerTest.open());
             CompletionServer s = CompletionServer.start(lm, ServeConfig.loopback(0, "tiny-llm")
                     .withBounds(1 << 20, 100, 10, 1, 1))) {
            URI b = s.baseUri();
            String body = "{\"prompt\":\"Q: 1 + 2?\\nA:\",\"max_tokens\":3,\"temperature\":0}";
            CompletableFuture<Http.Answer> running = CompletableFuture.supplyAsync(() -> post(b, body));
            assertThat(lm.entered.await(20, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Http.Answer> queued = CompletableFuture.supplyAsync(() -> post(b, body));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (s.admitted() < 2 && System.nanoTime() < deadline) { // until the second one waits in the queue
                Thread.sleep(10);
            }
            assertThat(s.admitted()).isEqualTo(2);
            Http.Answer busy = post(b, body);
            assertThat(busy.status()).isEqualTo(429);
            assertThat(busy).isNotNull();
            assertThat(busy.response().headers().firstValue("Retry-After")).contains("1");
            assertThat(busy.json().path("error").path("type").asText()).isEqualTo("rate_limit_error");
            lm.gate.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(queued.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(s.stats().rejected()).isGreaterThanOrEqualTo(1);
        }
    }

    private static Http.Answer post(URI b, String body) {
        try {
            return Http.post(b, "/v1/completions", body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
