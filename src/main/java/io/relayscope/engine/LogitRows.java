package io.relayscope.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/** Copies the last row of a [1, n, width] logits tensor (fp32 or fp16) into a float[vocab]. */
final class LogitRows {
    private LogitRows() {
    }

    /** The last row of an ONNX Runtime logits tensor. */
    static float[] lastOf(ai.onnxruntime.OnnxTensor logits, boolean half, int n, int vocab) {
        long[] shape = logits.getInfo().getShape();
        int width = (int) shape[shape.length - 1];
        return half ? lastOfHalves(logits.getByteBuffer(), n, width, vocab)
                : lastOfFloats(logits.getFloatBuffer(), n, width, vocab);
    }

    static float[] lastOfFloats(FloatBuffer floats, int n, int width, int vocab) {
        float[] row = new float[vocab];
        floats.position((n - 1) * width);
        floats.get(row, 0, Math.min(vocab, width));
        return padded(row, width);
    }

    /** fp16 logits from the tensor's raw bytes. */
    static float[] lastOfHalves(ByteBuffer bytes, int n, int width, int vocab) {
        ShortBuffer halves = bytes.order(ByteOrder.nativeOrder()).asShortBuffer();
        float[] row = new float[vocab];
        int offset = (n - 1) * width;
        for (int i = 0; i < Math.min(vocab, width); i++) {
            row[i] = Half.toFloat(halves.get(offset + i));
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
