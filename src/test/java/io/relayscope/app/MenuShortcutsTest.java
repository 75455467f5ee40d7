package io.relayscope.app;

import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every menu action has a mnemonic and an accelerator, no two clash (within a menu for mnemonics, anywhere for
 * accelerators, the scene's own keys included), Help lists every one, and the ones added last (Import, Export,
 * Compare Traces) do what they say when pressed.
 */
@ExtendWith(ApplicationExtension.class)
class MenuShortcutsTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @TempDir
    Path tmp;

    private MenuBar menuBar() {
        return fx(() -> (MenuBar) app.view.lookup(".menu-bar"));
    }

    /** Every menu item that does something (not a sub-menu, not a separator), with its menu path. */
    private static void leaves(Menu menu, String path, Map<MenuItem, String> out) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                leaves(sub, path + " > " + sub.getText(), out);
            } else if (!(item instanceof SeparatorMenuItem)) {
                out.put(item, path + " > " + item.getText());
            }
        }
    }

    /** The mnemonic letter of a menu text ("Save _As" is 'A'), or 0 when it has none. */
    static char mnemonic(String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            if (text.charAt(i) == '_') {
                if (text.charAt(i + 1) != '_') {
                    return Character.toUpperCase(text.charAt(i + 1));
                }
                i++;
            }
        }
        return 0;
    }

    /** Mnemonics per menu (each sibling a different letter), checked for every menu and sub-menu. */
    private static void mnemonics(List<MenuItem> siblings, String where, List<String> problems) {
        Map<Character, String> seen = new HashMap<>();
        for (MenuItem item : siblings) {
            if (item instanceof SeparatorMenuItem) {
                continue;
            }
            char m = mnemonic(item.getText());
            if (m == 0 || !item.isMnemonicParsing()) {
                problems.add(where + " > " + item.getText() + ": no mnemonic");
            } else if (seen.containsKey(m)) {
                problems.add(where + ": '" + item.getText() + "' and '" + seen.get(m) + "' share the mnemonic " + m);
            } else {
                seen.put(m, item.getText());
            }
            if (item instanceof Menu sub) {
                mnemonics(sub.getItems(), where + " > " + sub.getText(), problems);
            }
        }
    }

    @Test
    void everyMenuActionHasAMnemonicAndAnAcceleratorWithoutClashesAllListedInHelp(FxRobot robot) {
        // a recent file, so that Open Recent has items to check too
        fxRun(() -> app.vm.document().openFile(Path.of("sample-sessions/model-command.json")));
        app.waitIdle(30);
        MenuBar bar = menuBar();
        List<String> problems = new ArrayList<>();
        fxRun(() -> mnemonics(new ArrayList<>(bar.getMenus()), "menu bar", problems));
        Map<MenuItem, String> leaves = new java.util.LinkedHashMap<>();
        fxRun(() -> bar.getMenus().forEach(m -> leaves(m, m.getText(), leaves)));
        assertThat(leaves).as("menu actions").hasSizeGreaterThan(25);
        assertThat(leaves.values()).anyMatch(p -> p.contains("Open _Recent > _1 "));

        Map<String, String> byKey = new HashMap<>();
        for (Map.Entry<MenuItem, String> e : leaves.entrySet()) {
            KeyCombination key = e.getKey().getAccelerator();
            if (key == null) {
                problems.add(e.getValue() + ": no accelerator");
                continue;
            }
            String other = byKey.put(key.getDisplayText(), e.getValue());
            if (other != null) {
                problems.add(e.getValue() + " and " + other + " share " + key.getDisplayText());
            }
        }
        // the scene's own keys (keypad zoom, Ctrl+Enter) are no menu item's
        Set<String> menuKeys = new HashSet<>(byKey.keySet());
        Map<KeyCombination, Runnable> sceneKeys = fx(() -> Map.copyOf(app.stage.getScene().getAccelerators()));
        long extra = sceneKeys.keySet().stream().filter(k -> !menuKeys.contains(k.getDisplayText())).count();
        assertThat(extra).as("keys of the scene besides the menus'").isPositive();
        assertThat(problems).isEmpty();

        // Help lists them all, read from the same menus
        robot.type(KeyCode.F1);
        waitFor(10, () -> helpStage() != null);
        Stage help = fx(this::helpStage);
        String text = fx(() -> help.getScene().getRoot().lookupAll(".label").stream().map(n -> ((Label) n).getText())
                .collect(Collectors.joining("\n")));
        for (Map.Entry<MenuItem, String> e : leaves.entrySet()) {
            String name = e.getKey().getText().replaceAll("_(.)", "$1").replace("\u2026", "");
            assertThat(text).as("Help lists " + e.getValue()).contains(e.getKey().getAccelerator().getDisplayText())
                    .contains(name);
        }
        fxRun(help::close);
    }

    private Stage helpStage() {
        return (Stage) Window.getWindows().stream().filter(w -> w instanceof Stage s && "RelayScope Help".equals(s.getTitle()))
                .findFirst().orElse(null);
    }

    @Test
    void importExportAndCompareTracesWorkFromTheirAccelerators(FxRobot robot) throws Exception {
        Path logprobs = Path.of("src/test/resources/io/relayscope/trace/importers/openai-chat-logprobs.json");
        app.dialogs.importAnswers.add(logprobs);
        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);
        app.waitIdle(30);
        waitFor(30, () -> app.vm.sessionView().currentTrace().isPresent());
        assertThat(fx(() -> app.vm.sessionView().currentTrace().orElseThrow().header().models().get(0).name()))
                .startsWith("gpt-4o-mini");

        Path html = tmp.resolve("exported.html");
        app.dialogs.exportAnswers.add(html);
        robot.press(KeyCode.CONTROL, KeyCode.ALT).type(KeyCode.H).release(KeyCode.ALT, KeyCode.CONTROL);
        waitFor(30, () -> Files.exists(html));
        assertThat(Files.readString(html)).contains("<html");
        Path csv = tmp.resolve("exported.csv");
        app.dialogs.exportAnswers.add(csv);
        robot.press(KeyCode.CONTROL, KeyCode.ALT).type(KeyCode.S).release(KeyCode.ALT, KeyCode.CONTROL);
        waitFor(30, () -> Files.exists(csv));
        assertThat(Files.readAllLines(csv)).hasSizeGreaterThan(2);

        app.dialogs.compareAnswers.add(List.of(Path.of("sample-sessions/slm-only.json"),
                Path.of("sample-sessions/llm-only.json")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.C).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(30, () -> app.vm.compare().lanes().size() == 2);
        assertThat(app.dialogs.errors()).isEmpty();
    }
}
