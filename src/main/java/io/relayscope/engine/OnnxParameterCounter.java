package io.relayscope.engine;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts a model's parameters from the ONNX initializers (ModelProto.graph.initializer[].dims) with a minimal
 * streaming protobuf reader that skips the weight bytes.
 */
final class OnnxParameterCounter {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1;

    private OnnxParameterCounter() {
    }

    static long count(Path onnx) throws IOException {
        try (CountingInput in = new CountingInput(new BufferedInputStream(Files.newInputStream(onnx), 1 << 16))) {
            long total = 0;
            while (true) {
                long key = in.varintOrEnd();
                if (key < 0) {
                    return total;
                }
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                if (field == MODEL_GRAPH && wire == 2) {
                    total += graph(in, in.position() + in.varint());
                } else {
                    in.skipField(wire);
                }
            }
        }
    }

    private static long graph(CountingInput in, long end) throws IOException {
        long total = 0;
        while (in.position() < end) {
            long key = in.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == GRAPH_INITIALIZER && wire == 2) {
                total += tensor(in, in.position() + in.varint());
            } else {
                in.skipField(wire);
            }
        }
        return total;
    }

    private static long tensor(CountingInput in, long end) throws IOException {
        long elements = 1;
        while (in.position() < end) {
            long key = in.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == TENSOR_DIMS && wire == 0) {
                elements *= in.varint();
            } else if (field == TENSOR_DIMS && wire == 2) {
                long stop = in.position() + in.varint();
                while (in.position() < stop) {
                    elements *= in.varint();
                }
            } else {
                in.skipField(wire);
            }
        }
        return elements;
    }

    /** An input stream that knows its offset and reads protobuf varints. */
    private static final class CountingInput implements AutoCloseable {
        private final InputStream in;
        private long pos;

        CountingInput(InputStream in) {
            this.in = in;
        }

        long position() {
            return pos;
        }

        long varintOrEnd() throws IOException {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            pos++;
            return continueVarint(b);
        }

        long varint() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("truncated ONNX file");
            }
            pos++;
            return continueVarint(b);
        }

        private long continueVarint(int first) throws IOException {
            long result = first & 0x7F;
            int shift = 7;
            int b = first;
            while ((b & 0x80) != 0) {
                b = in.read();
                if (b < 0) {
                    throw new EOFException("truncated ONNX file");
                }
                pos++;
                result |= (long) (b & 0x7F) << shift;
                shift += 7;
            }
            return result;
        }

        void skipField(int wire) throws IOException {
            switch (wire) {
                case 0 -> varint();
                case 1 -> skip(8);
                case 2 -> skip(varint());
                case 5 -> skip(4);
                default -> throw new IOException("unsupported protobuf wire type " + wire);
            }
        }

        private void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("truncated ONNX file");
                    }
                    s = 1;
                }
                left -= s;
            }
            pos += n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
