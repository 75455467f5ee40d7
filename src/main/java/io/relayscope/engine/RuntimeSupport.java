package io.relayscope.engine;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the ONNX Runtime RelayScope ships cannot run, told before a session is made, as one line naming the variant
 * and the fix: MatMulNBits weights of other widths than 4 and 8 bits (the q2 / q1 variants of transformers.js
 * repositories; ONNX Runtime 1.23's CPU kernel refuses them at initialisation).
 */
final class RuntimeSupport {
    /** The MatMulNBits widths the CPU kernel of ONNX Runtime 1.23 runs. */
    static final Set<Long> NBITS_ON_CPU = Set.of(4L, 8L);

    private RuntimeSupport() {
    }

    static void requireRunnable(String ortVersion, ModelFolder folder, OnnxGraphFacts facts) {
        Set<Long> unsupported = new TreeSet<>(facts.nBitsWidths());
        unsupported.removeAll(NBITS_ON_CPU);
        if (unsupported.isEmpty()) {
            return;
        }
        String widths = unsupported.stream().map(b -> b + "-bit").collect(Collectors.joining(" and "));
        String others = folder.variants().stream().filter(v -> !v.equals(folder.variant()))
                .map(ModelVariant::name).collect(Collectors.joining(", "));
        String fix = others.isEmpty()
                ? "download a q4 or fp32 variant of the model (onnx/model_q4.onnx or onnx/model.onnx)"
                : "choose another variant (--slm-variant / --llm-variant, or the app's variant list): this folder also holds " + others;
        throw new UserFacingException(String.format(Locale.ROOT, "%s: the %s variant uses %s MatMulNBits weights, which "
                + "ONNX Runtime %s (the runtime RelayScope ships) does not run on the CPU (it runs 4- and 8-bit); %s",
                folder.modelFile(), folder.variant().name(), widths, ortVersion, fix));
    }
}
