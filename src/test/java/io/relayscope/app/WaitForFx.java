package io.relayscope.app;

import org.testfx.util.WaitForAsyncUtils;

/** Short alias for waiting until queued FX events have run. */
final class WaitForFx {
    private WaitForFx() {
    }

    static void events() {
        WaitForAsyncUtils.waitForFxEvents();
    }
}
