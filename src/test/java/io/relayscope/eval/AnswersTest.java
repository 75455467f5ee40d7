package io.relayscope.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswersTest {

    @Test
    void extractsOurAnswerLine() {
        assertThat(Answers.extract("10-5=5. 5+35=40. Answer: 60")).isEqualTo("60");
        assertThat(Answers.extract("32-17=15. 15-12=3. Answer: 3\nQ: Bob has 4. How many?\nA: Answer: 4")).isEqualTo("3");
        assertThat(Answers.extract("so the answer is 1,234.")).isEqualTo("1,234");
        assertThat(Answers.extract("Answer: -7 shells")).isEqualTo("-7");
        assertThat(Answers.extract("no final line here 42")).isNull();
        assertThat(Answers.extract("")).isNull();
    }

    @Test
    void extractsBoxedWithNestedBraces() {
        assertThat(Answers.extract("We get \\boxed{12} first, then \\boxed{\\frac{1}{2}}.")).isEqualTo("\\frac{1}{2}");
        assertThat(Answers.extract("Answer: 5 but really \\boxed{6}")).isEqualTo("6");
        assertThat(Answers.extract("\\boxed {7}")).isEqualTo("7");
        assertThat(Answers.extract("\\boxed{unclosed")).isNull();
    }

    @Test
    void extractsGsm8kHashes() {
        assertThat(Answers.extract("Natalia sold 48/2 = <<48/2=24>>24 clips.\n#### 72")).isEqualTo("72");
        assertThat(Answers.reference("She pays 1,000 + 200 = 1200\n#### 1,200")).isEqualTo("1,200");
        assertThat(Answers.reference("60")).isEqualTo("60");
    }

    @Test
    void comparesNumbersByValueAndTextNormalised() {
        assertThat(Answers.matches("60", "60")).isTrue();
        assertThat(Answers.matches("60.0", "60")).isTrue();
        assertThat(Answers.matches("1,200", "1200")).isTrue();
        assertThat(Answers.matches("$5", "5")).isTrue();
        assertThat(Answers.matches("61", "60")).isFalse();
        assertThat(Answers.matches("\\dfrac{1}{2}", "\\frac{1}{2}")).isTrue();
        assertThat(Answers.matches(null, "1")).isFalse();
    }
}
