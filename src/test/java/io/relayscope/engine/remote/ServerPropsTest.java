package io.relayscope.engine.remote;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.PromptStyle;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RemoteCausalLm;
import io.relayscope.engine.ServerTexts;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A remote model on a llama.cpp server without a tokenizer folder takes its chat template and sampling defaults from
 * the server's {@code /props} (a loopback server answering /props and /v1/models as llama.cpp does, in front of a real
 * {@code relayscope serve}): the run's prompt is that template's render, the trace's promptSpec names "props", and
 * the tokens are those of a local run fed the same prompt text; a template that does not parse is a one-line error.
 */
class ServerPropsTest {
    static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"tiny-slm\",\"object\":\"model\",\"owned_by\":\"llamacpp\"}]}";
    static final String PROPS = "{\"default_generation_settings\":{\"id\":0,\"n_ctx\":4096,\"params\":{\"n_predict\":-1,"
            + "\"temperature\":0.7,\"top_k\":20,\"top_p\":0.9,\"min_p\":0.0,\"repeat_penalty\":1.0,\"seed\":-1}},"
            + "\"total_slots\":1,\"model_path\":\"tiny-slm.gguf\",\"chat_template\":"
            + "\"{{ bos_token }}Q: {{ messages[-1]['content'] }} (think)\\nA:\",\"bos_token\":\"\","
            + "\"eos_token\":\"<|endoftext|>\",\"build_info\":\"b6000\"}";

    @Test
    void aLlamaCppSlmWithoutATokenizerFolderTakesTheServersTemplateAndDefaults() throws Exception {
        String question = "Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?";
        try (CausalLm slm = OnnxCausalLm.open(DemoModels.defaultSlm()); CausalLm llm = OnnxCausalLm.open(DemoModels.llm());
             CompletionServer serve = CompletionServer.start(slm, ServeConfig.loopback(0, "tiny-slm"));
             FaultProxy llamaCpp = new FaultProxy(serve.baseUri()).answering("/v1/models", MODELS).answering("/props", PROPS)) {
            RemoteEndpoint endpoint = RemoteEndpoint.of(llamaCpp.uri().toString(), "", RemoteApi.OPENAI, Optional.empty(),
                    false).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20), 1, Duration.ofMillis(20));
            RemoteCausalLm remote = RemoteCausalLm.connect(endpoint, llm, "SLM");
            assertThat(remote.client().kind()).isEqualTo(ServerKind.LLAMACPP);
            String props = llamaCpp.uri().toString().replace("/v1", "") + "/props";
            assertThat(remote.serverTemplateSource()).contains(props);
            assertThat(remote.serverDefaults()).isTrue();
            assertThat(remote.generationDefaults().sampling()).isEqualTo(new SamplingSpec(0.7, 20, 0.9).withMinP(0.0));
            assertThat(remote.textsSource()).contains("the server's " + props + " (chat template, sampling defaults)");
            RelayRequest request = new RelayRequest(question, new PolicySpec("model-command", Map.of()), SamplingSpec.GREEDY,
                    SamplingSpec.GREEDY, 0, new Limits(80, 4, false));
            Trace t = new RelayEngine(ModelPair.of(remote, llm)).run(request);
            assertThat(t.summary().error()).isNull();
            String rendered = "Q: " + question + " (think)\nA:";
            assertThat(t.header().promptText()).isEqualTo(rendered);
            assertThat(t.header().promptSpec().format()).isEqualTo("chat-template");
            assertThat(t.header().promptSpec().template()).isEqualTo(ServerTexts.PROPS);
            // the same prompt text fed as typed to the local pair gives the same tokens
            Trace local = new RelayEngine(ModelPair.of(slm, llm)).run(new RelayRequest(rendered, request.policy(),
                    SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, request.limits(), PromptStyle.RAW));
            assertThat(t.tokens().stream().map(TokenRecord::text).toList())
                    .isEqualTo(local.tokens().stream().map(TokenRecord::text).toList());
            assertThat(t.tokens().stream().map(TokenRecord::source).toList())
                    .isEqualTo(local.tokens().stream().map(TokenRecord::source).toList());
        }
    }

    @Test
    void aTemplateThatDoesNotParseIsOneLineNamingTheServer() throws Exception {
        try (CausalLm slm = OnnxCausalLm.open(DemoModels.defaultSlm());
             CompletionServer serve = CompletionServer.start(slm, ServeConfig.loopback(0, "tiny-slm"));
             FaultProxy llamaCpp = new FaultProxy(serve.baseUri()).answering("/v1/models", MODELS)
                     .answering("/props", "{\"chat_template\":\"{% for m in messages %}{{ m.content }\"}")) {
            RemoteEndpoint endpoint = RemoteEndpoint.of(llamaCpp.uri().toString(), "", RemoteApi.OPENAI, Optional.empty(), false);
            assertThatThrownBy(() -> RemoteCausalLm.connect(endpoint, slm, "SLM"))
                    .hasMessageContaining("/props: the chat template the server gives does not parse")
                    .hasMessageContaining("--*-tokenizer DIR").hasMessageNotContaining("\n");
        }
    }
}
