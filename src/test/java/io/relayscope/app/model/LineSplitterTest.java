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
}
