package io.relayscope.engine;

import ai.onnxruntime.platform.Fp16Conversions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Copies the last row of a [1, rows, width] logits tensor (fp32 or fp16) into a float[vocab]. The row count is the
 * tensor's own: a graph fed num_logits_to_keep = 1 returns one row whatever the number of tokens fed.
 */
final class LogitRows {
    private LogitRows() {
    }

    /** The last row of an ONNX Runtime logits tensor. */
    static float[] lastOf(ai.onnxruntime.OnnxTensor logits, boolean half, int vocab) {
        long[] shape = logits.getInfo().getShape();
        int width = (int) shape[shape.length - 1];
        int rows = (int) (logits.getInfo().getNumElements() / width);
        return half ? lastOfHalves(logits.getByteBuffer(), rows, width, vocab)
                : lastOfFloats(logits.getFloatBuffer(), rows, width, vocab);
    }

    static float[] lastOfFloats(FloatBuffer floats, int rows, int width, int vocab) {
        float[] row = new float[vocab];
        floats.position((rows - 1) * width);
        floats.get(row, 0, Math.min(vocab, width));
        return padded(row, width);
    }

    /** fp16 logits from the tensor's raw bytes, widened to float. */
    static float[] lastOfHalves(ByteBuffer bytes, int rows, int width, int vocab) {
        ShortBuffer halves = bytes.order(ByteOrder.nativeOrder()).asShortBuffer();
        float[] row = new float[vocab];
        int offset = (rows - 1) * width;
        for (int i = 0; i < Math.min(vocab, width); i++) {
            row[i] = Fp16Conversions.fp16ToFloat(halves.get(offset + i));
        }
        return padded(row, width);
    }

    private static float[] padded(float[] row, int width) {
        if (width < row.length) {
            Arrays.fill(row, width, row.length, Float.NEGATIVE_INFINITY);
        }
        return row;
    }
}
