package io.relayscope.app.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitting tokens into display lines. */
class LineSplitterTest {

    @Test
    void appendBreaksAfterNewlinesAndAtTheCap() {
        LineSplitter s = new LineSplitter(3);
        String[] tokens = {"a", "b", "\n", "c", "d", "e", "f", "g"};
        for (int i = 0; i < tokens.length; i++) {
            s.append(i, tokens[i], false);
        }
        assertThat(s.lines()).extracting(TokenLine::first).containsExactly(0, 3, 6);
        assertThat(s.lines().get(0).closed()).isTrue();
        assertThat(s.end()).isEqualTo(8);
        assertThat(s.lineOf(4)).isEqualTo(1);
        assertThat(s.lineOf(7)).isEqualTo(2);
        assertThat(s.lineOf(8)).isEqualTo(-1);
    }

    @Test
    void appendStartsANewLineWhereTheResponseBegins() {
        LineSplitter s = new LineSplitter();
        s.append(0, "Q", false);
        s.append(1, "A", true);
        assertThat(s.lines()).hasSize(2);
    }

    @Test
    void appendBreaksLongLinesByCharacters() {
        LineSplitter s = new LineSplitter(1000);
        for (int i = 0; i < 200; i++) {
            s.append(i, "x", false);
        }
        assertThat(s.lines().get(0).length()).isEqualTo(LineSplitter.MAX_CHARS);
    }

    @Test
    void softBreaksKeepAWordTogether() {
        String[] tokens = {"Answer", ":", " 6", "<call>", "1", "</call>", "0", ".", " ok"};
        LineSplitter w = new LineSplitter(1000);
        w.setMaxChars(10);
        int[] widths = {6, 1, 2, 1, 1, 1, 1, 1, 3};
        for (int i = 0; i < tokens.length; i++) {
            w.append(i, tokens[i], widths[i], false);
        }
        // "Answer:" (7) + " 6" (9) + "<call>" (10) + "1" overflows: " 6<call>1</call>0." moves to line 2 as one word
        assertThat(w.lines()).extracting(TokenLine::first).containsExactly(0, 2);
        assertThat(w.lines().get(0).end()).isEqualTo(2);
        assertThat(w.lines().get(0).closed()).isTrue();
        assertThat(w.lineOf(6)).isEqualTo(1);
    }

    @Test
    void aWordLongerThanTheLineStillBreaks() {
        LineSplitter s = new LineSplitter(1000);
        s.setMaxChars(8);
        s.append(0, "a ", 2, false);
        for (int i = 1; i <= 12; i++) {
            s.append(i, "x", 1, false);
        }
        // the word moves once to its own line, then breaks where it must
        assertThat(s.lines()).extracting(TokenLine::first).containsExactly(0, 1, 9);
        assertThat(s.end()).isEqualTo(13);
    }
}
