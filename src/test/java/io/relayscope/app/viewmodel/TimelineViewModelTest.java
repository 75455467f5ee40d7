package io.relayscope.app.viewmodel;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Zoom, pan, follow and click of the timeline's model, without a window. */
class TimelineViewModelTest {
    private final List<Integer> focused = new ArrayList<>();
    private final TimelineViewModel vm = new TimelineViewModel(
            i -> new TokenRecord(i, 65, "A", new byte[]{65}, Source.SLM, -0.1, 0.1, List.of(), 5), focused::add);

    private void fill(int tokens) {
        for (int i = 0; i < tokens; i++) {
            vm.addToken(i >= 500 && i < 520 ? Source.LLM : Source.SLM);
        }
        vm.addCall(new CallRecord(1, 500, 20, 20, 500, 20, 100, "command"));
        vm.batchDone();
    }

    @Test
    void followKeepsTheNewestTokenInViewUntilThePanStopsIt() {
        vm.setViewportWidth(400);
        fill(1000);
        double visible = 400 * vm.tokensPerPixelProperty().get();
        assertThat(vm.viewStartProperty().get() + visible).isGreaterThanOrEqualTo(1000);
        vm.pan(100);
        assertThat(vm.followProperty().get()).isFalse();
        assertThat(vm.viewStartProperty().get() + visible).isLessThan(1000);
    }

    @Test
    void zoomKeepsTheTokenUnderTheMouseInPlace() {
        vm.setViewportWidth(400);
        fill(1000);
        vm.followProperty().set(false);
        vm.fit();
        double before = vm.tokenAtX(200);
        vm.zoom(2, 200);
        assertThat(vm.tokenAtX(200)).isCloseTo(before, within(1e-6));
        assertThat(vm.tokensPerPixelProperty().get()).isLessThan(1000 / 392.0);
    }

    @Test
    void clickOnACallFocusesItsFirstTokenAndHoverDescribesIt() {
        vm.setViewportWidth(400);
        fill(1000);
        vm.followProperty().set(false);
        vm.fit();
        double x = vm.xOfToken(510);
        vm.hover(x, TimelineViewModel.Lane.LLM);
        assertThat(vm.hoverTextProperty().get()).startsWith("Call 1 at token 500: requested 20, delivered 20");
        assertThat(vm.click(x, TimelineViewModel.Lane.LLM)).isEqualTo(500);
        assertThat(vm.click(vm.xOfToken(42.5), TimelineViewModel.Lane.SLM)).isEqualTo(42);
        assertThat(focused).containsExactly(500, 42);
    }
}
