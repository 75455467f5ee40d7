package io.relayscope.engine;

import io.relayscope.engine.realshape.RealShapeFixtures;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A legacy Optimum split export without the merged graph: decoder_with_past_model.onnx alone runs (the first pass
 * on a zero-length past) and decodes exactly what the current Optimum export of the same weights does; a folder with
 * only the no-cache decoder_model.onnx is a one-line error naming the missing file and the fix.
 */
class LegacySplitExportTest {
    @TempDir
    Path tmp;

    @Test
    void decoderWithPastAloneRunsLikeTheCurrentExport() {
        Path split = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_SPLIT);
        assertThat(ModelFolder.open(split).layout()).isEqualTo(ModelLayout.OPTIMUM_SPLIT);
        assertThat(split.resolve("decoder_model_merged.onnx")).doesNotExist();
        RelayRequest request = new RelayRequest("Hello world, how are you?", new PolicySpec("slm-only", Map.of()),
                SamplingSpec.GREEDY, SamplingSpec.GREEDY, 0, new Limits(12, 4, true));
        Trace viaSplit;
        try (ModelPair pair = ModelPair.open(split, split)) {
            viaSplit = new RelayEngine(pair).run(request);
        }
        Trace viaCurrent;
        Path current = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM);
        try (ModelPair pair = ModelPair.open(current, current)) {
            viaCurrent = new RelayEngine(pair).run(request);
        }
        assertThat(viaSplit.summary().error()).isNull();
        assertThat(viaSplit.summary().responseTokens()).isEqualTo(12);
        assertThat(viaSplit.tokens().stream().filter(t -> t.source() != Source.PROMPT).map(TokenRecord::id))
                .containsExactlyElementsOf(viaCurrent.tokens().stream().filter(t -> t.source() != Source.PROMPT)
                        .map(TokenRecord::id).toList());
    }

    @Test
    void aNoCacheDecoderAloneIsAOneLineErrorNamingTheMissingFile() throws Exception {
        Path split = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_SPLIT);
        Path dir = Files.createDirectory(tmp.resolve("old-export"));
        Files.copy(split.resolve("decoder_with_past_model.onnx"), dir.resolve("decoder_model.onnx"));
        Files.copy(split.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> ModelFolder.open(dir)).isInstanceOf(UserFacingException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .contains("decoder_model.onnx is Optimum's decoder without a KV cache")
                        .contains("decoder_with_past_model.onnx (or decoder_model_merged.onnx) is missing")
                        .contains("optimum-cli export onnx --task text-generation-with-past"));
    }
}
