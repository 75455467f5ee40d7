package io.relayscope.engine;

import io.relayscope.trace.Source;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;

/**
 * Holds the SLM's tokens until it is known whether they belong to a call command: a complete command becomes
 * COMMAND tokens, text that cannot start one becomes SLM tokens, a possible start (a prefix of a command) waits.
 */
final class CommandScanner {
    private static final int MAX_HELD = 32;

    /** Where resolved tokens go, in order. */
    interface Resolved {
        /** The first count held tokens resolved with one source (a COMMAND group is one command). */
        void emit(List<HeldToken> group, Source source);
    }

    private final TextTokenizer tokenizer;
    private final Resolved out;
    private final List<HeldToken> held = new ArrayList<>();

    CommandScanner(TextTokenizer tokenizer, Resolved out) {
        this.tokenizer = tokenizer;
        this.out = out;
    }

    int size() {
        return held.size();
    }

    /** Holds one more SLM token and resolves what can be resolved; the n of a command it completed, if any. */
    OptionalInt push(HeldToken token) {
        held.add(token);
        if (held.size() == 1 && !mayStartCommand(token.id())) {
            flushAsSlm();
            return OptionalInt.empty();
        }
        String text = new String(heldBytes(), StandardCharsets.UTF_8);
        Matcher m = CallCommand.find(text);
        if (m != null) {
            int first = tokenAtByte(utf8Length(text, m.start()));
            int last = tokenAtByte(utf8Length(text, m.end()) - 1);
            emit(first, Source.SLM);
            emit(last - first + 1, Source.COMMAND);
            return OptionalInt.of(CallCommand.tokens(m));
        }
        int partial = CallCommand.partialStart(text);
        if (partial < 0 || held.size() > MAX_HELD) {
            flushAsSlm();
        } else {
            emit(tokenAtByte(utf8Length(text, partial)), Source.SLM);
        }
        return OptionalInt.empty();
    }

    /** Resolves every held token as plain SLM text. */
    void flushAsSlm() {
        emit(held.size(), Source.SLM);
    }

    private void emit(int count, Source source) {
        if (count <= 0) {
            return;
        }
        List<HeldToken> group = new ArrayList<>(held.subList(0, count));
        held.subList(0, count).clear();
        out.emit(group, source);
    }

    /** Fast path: a lone token without '<' cannot begin a command, so it needs no text scan. */
    private boolean mayStartCommand(int id) {
        if (tokenizer.isSpecial(id)) {
            return true;
        }
        for (byte b : tokenizer.tokenBytes(id)) {
            if (b == '<') {
                return true;
            }
        }
        return false;
    }

    private static int utf8Length(String text, int chars) {
        return text.substring(0, chars).getBytes(StandardCharsets.UTF_8).length;
    }

    private byte[] heldBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (HeldToken h : held) {
            bytes.writeBytes(tokenizer.tokenBytes(h.id()));
        }
        return bytes.toByteArray();
    }

    /** Index of the held token that covers the given byte offset (held.size() past the end). */
    private int tokenAtByte(int offset) {
        int acc = 0;
        for (int i = 0; i < held.size(); i++) {
            acc += tokenizer.tokenBytes(held.get(i).id()).length;
            if (offset < acc) {
                return i;
            }
        }
        return held.size();
    }
}
