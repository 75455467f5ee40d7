package io.relayscope.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * The weight variants an export may hold, most precise first: the file-name suffix each uses
 * ({@code model_q4.onnx}, {@code decoder_model_merged_quantized.onnx}) and the name the user picks it by
 * ({@code --slm-variant q4}). The names are those transformers.js uses as {@code dtype} ({@code q8} is an alias of
 * {@code quantized}).
 */
public enum Precision {
    FP32("fp32", "", "32-bit float weights"),
    FP16("fp16", "_fp16", "16-bit float weights and cache"),
    QUANTIZED("quantized", "_quantized", "8-bit dynamic quantisation (q8)"),
    INT8("int8", "_int8", "8-bit signed dynamic quantisation"),
    UINT8("uint8", "_uint8", "8-bit unsigned dynamic quantisation"),
    Q4("q4", "_q4", "4-bit MatMulNBits weights, fp32 activations"),
    Q4F16("q4f16", "_q4f16", "4-bit MatMulNBits weights, fp16 activations"),
    BNB4("bnb4", "_bnb4", "4-bit MatMulBnb4 weights"),
    Q2("q2", "_q2", "2-bit weights"),
    Q1("q1", "_q1", "1-bit weights");

    private final String key;
    private final String suffix;
    private final String description;

    Precision(String key, String suffix, String description) {
        this.key = key;
        this.suffix = suffix;
        this.description = description;
    }

    /** The name the user picks the variant by. */
    public String key() {
        return key;
    }

    /** What goes between the file's stem and ".onnx". */
    String suffix() {
        return suffix;
    }

    public String description() {
        return description;
    }

    /** The variant of a graph file named stem + suffix + ".onnx"; empty when the name has no known suffix. */
    static Optional<Precision> ofFile(String fileName, String stem) {
        if (!fileName.startsWith(stem) || !fileName.endsWith(".onnx")) {
            return Optional.empty();
        }
        String middle = fileName.substring(stem.length(), fileName.length() - ".onnx".length());
        for (Precision p : values()) {
            if (p.suffix.equals(middle)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The precision a user typed ("q4", "Q8", "fp16"); empty when unknown. */
    static Optional<Precision> parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if ("q8".equals(n)) {
            return Optional.of(QUANTIZED);
        }
        for (Precision p : values()) {
            if (p.key.equals(n)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
