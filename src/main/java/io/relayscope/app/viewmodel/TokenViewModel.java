package io.relayscope.app.viewmodel;

import io.relayscope.app.model.LineSplitter;
import io.relayscope.app.model.SessionTrace;
import io.relayscope.app.model.TokenDetails;
import io.relayscope.app.model.TokenLine;
import io.relayscope.app.model.Writers;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The token view's model: display lines over the shown tokens (appended in batches, once per frame), display
 * toggles, the hovered token and the token to scroll to.
 */
public final class TokenViewModel {
    private final SessionTrace session;
    private final LineSplitter splitter = new LineSplitter();
    private final ObservableList<TokenLine> lines = FXCollections.observableArrayList();
    private final BooleanProperty showWhitespace = new SimpleBooleanProperty(false);
    private final BooleanProperty colorByConfidence = new SimpleBooleanProperty(false);
    private final BooleanProperty followNewest = new SimpleBooleanProperty(true);
    private final IntegerProperty hoveredToken = new SimpleIntegerProperty(-1);
    private final ReadOnlyIntegerWrapper focusedToken = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper scrollRequests = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper batches = new ReadOnlyIntegerWrapper();
    private final javafx.beans.property.ReadOnlyObjectWrapper<Writers> writers =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(Writers.RELAY);

    private java.util.function.BiConsumer<Integer, Integer> brancher = (index, id) -> { };

    public TokenViewModel(SessionTrace session) {
        this.session = session;
    }

    /** Where "Continue from here with this token" goes (the main view model's branch). */
    void setBrancher(java.util.function.BiConsumer<Integer, Integer> brancher) {
        this.brancher = brancher;
    }

    private java.util.function.BiFunction<Integer, String, java.util.Optional<String>> typedBrancher =
            (index, text) -> java.util.Optional.of("no models loaded");

    /** Where "Continue from here with a token I type" goes (the main view model's branchTyped). */
    void setTypedBrancher(java.util.function.BiFunction<Integer, String, java.util.Optional<String>> typedBrancher) {
        this.typedBrancher = typedBrancher;
    }

    /** Whether a run may branch at this token (any response token: with an alternative, or a typed token). */
    public boolean canBranchAt(int index) {
        return index >= 0 && index < session.size() && session.token(index).source() != Source.PROMPT;
    }

    /**
     * Continues from the token before {@code index} with the typed text as the token there, when it is one token
     * of the vocabulary; else returns why not (one line), and nothing runs.
     */
    public java.util.Optional<String> branchWithTyped(int index, String text) {
        return typedBrancher.apply(index, text);
    }

    /** The tokens a run may branch to at a response token: its alternatives other than the token written. */
    public java.util.List<io.relayscope.trace.Alternative> branchChoices(int index) {
        if (index < 0 || index >= session.size() || session.token(index).source() == Source.PROMPT) {
            return java.util.List.of();
        }
        TokenRecord t = session.token(index);
        return t.alternatives().stream().filter(a -> a.id() != t.id()).toList();
    }

    /** Continues from the token before {@code index} with {@code tokenId} written there, in a new run. */
    public void branchWith(int index, int tokenId) {
        brancher.accept(index, tokenId);
    }

    /** Who wrote the shown trace's tokens (the legend names a one-model trace's model, not "SLM"). */
    void setWriters(Writers w) {
        writers.set(w);
    }

    public javafx.beans.property.ReadOnlyObjectProperty<Writers> writersProperty() {
        return writers.getReadOnlyProperty();
    }

    void clear() {
        splitter.clear();
        lines.clear();
        hoveredToken.set(-1);
        focusedToken.set(-1);
    }

    /** Appends tokens [from, to) of the session as one batch of list changes. */
    void append(int from, int to) {
        if (from >= to) {
            return;
        }
        int before = splitter.lines().size();
        for (int i = from; i < to; i++) {
            TokenRecord t = session.token(i);
            boolean startsResponse = i > 0 && t.source() != Source.PROMPT && session.token(i - 1).source() == Source.PROMPT;
            // command chips use a smaller font: about 6/7 of a character each, rounded up
            int width = t.source() == Source.COMMAND ? (t.text().length() * 6 + 6) / 7 : t.text().length();
            splitter.append(i, t.text(), width, startsResponse);
        }
        if (before > 0 && !splitter.lines().get(before - 1).equals(lines.get(before - 1))) {
            lines.set(before - 1, splitter.lines().get(before - 1));
        }
        if (splitter.lines().size() > before) {
            lines.addAll(splitter.lines().subList(before, splitter.lines().size()));
        }
        batches.set(batches.get() + 1);
    }

    /** Re-splits the shown tokens into lines of at most {@code chars} display characters (the view's width). */
    public void setCharsPerLine(int chars) {
        int wanted = Math.max(8, chars);
        if (wanted == splitter.maxChars()) {
            return;
        }
        int end = splitter.end();
        splitter.clear();
        splitter.setMaxChars(wanted);
        lines.clear();
        append(0, end);
    }

    public int charsPerLine() {
        return splitter.maxChars();
    }

    public ObservableList<TokenLine> lines() {
        return lines;
    }

    public TokenRecord token(int index) {
        return session.token(index);
    }

    public int lineOf(int tokenIndex) {
        return splitter.lineOf(tokenIndex);
    }

    /** Text for the hover pop-up of a token. */
    public String describe(int tokenIndex) {
        return tokenIndex < 0 || tokenIndex >= session.size() ? ""
                : TokenDetails.describe(session.token(tokenIndex), Writers.of(session.header()));
    }

    /**
     * Arrow-key navigation: moves the highlight {@code delta} tokens along the shown text (from nothing: the first
     * response token going forward, the last going back), without asking for a scroll; returns the token, or -1.
     */
    public int moveFocus(int delta) {
        int n = splitter.end();
        if (n == 0) {
            return -1;
        }
        int cur = focusedToken.get();
        int next;
        if (cur < 0 || cur >= n) {
            next = delta > 0 ? firstResponseToken(n) : n - 1;
        } else {
            next = Math.max(0, Math.min(n - 1, cur + delta));
        }
        focusedToken.set(next);
        followNewest.set(false);
        return next;
    }

    /** Up / down: the token at the same place in the line {@code delta} lines away (or that line's last). */
    public int moveFocusLine(int delta) {
        int cur = focusedToken.get();
        if (cur < 0 || cur >= splitter.end() || lines.isEmpty()) {
            return moveFocus(delta);
        }
        int line = lineOf(cur);
        int target = Math.max(0, Math.min(lines.size() - 1, line + delta));
        TokenLine from = lines.get(line);
        TokenLine to = lines.get(target);
        int next = Math.min(to.first() + (cur - from.first()), to.end() - 1);
        focusedToken.set(next);
        followNewest.set(false);
        return next;
    }

    private int firstResponseToken(int n) {
        for (int i = 0; i < n; i++) {
            if (session.token(i).source() != Source.PROMPT) {
                return i;
            }
        }
        return 0;
    }

    /** Highlights a token and asks the view to scroll to it. */
    public void focus(int tokenIndex) {
        focusedToken.set(tokenIndex);
        followNewest.set(false);
        scrollRequests.set(scrollRequests.get() + 1);
    }

    public BooleanProperty showWhitespaceProperty() {
        return showWhitespace;
    }

    public BooleanProperty colorByConfidenceProperty() {
        return colorByConfidence;
    }

    public BooleanProperty followNewestProperty() {
        return followNewest;
    }

    public IntegerProperty hoveredTokenProperty() {
        return hoveredToken;
    }

    public ReadOnlyIntegerProperty focusedTokenProperty() {
        return focusedToken.getReadOnlyProperty();
    }

    /** Increments once per appended batch of tokens (the view follows the newest line at most once a frame). */
    public ReadOnlyIntegerProperty batchesProperty() {
        return batches.getReadOnlyProperty();
    }

    /** Increments whenever the view should scroll to the focused token. */
    public ReadOnlyIntegerProperty scrollRequestsProperty() {
        return scrollRequests.getReadOnlyProperty();
    }
}
