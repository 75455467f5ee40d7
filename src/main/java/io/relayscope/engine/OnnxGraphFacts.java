package io.relayscope.engine;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts read from an ONNX file with a minimal streaming protobuf reader that skips the weight bytes: the IR version,
 * the parameter count (initializer elements; a 4-bit MatMulNBits / MatMulBnb4 weight counts as its K x N
 * parameters, not its packed bytes), the external data files the initializers point to (in order of first use), and
 * the operator types used ("domain:op").
 */
record OnnxGraphFacts(long irVersion, long parameterCount, List<String> externalFiles, Set<String> opTypes,
                      Set<Long> nBitsWidths) {
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_INT = 3;
    private static final int ATTR_GRAPH = 6;
    private static final int ATTR_GRAPHS = 11;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;

    /** Reads the facts; an unreadable or truncated file is an IOException. */
    static OnnxGraphFacts read(Path onnx) throws IOException {
        try (Reader in = new Reader(new BufferedInputStream(Files.newInputStream(onnx), 1 << 16))) {
            Accumulator acc = new Accumulator();
            long ir = 0;
            while (true) {
                long key = in.varintOrEnd();
                if (key < 0) {
                    return new OnnxGraphFacts(ir, acc.parameters, List.copyOf(acc.external), Set.copyOf(acc.ops),
                            Set.copyOf(acc.bits));
                }
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                if (field == MODEL_IR_VERSION && wire == 0) {
                    ir = in.varint();
                } else if (field == MODEL_GRAPH && wire == 2) {
                    graph(in, in.position() + in.varint(), acc);
                } else {
                    in.skipField(wire);
                }
            }
        }
    }

    /** Sums over the whole file, subgraphs included. */
    private static final class Accumulator {
        long parameters;
        final Set<String> external = new LinkedHashSet<>();
        final Set<String> ops = new LinkedHashSet<>();
        /** The bits attribute of every MatMulNBits node (4 when absent, its default). */
        final Set<Long> bits = new LinkedHashSet<>();
    }

    /** A 4-bit matmul node: its weight, scale and zero-point inputs and its K x N shape. */
    private record PackedMatMul(List<String> inputs, long k, long n) {
    }

    private static void graph(Reader in, long end, Accumulator acc) throws IOException {
        Map<String, Long> initializers = new HashMap<>();
        List<PackedMatMul> packed = new ArrayList<>();
        while (in.position() < end) {
            long key = in.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == GRAPH_INITIALIZER && wire == 2) {
                tensor(in, in.position() + in.varint(), initializers, acc);
            } else if (field == GRAPH_NODE && wire == 2) {
                node(in, in.position() + in.varint(), packed, acc);
            } else {
                in.skipField(wire);
            }
        }
        long total = 0;
        for (long e : initializers.values()) {
            total += e;
        }
        for (PackedMatMul m : packed) {
            for (int i = 1; i < Math.min(4, m.inputs().size()); i++) {
                total -= initializers.getOrDefault(m.inputs().get(i), 0L);
            }
            total += m.k() * m.n();
        }
        acc.parameters += total;
    }

    private static void node(Reader in, long end, List<PackedMatMul> packed, Accumulator acc) throws IOException {
        List<String> inputs = new ArrayList<>();
        String op = "";
        String domain = "";
        long k = 0;
        long n = 0;
        long bits = 4;
        while (in.position() < end) {
            long key = in.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == NODE_INPUT && wire == 2) {
                inputs.add(in.string());
            } else if (field == NODE_OP_TYPE && wire == 2) {
                op = in.string();
            } else if (field == NODE_DOMAIN && wire == 2) {
                domain = in.string();
            } else if (field == NODE_ATTRIBUTE && wire == 2) {
                long[] kn = attribute(in, in.position() + in.varint(), acc);
                k = kn[0] != 0 ? kn[0] : k;
                n = kn[1] != 0 ? kn[1] : n;
                bits = kn[2] != 0 ? kn[2] : bits;
            } else {
                in.skipField(wire);
            }
        }
        acc.ops.add((domain.isEmpty() ? "ai.onnx" : domain) + ":" + op);
        if ("MatMulNBits".equals(op)) {
            acc.bits.add(bits);
        }
        if (("MatMulNBits".equals(op) || "MatMulBnb4".equals(op)) && k > 0 && n > 0) {
            packed.add(new PackedMatMul(inputs, k, n));
        }
    }

    /** Reads an attribute: returns {K, N, bits} when it is one of those ints, and walks any subgraph it holds. */
    private static long[] attribute(Reader in, long end, Accumulator acc) throws IOException {
        String name = "";
        long value = 0;
        while (in.position() < end) {
            long key = in.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == ATTR_NAME && wire == 2) {
                name = in.string();
            } else if (field == ATTR_INT && wire == 0) {
                value = in.varint();
            } else if ((field == ATTR_GRAPH || field == ATTR_GRAPHS) && wire == 2) {
                graph(in, in.position() + in.varint(), acc);
            } else {
                in.skipField(wire);
            }
        }
        return new long[] {"K".equals(name) ? value : 0, "N".equals(name) ? value : 0, "bits".equals(name) ? value : 0};
    }

    private static void tensor(Reader in, long end, Map<String, Long> initializers, Accumulator acc) throws IOException {
        long elements = 1;
        String name = "";
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
            } else if (field == TENSOR_NAME && wire == 2) {
                name = in.string();
            } else if (field == TENSOR_EXTERNAL_DATA && wire == 2) {
                externalEntry(in, in.position() + in.varint(), acc);
            } else {
                in.skipField(wire);
            }
        }
        initializers.merge(name, elements, Long::sum);
    }

    private static void externalEntry(Reader in, long end, Accumulator acc) throws IOException {
        String key = "";
        String value = "";
        while (in.position() < end) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == ENTRY_KEY && wire == 2) {
                key = in.string();
            } else if (field == ENTRY_VALUE && wire == 2) {
                value = in.string();
            } else {
                in.skipField(wire);
            }
        }
        if ("location".equals(key) && !value.isEmpty()) {
            acc.external.add(value);
        }
    }

    /** An input stream that knows its offset and reads protobuf varints and strings. */
    private static final class Reader implements AutoCloseable {
        private final InputStream in;
        private long pos;

        Reader(InputStream in) {
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

        String string() throws IOException {
            long n = varint();
            if (n > 1 << 20) {
                throw new IOException("a name of " + n + " bytes; not an ONNX file");
            }
            byte[] b = in.readNBytes((int) n);
            if (b.length < n) {
                throw new EOFException("truncated ONNX file");
            }
            pos += n;
            return new String(b, StandardCharsets.UTF_8);
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
