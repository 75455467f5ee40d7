package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;

import java.util.ArrayList;
import java.util.List;

/** What the relay timeline draws: source runs and calls up to the shown position, with hit-testing by token. */
public final class TimelineData {
    private final ArrayList<SourceRun> runs = new ArrayList<>();
    private final ArrayList<CallRecord> calls = new ArrayList<>();
    private int tokenCount;

    public void clear() {
        runs.clear();
        calls.clear();
        tokenCount = 0;
    }

    public void addToken(Source source) {
        int i = tokenCount++;
        SourceRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last != null && last.source() == source && last.end() == i) {
            runs.set(runs.size() - 1, new SourceRun(source, last.start(), i + 1));
        } else {
            runs.add(new SourceRun(source, i, i + 1));
        }
    }

    public void addCall(CallRecord call) {
        calls.add(call);
    }

    public int tokenCount() {
        return tokenCount;
    }

    public List<SourceRun> runs() {
        return runs;
    }

    public List<CallRecord> calls() {
        return calls;
    }

    /** Index of the first run ending after {@code token}, for drawing only what is visible. */
    public int firstRunEndingAfter(double token) {
        int lo = 0;
        int hi = runs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (runs.get(mid).end() <= token) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The source of the token at an index, or null outside the data. */
    public Source sourceAt(int token) {
        int i = firstRunEndingAfter(token);
        if (i < runs.size() && runs.get(i).start() <= token) {
            return runs.get(i).source();
        }
        return null;
    }

    /** The call whose requested or delivered span covers a token position, or null. */
    public CallRecord callAt(double token) {
        for (CallRecord c : calls) {
            int span = Math.max(1, Math.max(c.requested(), c.delivered()));
            if (token >= c.position() && token < c.position() + span) {
                return c;
            }
        }
        return null;
    }
}
