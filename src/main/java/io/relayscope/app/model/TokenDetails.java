package io.relayscope.app.model;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.TokenRecord;

import java.util.Locale;

/** Human-readable descriptions of tokens and calls for hover pop-ups. */
public final class TokenDetails {
    private TokenDetails() {
    }

    /** Multi-line description of a relay's token (writers "SLM" and "LLM"). */
    public static String describe(TokenRecord t) {
        return describe(t, Writers.RELAY);
    }

    /** Multi-line description: index, id, text, bytes, who wrote it, logprob, entropy, top-5 and latency. */
    public static String describe(TokenRecord t, Writers writers) {
        StringBuilder sb = new StringBuilder();
        sb.append("Token #").append(t.index()).append("   id ").append(t.id()).append('\n');
        sb.append("Text   ").append(quote(t.text())).append('\n');
        sb.append("Bytes  ").append(hex(t.bytes())).append('\n');
        sb.append("Writer ").append(writers.describe(t.source())).append('\n');
        if (!Double.isNaN(t.logprob())) {
            sb.append(String.format(Locale.ROOT, "Logprob %.3f  (p = %.3f)%n", t.logprob(), t.probability()));
        }
        if (!Double.isNaN(t.entropy())) {
            sb.append(String.format(Locale.ROOT, "Entropy %.3f nats%n", t.entropy()));
        }
        if (!t.alternatives().isEmpty()) {
            sb.append("Top ").append(Math.min(5, t.alternatives().size())).append(":\n");
            int n = 0;
            for (Alternative a : t.alternatives()) {
                if (n++ == 5) {
                    break;
                }
                sb.append(String.format(Locale.ROOT, "  %-10s %6.3f   id %d%n", quote(a.text()), a.probability(), a.id()));
            }
        }
        t.shadow().ifPresent(s -> sb.append(String.format(Locale.ROOT,
                "LLM opinion: p %.3f, top %s (%s)%nSLM top %s%s%n", s.llmProbability(), name(t, s.llmTop()),
                s.llmAgrees(t.id()) ? "agrees" : "disagrees", name(t, s.slmTop()), s.critical() ? "  CRITICAL" : "")));
        if (t.latencyMicros() > 0) {
            sb.append(String.format(Locale.ROOT, "Latency %.2f ms", t.latencyMicros() / 1000.0));
        }
        return sb.toString().stripTrailing();
    }

    /** A token id as its quoted text when the token or its alternatives know it, else "id N". */
    private static String name(TokenRecord t, int id) {
        if (id == t.id()) {
            return quote(t.text());
        }
        for (Alternative a : t.alternatives()) {
            if (a.id() == id && a.text() != null) {
                return quote(a.text());
            }
        }
        return "id " + id;
    }

    /** One line about a call: number, position, requested vs delivered, reason and latency. */
    public static String describe(CallRecord c) {
        return String.format(Locale.ROOT, "Call %d at token %d: requested %d, delivered %d (%s), catch-up LLM %d / SLM %d, %.2f ms",
                c.number(), c.position(), c.requested(), c.delivered(), c.reason(), c.llmCatchUp(), c.slmCatchUp(),
                c.latencyMicros() / 1000.0);
    }

    /** Java-style quoted text with control characters escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b & 0xFF));
        }
        return sb.length() == 0 ? "(none)" : sb.toString();
    }

    /** Shows whitespace as visible glyphs: space as middle dot, tab as arrow, newline as return symbol. */
    public static String withGlyphs(String text) {
        return text.replace(' ', '\u00B7').replace("\t", "\u2192").replace("\r", "").replace("\n", "\u21B5");
    }

    /** Compact number: 1234 -> "1.23 k", 3.2e9 -> "3.20 G". */
    public static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e12) {
            return String.format(Locale.ROOT, "%.2f T", v / 1e12);
        } else if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        } else if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        } else if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.2f k", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ", v);
    }
}
