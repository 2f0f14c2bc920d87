package io.github.systemd4j.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * An SVG line chart with both axes on a log scale: one line per series, vertical gridlines at the
 * given x ticks, horizontal ones at every power of ten, optional vertical markers (such as a
 * threshold). Straight lines of slope one are costs that grow
 * in proportion to the work.
 */
final class LogLogChart {
    private static final String[] COLOURS = {
        "#1f77b4", "#aec7e8", "#2ca02c", "#98df8a", "#9467bd", "#c5b0d5", "#555555", "#d62728"
    };
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 230;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Double> xTicks;
    private final DoubleFunction<String> xTickLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();
    private final Map<String, Double> markers = new LinkedHashMap<>();

    /**
     * A chart whose x axis runs from the first to the last tick.
     *
     * @param title its title
     * @param xLabel the x axis's name
     * @param yLabel the y axis's name
     * @param xTicks where the vertical gridlines are, ascending; they must cover the data
     * @param xTickLabel how a tick is labelled
     */
    LogLogChart(String title, String xLabel, String yLabel, List<Double> xTicks, DoubleFunction<String> xTickLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xTicks = xTicks;
        this.xTickLabel = xTickLabel;
    }

    /**
     * Adds a line.
     *
     * @param name its legend
     * @param points {x, y} pairs, in x order; points with a value of zero or less are left out
     * @return this chart
     */
    LogLogChart series(String name, List<double[]> points) {
        List<double[]> kept = points.stream().filter(p -> p[0] > 0 && p[1] > 0).toList();
        if (!kept.isEmpty()) {
            series.put(name, kept);
        }
        return this;
    }

    /**
     * Adds a dashed vertical line.
     *
     * @param label its label
     * @param x where
     * @return this chart
     */
    LogLogChart marker(String label, double x) {
        markers.put(label, x);
        return this;
    }

    String svg() {
        double minY = Double.MAX_VALUE, maxY = 0;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder s = Report.svgStart(WIDTH, HEIGHT, title);
        if (series.isEmpty()) {
            return s.append("</svg>\n").toString();
        }
        // Whole decades on the y axis, so that its gridlines are the powers of ten.
        double y0 = Math.floor(Math.log10(minY)), y1 = Math.ceil(Math.log10(maxY));
        y1 = Math.max(y1, y0 + 1);
        Axis x = new Axis(Math.log10(xTicks.get(0)), Math.log10(xTicks.get(xTicks.size() - 1)), LEFT, WIDTH - RIGHT);
        Axis y = new Axis(y0, y1, HEIGHT - BOTTOM, TOP);
        for (double tick : xTicks) {
            double px = x.at(tick);
            s.append(line(px, y.from, px, y.to, "#dddddd", false));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>%n",
                    px,
                    HEIGHT - BOTTOM + 18,
                    Report.escape(xTickLabel.apply(tick))));
        }
        for (double d = y0; d <= y1; d++) {
            double py = y.at(Math.pow(10, d));
            s.append(line(x.from, py, x.to, py, "#dddddd", false));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%.1f' text-anchor='end'>%s</text>%n",
                    LEFT - 6,
                    py + 4,
                    Report.escape(Report.fmtShort(Math.pow(10, d)))));
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n",
                (LEFT + WIDTH - RIGHT) / 2,
                HEIGHT - 18,
                Report.escape(xLabel)));
        s.append(String.format(
                Locale.ROOT,
                "<text x='16' y='%d' text-anchor='middle' transform='rotate(-90 16 %d)'>%s</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2,
                (TOP + HEIGHT - BOTTOM) / 2,
                Report.escape(yLabel)));
        for (Map.Entry<String, Double> m : markers.entrySet()) {
            double px = x.at(m.getValue());
            s.append(line(px, y.from, px, y.to, "#888888", true));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%.1f' y='%d' fill='#555555'>%s</text>%n",
                    px + 4,
                    TOP + 14,
                    Report.escape(m.getKey())));
        }
        int i = 0;
        for (Map.Entry<String, List<double[]>> line : series.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : line.getValue()) {
                path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(p[0]), y.at(p[1])));
                s.append(String.format(
                        Locale.ROOT,
                        "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>%n",
                        x.at(p[0]),
                        y.at(p[1]),
                        colour));
            }
            s.append(String.format(
                    Locale.ROOT,
                    "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>%n",
                    path.toString().trim(),
                    colour));
            int ly = TOP + 10 + 22 * i;
            s.append(line(WIDTH - RIGHT + 15, ly, WIDTH - RIGHT + 40, ly, colour, false)
                    .replace("stroke-width='1'", "stroke-width='3'"));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d'>%s</text>%n",
                    WIDTH - RIGHT + 46,
                    ly + 4,
                    Report.escape(line.getKey())));
            i++;
        }
        return s.append("</svg>\n").toString();
    }

    private static String line(double xa, double ya, double xb, double yb, String colour, boolean dashed) {
        return String.format(
                Locale.ROOT,
                "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s' stroke-width='1'%s/>%n",
                xa,
                ya,
                xb,
                yb,
                colour,
                dashed ? " stroke-dasharray='6,4'" : "");
    }

    /** Decades {@code lo..hi} of the data onto pixels {@code from..to}. */
    private record Axis(double lo, double hi, double from, double to) {
        double at(double value) {
            return from + (Math.log10(value) - lo) / (hi - lo) * (to - from);
        }
    }
}
