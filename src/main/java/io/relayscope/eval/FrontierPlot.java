package io.relayscope.eval;

import io.relayscope.engine.Policies;
import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Draws accuracy against LLM token ratio (the frontier) as a PNG with java.awt, headless. */
public final class FrontierPlot {
    static final int WIDTH = 960;
    static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    /** Okabe-Ito colours, distinguishable with colour-blindness. */
    private static final Map<String, Color> COLORS = Map.ofEntries(
            Map.entry("random query", new Color(0x999999)), Map.entry("random token", new Color(0xE69F00)),
            Map.entry(Policies.CONFIDENCE, new Color(0x009E73)), Map.entry("SLM alone", new Color(0x0072B2)),
            Map.entry("relay SLM alone", new Color(0x56B4E9)), Map.entry("LLM alone", new Color(0x000000)),
            Map.entry("relay", new Color(0xD55E00)), Map.entry(PaperTable.RELAY_LM_CONFIDENCE, new Color(0xCC79A7)),
            // Tol's muted scheme for the no-call baseline's series, apart from the Okabe-Ito ones above
            Map.entry(PaperTable.NOCALL_SERIES, new Color(0x882255)),
            Map.entry(PaperTable.NOCALL_CONFIDENCE_SERIES, new Color(0x117733)),
            Map.entry(PaperTable.NOCALL_RANDOM_TOKEN_SERIES, new Color(0xAA4499)));
    private static final List<String> CURVES = List.of("random query", "random token", Policies.CONFIDENCE, PaperTable.RELAY_LM_CONFIDENCE,
            PaperTable.NOCALL_CONFIDENCE_SERIES, PaperTable.NOCALL_RANDOM_TOKEN_SERIES);

    private FrontierPlot() {
    }

    /** The PNG bytes of the plot. */
    public static byte[] png(PaperTable.Result result) throws IOException {
        BufferedImage img = render(result);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static BufferedImage render(PaperTable.Result result) {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double maxAcc = 0.05;
            for (PaperTable.Point p : result.points()) {
                maxAcc = Math.max(maxAcc, p.accuracy());
            }
            double yMax = Math.min(1, Math.ceil(maxAcc * 10 + 0.5) / 10);
            Axes axes = new Axes(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM, yMax);
            grid(g, axes);
            Map<String, List<PaperTable.Point>> series = new LinkedHashMap<>();
            for (PaperTable.Point p : result.points()) {
                series.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p);
            }
            drawSeries(g, axes, series);
            text(g, result, axes, series.keySet());
            inset(g, axes, series, result.relayRatio());
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Plot area and scales: x is the LLM token ratio 0..xMax, y accuracy 0..yMax. */
    private record Axes(int x, int y, int w, int h, double yMax, double xMax) {
        Axes(int x, int y, int w, int h, double yMax) {
            this(x, y, w, h, yMax, 1);
        }

        double px(double ratio) {
            return x + ratio / xMax * w;
        }

        double py(double acc) {
            return y + h - acc / yMax * h;
        }
    }

    private static void grid(Graphics2D g, Axes a) {
        g.setColor(new Color(0xE6E6E6));
        for (int i = 0; i <= 10; i++) {
            int gx = (int) a.px(i / 10.0);
            g.drawLine(gx, a.y(), gx, a.y() + a.h());
        }
        for (int i = 0; i <= 10; i++) {
            int gy = (int) a.py(a.yMax() * i / 10.0);
            g.drawLine(a.x(), gy, a.x() + a.w(), gy);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(a.x(), a.y(), a.w(), a.h());
    }

    /**
     * A zoom on the low-ratio corner, where a token-level relay lives (a few percent of LLM tokens): the same series
     * with x from 0 to about three times the relay's ratio, drawn in the empty lower right of the plot.
     */
    private static void inset(Graphics2D g, Axes main, Map<String, List<PaperTable.Point>> series, double relayRatio) {
        if (!(relayRatio > 0) || relayRatio > 0.25) {
            return;
        }
        double xMax = Math.max(0.02, Math.ceil(relayRatio * 3 * 100) / 100);
        int w = (int) (main.w() * 0.37);
        int h = (int) (main.h() * 0.40);
        Axes a = new Axes(main.x() + main.w() - w - 12, main.y() + main.h() - h - 36, w, h, main.yMax(), xMax);
        g.setColor(Color.WHITE);
        g.fillRect(a.x() - 44, a.y() - 22, w + 56, h + 52);
        g.setColor(new Color(0xE6E6E6));
        for (int i = 1; i < 5; i++) {
            g.drawLine((int) a.px(xMax * i / 5), a.y(), (int) a.px(xMax * i / 5), a.y() + h);
            g.drawLine(a.x(), (int) a.py(a.yMax() * i / 5), a.x() + w, (int) a.py(a.yMax() * i / 5));
        }
        Graphics2D clip = (Graphics2D) g.create();
        try {
            clip.clipRect(a.x(), a.y(), w + 1, h + 1);
            drawSeries(clip, a, series);
        } finally {
            clip.dispose();
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(a.x(), a.y(), w, h);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(String.format(Locale.ROOT, "zoom: LLM token ratio 0-%.0f%%", 100 * xMax), a.x(), a.y() - 6);
            for (int i = 0; i <= 5; i++) {
                String s = String.format(Locale.ROOT, "%.1f%%", 100 * xMax * i / 5);
                g.drawString(s, (int) a.px(xMax * i / 5) - g.getFontMetrics().stringWidth(s) / 2, a.y() + h + 14);
            }
            for (int i = 0; i <= 5; i++) {
                String s = String.format(Locale.ROOT, "%.0f%%", 100 * a.yMax() * i / 5);
                g.drawString(s, a.x() - 6 - g.getFontMetrics().stringWidth(s), (int) a.py(a.yMax() * i / 5) + 4);
            }
        } catch (RuntimeException | InternalError | LinkageError e) {
            // no fonts: the zoom stays without labels
        }
    }

    /** The router curves, then every other series as markers (the relay's larger). */
    private static void drawSeries(Graphics2D g, Axes a, Map<String, List<PaperTable.Point>> series) {
        for (String name : CURVES) {
            List<PaperTable.Point> ps = series.get(name);
            if (ps != null) {
                curve(g, a, ps, color(name), !"random query".equals(name));
            }
        }
        for (Map.Entry<String, List<PaperTable.Point>> e : series.entrySet()) {
            if (!CURVES.contains(e.getKey())) {
                for (PaperTable.Point p : e.getValue()) {
                    marker(g, a, p, color(e.getKey()), "relay".equals(e.getKey()) ? 14 : 10);
                }
            }
        }
    }

    private static void curve(Graphics2D g, Axes a, List<PaperTable.Point> points, Color c, boolean sortByRatio) {
        List<PaperTable.Point> ps = new ArrayList<>(points);
        if (sortByRatio) {
            ps.sort(Comparator.comparingDouble(PaperTable.Point::ratio));
        }
        Path2D path = new Path2D.Double();
        for (int i = 0; i < ps.size(); i++) {
            double x = a.px(ps.get(i).ratio());
            double y = a.py(ps.get(i).accuracy());
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        g.setColor(c);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                sortByRatio ? null : new float[] {8f, 6f}, 0f));
        g.draw(path);
        g.setStroke(new BasicStroke(1.5f));
        for (PaperTable.Point p : ps) {
            double r = 3.5;
            g.fill(new Ellipse2D.Double(a.px(p.ratio()) - r, a.py(p.accuracy()) - r, 2 * r, 2 * r));
        }
    }

    private static void marker(Graphics2D g, Axes a, PaperTable.Point p, Color c, int size) {
        double x = a.px(p.ratio());
        double y = a.py(p.accuracy());
        g.setColor(c);
        Path2D diamond = new Path2D.Double();
        diamond.moveTo(x, y - size / 2.0);
        diamond.lineTo(x + size / 2.0, y);
        diamond.lineTo(x, y + size / 2.0);
        diamond.lineTo(x - size / 2.0, y);
        diamond.closePath();
        g.fill(diamond);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1f));
        g.draw(diamond);
    }

    /** Titles, tick labels and the legend; skipped when the machine has no usable fonts (the plot stays readable as data). */
    private static void text(Graphics2D g, PaperTable.Result r, Axes a, Iterable<String> names) {
        try {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("Accuracy vs LLM token ratio on " + r.dataset() + " (" + r.problems() + " problems)", a.x(), 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i <= 10; i += 2) {
                String s = (i * 10) + "%";
                g.drawString(s, (int) a.px(i / 10.0) - g.getFontMetrics().stringWidth(s) / 2, a.y() + a.h() + 18);
            }
            for (int i = 0; i <= 10; i += 2) {
                String s = String.format(Locale.ROOT, "%.0f%%", 100 * a.yMax() * i / 10.0);
                g.drawString(s, a.x() - 8 - g.getFontMetrics().stringWidth(s), (int) a.py(a.yMax() * i / 10.0) + 4);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            String xl = "LLM token ratio (LLM tokens / all response tokens)";
            g.drawString(xl, a.x() + a.w() / 2 - g.getFontMetrics().stringWidth(xl) / 2, HEIGHT - 22);
            Graphics2D rot = (Graphics2D) g.create();
            rot.rotate(-Math.PI / 2);
            rot.drawString("accuracy (exact match)", -(a.y() + a.h() / 2 + 70), 22);
            rot.dispose();
            int ly = a.y() + 10;
            int lx = a.x() + a.w() + 20;
            for (String name : names) {
                g.setColor(color(name));
                g.fillRect(lx, ly - 9, 14, 10);
                g.setColor(Color.BLACK);
                g.drawString(legend(name), lx + 22, ly);
                ly += 22;
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            ly += 14;
            for (String line : new String[] {
                    String.format(Locale.ROOT, "gap closed: %s", pct(r.gapClosed())),
                    String.format(Locale.ROOT, "cost reduction vs matched"),
                    String.format(Locale.ROOT, "  query router: %s", pct(r.costReduction())),
                    String.format(Locale.ROOT, "relay: %s at %s", pct(r.relayAccuracy()), pct(r.relayRatio()))}) {
                g.drawString(line, lx, ly);
                ly += 18;
            }
        } catch (RuntimeException | InternalError | LinkageError e) {
            // no fonts on this machine: keep the plot without text
        }
    }

    private static String legend(String name) {
        return switch (name) {
            case "random query" -> "random router (query)";
            case "random token" -> "random router (token)";
            case Policies.CONFIDENCE -> "confidence router";
            case PaperTable.RELAY_LM_CONFIDENCE -> "confidence, relay SLM's LM";
            case PaperTable.NOCALL_CONFIDENCE_SERIES -> "confidence, no-call SLM";
            case PaperTable.NOCALL_RANDOM_TOKEN_SERIES -> "random token, no-call SLM";
            case "relay" -> "RelayLLM pair";
            default -> name;
        };
    }

    private static Color color(String series) {
        return COLORS.getOrDefault(series, Color.GRAY);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
