package io.github.systemd4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The "How cost grows" part of the results: {@link CostGrowthBenchmark}'s sustained cost per entry
 * against the message size and against the number of fields, for each adapter synchronous and async
 * and for the C floor ({@code floor grow}), as tables per JDK and as log-log charts of the newest JDK.
 */
final class GrowthReport {
    static final String PREFIX = "CostGrowthBenchmark.log[";
    private static final List<String> ROUTES =
            List.of("logback-sync", "logback-async", "log4j2-sync", "log4j2-async", "jul-sync", "jul-async");
    private static final String C = "C sd_journal_sendv";
    /** journal-core's default fdThreshold: entries above it go through a passed file. */
    private static final int FD_THRESHOLD = 256 << 10;
    /** The message of the fields axis, and the fields of the message axis. */
    private static final int SMALL_MESSAGE = 80;

    private static final int FEW_FIELDS = 8;

    private final List<Report.Result> results;
    private final List<Map<String, Object>> floor;

    GrowthReport(List<Report.Result> results, List<Map<String, Object>> floor) {
        this.results = results.stream().filter(r -> r.name().startsWith(PREFIX)).toList();
        this.floor = floor;
    }

    boolean isEmpty() {
        return results.isEmpty();
    }

    /** ns per entry of one route ({@link #C} for the floor) at one point; NaN where not measured. */
    private double ns(String route, String jdk, int threads, int fields, int bytes) {
        if (route.equals(C)) {
            if (threads != 1) {
                return Double.NaN; // the C floor runs on one thread
            }
            for (Map<String, Object> m : floor) {
                if (Report.number(m.get("fields")) == fields && Report.number(m.get("message_bytes")) == bytes) {
                    return Report.number(m.get("ns_per_entry"));
                }
            }
            return Double.NaN;
        }
        String name = PREFIX + "route=" + route + ", work=" + fields + "x" + bytes + "]";
        for (Report.Result r : results) {
            if (r.name().equals(name) && r.jdk().equals(jdk) && r.threads() == threads) {
                return r.score();
            }
        }
        return Double.NaN;
    }

    private TreeSet<Integer> axis(boolean bytesAxis) {
        TreeSet<Integer> values = new TreeSet<>();
        for (Report.Result r : results) {
            String work = r.name().replaceAll(".*work=(\\d+x\\d+)].*", "$1");
            int fields = Integer.parseInt(work.substring(0, work.indexOf('x')));
            int bytes = Integer.parseInt(work.substring(work.indexOf('x') + 1));
            if (bytesAxis && fields == FEW_FIELDS) {
                values.add(bytes);
            } else if (!bytesAxis && bytes == SMALL_MESSAGE) {
                values.add(fields);
            }
        }
        return values;
    }

    private List<String> columns() {
        List<String> columns = new ArrayList<>(ROUTES);
        columns.add(C);
        return columns;
    }

    String markdown(List<String> jdks) {
        StringBuilder s = new StringBuilder("\n## How cost grows\n\n")
                .append("`CostGrowthBenchmark`: sustained logging through each adapter, synchronous and async")
                .append(" (async: what the whole pipeline delivers per entry, the caller waiting for room),")
                .append(" one thread, time per entry (MiB/s of message from 64 KiB); the C column is")
                .append(" `sd_journal_sendv` of the same fields. Entries above ")
                .append(FD_THRESHOLD >> 10)
                .append(" KiB (journal-core's `fdThreshold`, from the carrier measurement above) go through a")
                .append(" passed file.\n\n![cost against message size](growth-bytes.svg)\n\n")
                .append("![cost against fields](growth-fields.svg)\n");
        for (String jdk : jdks) {
            s.append("\n### ")
                    .append(jdk)
                    .append(": message size, ")
                    .append(FEW_FIELDS)
                    .append(" context fields\n\n");
            header(s, "Message");
            for (int bytes : axis(true)) {
                s.append("| ").append(size(bytes)).append(" |");
                for (String route : columns()) {
                    double ns = ns(route, jdk, 1, FEW_FIELDS, bytes);
                    s.append(' ').append(nanos(ns));
                    if (bytes >= 64 << 10 && !Double.isNaN(ns)) {
                        s.append(" (")
                                .append(Report.fmt(bytes / 1048576.0 / (ns / 1e9)))
                                .append(" MiB/s)");
                    }
                    s.append(" |");
                }
                s.append('\n');
            }
            s.append("\n### ")
                    .append(jdk)
                    .append(": context fields, ")
                    .append(SMALL_MESSAGE)
                    .append("-byte message\n\n");
            header(s, "Fields");
            for (int fields : axis(false)) {
                s.append("| ").append(fields).append(" |");
                for (String route : columns()) {
                    s.append(' ')
                            .append(nanos(ns(route, jdk, 1, fields, SMALL_MESSAGE)))
                            .append(" |");
                }
                s.append('\n');
            }
        }
        s.append("\n### Growth, per route\n\n").append("| Route |");
        for (String jdk : jdks) {
            s.append(' ')
                    .append(jdk)
                    .append(" per byte, 320 KiB ÷ 192 KiB |")
                    .append(' ')
                    .append(jdk)
                    .append(" 16 MiB ÷ 1 MiB |")
                    .append(' ')
                    .append(jdk)
                    .append(" 512 ÷ 8 fields |")
                    .append(' ')
                    .append(jdk)
                    .append(" 2 threads ÷ 1 |");
        }
        s.append("\n|---|").append("---|---|---|---|".repeat(jdks.size())).append('\n');
        for (String route : columns()) {
            s.append("| ").append(route).append(" |");
            for (String jdk : jdks) {
                // Per byte across the threshold: near 1 means no cliff where the carrier changes.
                double below = ns(route, jdk, 1, FEW_FIELDS, 196608) / 196608;
                double above = ns(route, jdk, 1, FEW_FIELDS, 327680) / 327680;
                s.append(' ').append(Report.fmt(above / below)).append(" |");
                s.append(' ')
                        .append(Report.fmt(
                                ns(route, jdk, 1, FEW_FIELDS, 16 << 20) / ns(route, jdk, 1, FEW_FIELDS, 1 << 20)))
                        .append(" |");
                s.append(' ')
                        .append(Report.fmt(
                                ns(route, jdk, 1, 512, SMALL_MESSAGE) / ns(route, jdk, 1, FEW_FIELDS, SMALL_MESSAGE)))
                        .append(" |");
                s.append(' ')
                        .append(Report.fmt(ns(route, jdk, 2, FEW_FIELDS, SMALL_MESSAGE)
                                / ns(route, jdk, 1, FEW_FIELDS, SMALL_MESSAGE)))
                        .append(" |");
            }
            s.append('\n');
        }
        for (Map<String, Object> m : floor) {
            if (m.get("error") != null) {
                s.append("\n`sd_journal_sendv` refused the entry of ")
                        .append(Report.fmtShort(Report.number(m.get("fields"))))
                        .append(" fields and ")
                        .append(size(Report.number(m.get("message_bytes"))))
                        .append(": ")
                        .append(m.get("error"))
                        .append(" (no C value).\n");
            }
        }
        s.append("\nProportional growth is 16 for 16 MiB ÷ 1 MiB. With two threads JMH reports each thread's time")
                .append(" per entry: 2 means the two threads together send no more than one.")
                .append(" The C floor runs once per run (no JDK), with one thread.\n");
        return s.toString();
    }

    private void header(StringBuilder s, String first) {
        s.append("| ").append(first).append(" |");
        for (String route : columns()) {
            s.append(' ').append(route).append(" |");
        }
        s.append("\n|---|").append("---|".repeat(columns().size())).append('\n');
    }

    /** {@code from}, {@code from × base}, … up to {@code to}: the x ticks. */
    private static List<Double> powers(int base, double from, double to) {
        List<Double> ticks = new ArrayList<>();
        for (double t = from; t <= to; t *= base) {
            ticks.add(t);
        }
        return ticks;
    }

    private static String nanos(double ns) {
        return Double.isNaN(ns) ? "–" : Report.duration(ns);
    }

    private static String size(double bytes) {
        if (bytes >= 1 << 20) {
            return Report.fmtShort(bytes / (1 << 20)) + " MiB";
        }
        if (bytes >= 1 << 10) {
            return Report.fmtShort(bytes / (1 << 10)) + " KiB";
        }
        return Report.fmtShort(bytes) + " B";
    }

    /**
     * The chart against message size or against fields, for one JDK.
     *
     * @param jdk the JDK
     * @param bytesAxis message size if true, fields if false
     * @return SVG
     */
    String chart(String jdk, boolean bytesAxis) {
        LogLogChart chart = bytesAxis
                ? new LogLogChart(
                                "µs per entry against message size, " + FEW_FIELDS + " fields, one thread, " + jdk,
                                "message size",
                                "µs per entry",
                                powers(4, 64, 16 << 20),
                                GrowthReport::size)
                        .marker("fdThreshold", FD_THRESHOLD)
                : new LogLogChart(
                        "µs per entry against context fields, " + SMALL_MESSAGE + "-byte message, one thread, " + jdk,
                        "context fields",
                        "µs per entry",
                        powers(2, 4, 1024),
                        Report::fmtShort);
        for (String route : columns()) {
            List<double[]> points = new ArrayList<>();
            for (int v : axis(bytesAxis)) {
                double ns = bytesAxis ? ns(route, jdk, 1, FEW_FIELDS, v) : ns(route, jdk, 1, v, SMALL_MESSAGE);
                points.add(new double[] {v, ns / 1000});
            }
            chart.series(route, points);
        }
        return chart.svg();
    }
}
