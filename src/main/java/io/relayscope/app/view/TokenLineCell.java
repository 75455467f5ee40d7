package io.relayscope.app.view;

import io.relayscope.app.model.ConfidenceBucket;
import io.relayscope.app.model.TokenDetails;
import io.relayscope.app.model.TokenLine;
import io.relayscope.app.viewmodel.TokenViewModel;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.HitInfo;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * One display line of tokens as a small TextFlow: consecutive tokens of the same style share one Text node,
 * call commands become chips, the focused token a framed label. The mouse maps to a token with TextFlow.hitTest.
 */
final class TokenLineCell extends ListCell<TokenLine> {
    private final TokenViewModel vm;
    private final BiConsumer<Integer, MouseEvent> onHover;
    private final TextFlow flow = new TextFlow();
    /** A Group sizes the flow to its unwrapped width: a display line never wraps inside its fixed-height cell. */
    private final Group holder = new Group(flow);
    private final java.util.function.IntSupplier displayVersion;
    private int[] charToToken = new int[128];
    private int chars;
    private TokenLine rendered;
    private int renderedVersion = -1;

    /** {@code displayVersion} changes whenever display modes or the focused token change: then lines re-render. */
    TokenLineCell(TokenViewModel vm, ListView<TokenLine> list, BiConsumer<Integer, MouseEvent> onHover,
                  java.util.function.IntSupplier displayVersion) {
        this.vm = vm;
        this.displayVersion = displayVersion;
        this.onHover = onHover;
        flow.getStyleClass().add("token-line");
        flow.setOnMouseMoved(this::hover);
        flow.setOnMouseExited(e -> onHover.accept(-1, e));
    }

    @Override
    protected void updateItem(TokenLine line, boolean empty) {
        super.updateItem(line, empty);
        setText(null);
        if (empty || line == null) {
            setGraphic(null);
            rendered = null;
            return;
        }
        int version = displayVersion.getAsInt();
        if (!line.equals(rendered) || version != renderedVersion) {
            render(line);
            rendered = line;
            renderedVersion = version;
        }
        if (getGraphic() != holder) {
            setGraphic(holder);
        }
    }

    private void render(TokenLine line) {
        boolean glyphs = vm.showWhitespaceProperty().get();
        boolean confidence = vm.colorByConfidenceProperty().get();
        int focused = vm.focusedTokenProperty().get();
        var nodes = new java.util.ArrayList<Node>();
        chars = 0;
        StringBuilder run = new StringBuilder();
        String runStyle = null;
        int i = line.first();
        while (i < line.end()) {
            TokenRecord t = vm.token(i);
            if (t.source() == Source.COMMAND) {
                flush(nodes, run, runStyle);
                runStyle = null;
                StringBuilder chip = new StringBuilder();
                int first = i;
                while (i < line.end() && vm.token(i).source() == Source.COMMAND) {
                    chip.append(vm.token(i).text());
                    i++;
                }
                Label label = new Label(chip.toString().strip());
                label.getStyleClass().add("command-chip");
                nodes.add(label);
                map(first, 1);
                continue;
            }
            String text = display(t.text(), glyphs);
            if (i == focused) {
                flush(nodes, run, runStyle);
                runStyle = null;
                Label label = new Label(text.isEmpty() ? " " : text);
                label.getStyleClass().addAll("focused-token", sourceClass(t.source()));
                nodes.add(label);
                map(i, 1);
                i++;
                continue;
            }
            int heat = confidence ? ConfidenceBucket.of(t) : -1;
            if (heat >= 0 && heat < ConfidenceBucket.COUNT - 1) {
                // shaded tokens are labels (a Text has no background); one label counts as one character in hit tests
                flush(nodes, run, runStyle);
                runStyle = null;
                Label label = new Label(text.isEmpty() ? " " : text);
                label.getStyleClass().addAll("heat-token", "heat-" + heat);
                nodes.add(label);
                map(i, 1);
                i++;
                continue;
            }
            String style = (confidence ? confidenceClass(t) : sourceClass(t.source())) + (t.critical() ? " token-critical" : "");
            if (!style.equals(runStyle)) {
                flush(nodes, run, runStyle);
                runStyle = style;
            }
            run.append(text);
            map(i, text.length());
            i++;
        }
        flush(nodes, run, runStyle);
        flow.getChildren().setAll(nodes);
    }

    private static String sourceClass(Source s) {
        return switch (s) {
            case PROMPT -> "token-prompt";
            case SLM -> "token-slm";
            case LLM -> "token-llm";
            case COMMAND -> "command-chip";
        };
    }

    private static String confidenceClass(TokenRecord t) {
        if (t.source() == Source.LLM) {
            return "token-llm-muted";
        }
        return ConfidenceBucket.of(t) < 0 ? "token-prompt" : "token-sure";
    }

    /** Token text as shown: the line's closing newline dropped, or whitespace made visible. */
    static String display(String text, boolean glyphs) {
        if (glyphs) {
            return TokenDetails.withGlyphs(text);
        }
        String s = text.replace("\r", "");
        return s.endsWith("\n") ? s.substring(0, s.length() - 1).replace('\n', ' ') : s.replace('\n', ' ');
    }

    private void flush(java.util.List<Node> nodes, StringBuilder run, String style) {
        if (run.length() == 0) {
            return;
        }
        Text text = new Text(run.toString());
        text.getStyleClass().add("token");
        text.getStyleClass().addAll(style.split(" "));
        nodes.add(text);
        run.setLength(0);
    }

    private void map(int token, int count) {
        if (chars + count > charToToken.length) {
            charToToken = Arrays.copyOf(charToToken, Math.max(charToToken.length * 2, chars + count));
        }
        Arrays.fill(charToToken, chars, chars + count, token);
        chars += count;
    }

    private void hover(MouseEvent e) {
        Node picked = e.getPickResult().getIntersectedNode();
        if (picked == flow || picked == null || chars == 0) {
            onHover.accept(-1, e);
            return;
        }
        onHover.accept(tokenAt(e.getX(), e.getY()), e);
    }

    /** The token under a point in the flow's coordinates, or -1. */
    int tokenAt(double x, double y) {
        HitInfo hit = flow.hitTest(new Point2D(x, y));
        int c = hit.getCharIndex();
        return c >= 0 && c < chars ? charToToken[c] : -1;
    }

    TextFlow flow() {
        return flow;
    }
}
