package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.CriticalTokens;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Critical tokens of the tokens shown so far (from their shadow scores), counted as {@link CriticalTokens} does. */
public final class CriticalTally {
    private final BitSet critical = new BitSet();
    private final List<CallRecord> calls = new ArrayList<>();
    private int scored;
    private int count;
    private int covered;

    public void clear() {
        critical.clear();
        calls.clear();
        scored = 0;
        count = 0;
        covered = 0;
    }

    public void add(TokenRecord t) {
        if (t.shadow().isEmpty()) {
            return;
        }
        scored++;
        if (t.critical()) {
            critical.set(t.index());
            count++;
            if (t.source() == Source.LLM) {
                covered++;
            }
        }
    }

    public void add(CallRecord c) {
        calls.add(c);
    }

    /** The totals so far. */
    public CriticalTokens totals() {
        int at = 0;
        for (CallRecord c : calls) {
            int next = critical.nextSetBit(Math.max(0, c.position()));
            if (next >= 0 && next < c.position() + Math.max(1, c.delivered())) {
                at++;
            }
        }
        return new CriticalTokens(scored, count, covered, calls.size(), at);
    }
}
