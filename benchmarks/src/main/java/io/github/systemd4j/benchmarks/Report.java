package io.github.systemd4j.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one run's results into {@code README.md} (tables of medians and ratios) and {@code chart.svg}
 * in the results directory. Inputs, all written by {@code run.sh} into that directory: {@code
 * jmh-jdk<N>-t<T>.json} (JMH JSON per JDK and thread count), {@code floor.json} and {@code
 * journald.json} (JSON lines from the C floor and {@link JournaldThroughput}), {@code machine.txt}.
 *
 * <p>Claims are ratios between results of the same run; absolute times are listed for reference only.
 */
public final class Report {
    private static final JsonFactory JSON = new JsonFactory();

    /** One measured configuration: benchmark name with its parameters, on one JDK and thread count. */
    record Result(String name, String jdk, int threads, double score, String unit, double bytesPerOp) {}

    private Report() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<Result> results = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("jmh-") && n.endsWith(".json")) {
                    results.addAll(readJmh(f));
                }
            }
        }
        List<Map<String, Object>> floor = readLines(dir.resolve("floor.json"));
        List<Map<String, Object>> journald = readLines(dir.resolve("journald.json"));
        List<Map<String, Object>> stalled = readLines(dir.resolve("stalled.json"));
        String machine = Files.exists(dir.resolve("machine.txt")) ? Files.readString(dir.resolve("machine.txt")) : "";
        GrowthReport growth = new GrowthReport(results, readLines(dir.resolve("floor-growth.json")));
        List<Result> perCall = results.stream()
                .filter(r -> !r.name.startsWith(GrowthReport.PREFIX))
                .toList();
        String readme = markdown(perCall, floor, journald, stalled, machine);
        if (!growth.isEmpty()) {
            List<String> jdks = jdks(results);
            String newest = jdks.isEmpty() ? "" : jdks.get(jdks.size() - 1);
            readme += growth.markdown(jdks(perCall));
            Files.writeString(dir.resolve("growth-bytes.svg"), growth.chart(newest, true));
            Files.writeString(dir.resolve("growth-fields.svg"), growth.chart(newest, false));
        }
        Files.writeString(dir.resolve("README.md"), readme);
        Files.writeString(dir.resolve("chart.svg"), chart(perCall, floor));
        System.out.println("wrote " + dir.resolve("README.md") + " and the charts");
    }

    // ---- reading -----------------------------------------------------------------------------------

    private static List<Result> readJmh(Path file) throws IOException {
        String name = file.getFileName().toString(); // jmh-jdk25-t1.json
        String jdk = name.replaceAll(".*-(jdk\\d+)-t\\d+\\.json", "$1");
        List<Result> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            Object root = value(p, p.nextToken());
            for (Object o : (List<?>) root) {
                Map<?, ?> m = (Map<?, ?>) o;
                String benchmark = ((String) m.get("benchmark")).replace("io.github.systemd4j.benchmarks.", "");
                Map<?, ?> params = (Map<?, ?>) m.get("params");
                if (params != null && !params.isEmpty()) {
                    benchmark +=
                            new TreeMap<>(params).toString().replace('{', '[').replace('}', ']');
                }
                Map<?, ?> primary = (Map<?, ?>) m.get("primaryMetric");
                double bytes = Double.NaN;
                Map<?, ?> secondary = (Map<?, ?>) m.get("secondaryMetrics");
                if (secondary != null && secondary.get("gc.alloc.rate.norm") instanceof Map) {
                    bytes = number(((Map<?, ?>) secondary.get("gc.alloc.rate.norm")).get("score"));
                }
                out.add(new Result(
                        benchmark,
                        jdk,
                        (int) number(m.get("threads")),
                        number(primary.get("score")),
                        (String) primary.get("scoreUnit"),
                        bytes));
            }
        }
        return out;
    }

    private static List<Map<String, Object>> readLines(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("{")) {
                try (JsonParser p = JSON.createParser(line)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) value(p, p.nextToken());
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    m.put(key, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                    l.add(value(p, x));
                }
                return l;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return p.getText();
        }
    }

    static double number(Object o) {
        return o instanceof Number ? ((Number) o).doubleValue() : Double.NaN;
    }

    // ---- markdown ----------------------------------------------------------------------------------

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The JDKs of these results, oldest first. */
    private static List<String> jdks(List<Result> results) {
        return results.stream()
                .map(Result::jdk)
                .distinct()
                .sorted(Report::byVersion)
                .toList();
    }

    /** Orders {@code jdk17} before {@code jdk25} by number, not as text ({@code jdk8} before both). */
    private static int byVersion(String a, String b) {
        return Integer.compare(Integer.parseInt(a.replaceAll("\\D", "")), Integer.parseInt(b.replaceAll("\\D", "")));
    }

    /** A power of ten or a small size as a short label: 0.01, 1, 1,000. */
    static String fmtShort(double v) {
        return v >= 1
                ? String.format(Locale.ROOT, "%,.0f", v)
                : new java.math.BigDecimal(Double.toString(v))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    private static Double find(List<Result> results, String name, String jdk, int threads) {
        Result r = findResult(results, name, jdk, threads);
        return r == null ? null : r.score;
    }

    private static Result findResult(List<Result> results, String name, String jdk, int threads) {
        for (Result r : results) {
            if (r.name.equals(name) && r.jdk.equals(jdk) && r.threads == threads) {
                return r;
            }
        }
        return null;
    }

    private static double floorNs(List<Map<String, Object>> floor, String name) {
        for (Map<String, Object> m : floor) {
            if (name.equals(m.get("benchmark"))) {
                return number(m.get("ns_per_entry"));
            }
        }
        return Double.NaN;
    }

    static String markdown(
            List<Result> results,
            List<Map<String, Object>> floor,
            List<Map<String, Object>> journald,
            List<Map<String, Object>> stalled,
            String machine) {
        StringBuilder s = new StringBuilder("# Benchmark results\n\n");
        s.append("Produced by `benchmarks/run.sh` in one run; JMH medians of the measurement iterations. ")
                .append(
                        "Read the ratios, not the absolute times: they come from the same run on the same machine.\n\n");
        s.append("![chart](chart.svg)\n\n## Machine\n\n```\n")
                .append(machine.strip())
                .append("\n```\n\n");

        List<String> jdks = jdks(results);
        List<String> names = results.stream().map(Result::name).distinct().toList();
        s.append("## Per call, client side\n\n| Benchmark |");
        for (String jdk : jdks) {
            s.append(' ')
                    .append(jdk)
                    .append(" 1 thread | ")
                    .append(jdk)
                    .append(" 2 threads | ")
                    .append(jdk)
                    .append(" B/op |");
        }
        s.append("\n|---|");
        s.append("---|---|---|".repeat(jdks.size())).append('\n');
        for (String name : names) {
            s.append("| ").append(name).append(" |");
            for (String jdk : jdks) {
                Result one = findResult(results, name, jdk, 1);
                Double two = find(results, name, jdk, 2);
                s.append(' ')
                        .append(one == null ? "–" : fmt(one.score) + " " + one.unit)
                        .append(" | ")
                        .append(two == null ? "–" : fmt(two))
                        .append(" | ")
                        .append(one == null ? "–" : fmt(one.bytesPerOp))
                        .append(" |");
            }
            s.append('\n');
        }
        double raw = floorNs(floor, "c_raw_send");
        double sendv = floorNs(floor, "c_sd_journal_sendv");
        s.append("\nC floor in the same run: raw `send()` ")
                .append(fmt(raw))
                .append(" ns, `sd_journal_sendv` ")
                .append(fmt(sendv))
                .append(" ns per entry.\n\n");

        s.append("## Ratios\n\n| Comparison | ");
        s.append(String.join(" | ", jdks))
                .append(" |\n|---|")
                .append("---|".repeat(jdks.size()))
                .append('\n');
        for (String group : List.of("LogbackBenchmark.logInfo", "Log4j2Benchmark.logInfo", "JulBenchmark.logInfo")) {
            String ours = group + "[appender=systemd4j]";
            for (String other : names) {
                if (other.startsWith(group + "[") && !other.equals(ours) && !other.endsWith("=baseline]")) {
                    row(s, "`" + other + "` ÷ ours (×, higher is better for us)", jdks, results, other, ours);
                }
            }
            String baseline = group + "[appender=baseline]";
            if (names.contains(baseline) && names.contains(ours)) {
                // The framework's own cost, measured with an appender that only keeps the event.
                s.append("| added by our appender over `").append(baseline).append("`, 1 thread (ns, B/op) |");
                for (String jdk : jdks) {
                    Result o = findResult(results, ours, jdk, 1);
                    Result n = findResult(results, baseline, jdk, 1);
                    s.append(' ')
                            .append(
                                    o == null || n == null
                                            ? "–"
                                            : fmt(o.score - n.score) + " ns, " + fmt(o.bytesPerOp - n.bytesPerOp)
                                                    + " B")
                            .append(" |");
                }
                s.append('\n');
            }
            if (!Double.isNaN(sendv) && names.contains(ours)) {
                s.append("| ours ÷ C `sd_journal_sendv` (×, lower is better) |");
                for (String jdk : jdks) {
                    Double o = find(results, ours, jdk, 1);
                    s.append(' ').append(o == null ? "–" : fmt(o / sendv)).append(" |");
                }
                s.append('\n');
            }
        }
        // Async mode, caller side: bursts the queues hold (CallerCostBenchmark).
        for (String[] pair : List.of(
                new String[] {"logback-async", "logback-sync"},
                new String[] {"logback-async", "logback-AsyncAppender"},
                new String[] {"log4j2-async", "log4j2-sync"},
                new String[] {"log4j2-async", "log4j2-AsyncLogger"},
                new String[] {"jul-async", "jul-sync"})) {
            String num = "CallerCostBenchmark.burst[route=" + pair[0] + "]";
            String den = "CallerCostBenchmark.burst[route=" + pair[1] + "]";
            if (names.contains(num) && names.contains(den)) {
                row(
                        s,
                        "caller's cost, `" + pair[0] + "` ÷ `" + pair[1] + "` (×, below 1: the first is cheaper)",
                        jdks,
                        results,
                        num,
                        den);
            }
        }
        for (String method : List.of("datagram", "fileDescriptor16MiB")) {
            String ffm = "TransportBenchmark." + method + "[transport=ffm]";
            String jux = "TransportBenchmark." + method + "[transport=junixsocket]";
            if (names.contains(ffm) && names.contains(jux)) {
                row(
                        s,
                        "socket-core " + method + ": junixsocket ÷ FFM (×, above 1: FFM faster)",
                        jdks,
                        results,
                        jux,
                        ffm);
            }
        }
        if (!Double.isNaN(raw)) {
            s.append("| journal-core encode+send ÷ C raw `send()` (×) |");
            for (String jdk : jdks) {
                Double o = find(results, "JournalCoreBenchmark.encodeAndSend", jdk, 1);
                s.append(' ').append(o == null ? "–" : fmt(o / raw)).append(" |");
            }
            s.append('\n');
        }
        s.append("\n## Large entries through a passed file\n\n| Size | ");
        s.append(String.join(" | ", jdks))
                .append(" |\n|---|")
                .append("---|".repeat(jdks.size()))
                .append('\n');
        for (String name : names) {
            if (name.startsWith("LargeEntryBenchmark")) {
                double bytes = Double.parseDouble(name.replaceAll(".*bytes=(\\d+).*", "$1"));
                s.append("| ").append((long) bytes >> 20).append(" MiB |");
                for (String jdk : jdks) {
                    Double us = find(results, name, jdk, 1);
                    s.append(' ')
                            .append(us == null ? "–" : fmt(bytes / (1 << 20) / (us / 1e6)) + " MiB/s")
                            .append(" |");
                }
                s.append('\n');
            }
        }
        s.append("\n(JDK 17 writes an unlinked `/dev/shm` file; JDK 22+ a sealed memfd.)\n");
        carrierBoundary(s, results, jdks);
        s.append("\n`CallerCostBenchmark` times bursts of ")
                .append(CallerCostBenchmark.BURST)
                .append(" calls that every queue holds, each started once the previous one was delivered; its")
                .append(" B/op counts every thread's allocations, the sender threads' included.\n");
        if (!journald.isEmpty()) {
            s.append("\n## Into a real journald\n\n| Sender | delivered | entries/s |\n|---|---|---|\n");
            Map<String, Double> rates = new LinkedHashMap<>();
            for (Map<String, Object> m : journald) {
                double rate = number(m.get("entries_per_second"));
                String sender = String.valueOf(m.get("benchmark")).replace("journald_delivered_", "");
                rates.put(sender, rate);
                s.append("| ")
                        .append(sender)
                        .append(" | ")
                        .append(fmt(number(m.get("delivered"))))
                        .append(" of ")
                        .append(fmt(number(m.get("sent"))))
                        .append(" | ")
                        .append(fmt(rate))
                        .append(" |\n");
            }
            s.append("\nThe `jvm_` senders are JVM processes that differ only in the client library (same entry, same")
                    .append(
                            " command-line length); `c_` is the C floor, a process journald has less to record for.\n\n");
            rate(s, rates, "systemd4j ÷ JNA `sd_journal_send`, both from a JVM", "jvm_systemd4j", "jvm_jna-sdsend");
            rate(s, rates, "systemd4j async ÷ synchronous", "jvm_s4j-async", "jvm_systemd4j");
            rate(s, rates, "systemd4j (JVM) ÷ C `sd_journal_sendv`", "jvm_systemd4j", "c_sd_journal_sendv");
        }
        if (!stalled.isEmpty()) {
            s.append("\n## The logging call while journald is stopped\n\n")
                    .append(
                            "One thread logs 2,000 entries/s into a real journald; journald is stopped (SIGSTOP) after 1 s")
                    .append(
                            " for the given seconds, then resumed; every call's duration (`sendTimeout` 1 s, queue 8 MB).\n\n")
                    .append("| Mode | stopped | calls | p50 | p99 | p99.9 | max | sent | dropped |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> m : stalled) {
                s.append("| ")
                        .append(String.valueOf(m.get("benchmark")).replace("stalled_journald_", ""))
                        .append(" | ")
                        .append(fmt(number(m.get("stall_seconds"))))
                        .append(" s | ")
                        .append(fmt(number(m.get("calls"))));
                for (String p : List.of("p50_ns", "p99_ns", "p999_ns", "max_ns")) {
                    s.append(" | ").append(duration(number(m.get(p))));
                }
                s.append(" | ")
                        .append(fmt(number(m.get("sent"))))
                        .append(" | ")
                        .append(fmt(number(m.get("dropped"))))
                        .append(" |\n");
            }
        }
        return s.toString();
    }

    /** Datagram against passed file at the same sizes: the measurement behind {@code fdThreshold}. */
    private static void carrierBoundary(StringBuilder s, List<Result> results, List<String> jdks) {
        List<Integer> sizes = new ArrayList<>();
        for (Result r : results) {
            if (r.name.startsWith("CarrierBoundaryBenchmark.send[")) {
                int bytes = Integer.parseInt(r.name.replaceAll(".*bytes=(\\d+).*", "$1"));
                if (!sizes.contains(bytes)) {
                    sizes.add(bytes);
                }
            }
        }
        if (sizes.isEmpty()) {
            return;
        }
        sizes.sort(null);
        s.append("\n## Datagram or passed file (µs per entry, one thread)\n\n| Size |");
        for (String jdk : jdks) {
            s.append(' ').append(jdk).append(" datagram | ").append(jdk).append(" file | file ÷ datagram |");
        }
        s.append("\n|---|").append("---|---|---|".repeat(jdks.size())).append('\n');
        for (int bytes : sizes) {
            s.append("| ").append(bytes >> 10).append(" KiB |");
            for (String jdk : jdks) {
                String base = "CarrierBoundaryBenchmark.send[bytes=" + bytes + ", carrier=";
                Double datagram = find(results, base + "datagram]", jdk, 1);
                Double file = find(results, base + "file]", jdk, 1);
                s.append(' ').append(datagram == null ? "–" : fmt(datagram)).append(" |");
                s.append(' ').append(file == null ? "–" : fmt(file)).append(" |");
                s.append(' ')
                        .append(datagram == null || file == null ? "–" : fmt(file / datagram))
                        .append(" |");
            }
            s.append('\n');
        }
        s.append("\nThe sender's cost only; journal-core's default `fdThreshold` is 256 KiB.\n");
    }

    static String duration(double nanos) {
        if (nanos >= 1e9) {
            return fmt(nanos / 1e9) + " s";
        }
        if (nanos >= 1e6) {
            return fmt(nanos / 1e6) + " ms";
        }
        return fmt(nanos / 1e3) + " µs";
    }

    private static void rate(StringBuilder s, Map<String, Double> rates, String label, String num, String den) {
        if (rates.containsKey(num) && rates.containsKey(den)) {
            s.append("* ")
                    .append(label)
                    .append(": ")
                    .append(fmt(rates.get(num) / rates.get(den)))
                    .append('\n');
        }
    }

    private static void row(
            StringBuilder s, String label, List<String> jdks, List<Result> results, String num, String den) {
        s.append("| ").append(label).append(" |");
        for (String jdk : jdks) {
            Double n = find(results, num, jdk, 1);
            Double d = find(results, den, jdk, 1);
            s.append(' ').append(n == null || d == null ? "–" : fmt(n / d)).append(" |");
        }
        s.append('\n');
    }

    // ---- chart -------------------------------------------------------------------------------------

    /** Horizontal bars, log scale, one thread, on the newest JDK of the run, with the C floor. */
    static String chart(List<Result> results, List<Map<String, Object>> floor) {
        List<String> jdks = jdks(results);
        String jdk = jdks.isEmpty() ? "" : jdks.get(jdks.size() - 1);
        Map<String, Double> bars = new LinkedHashMap<>();
        for (Map<String, Object> m : floor) {
            bars.put("C " + m.get("benchmark").toString().substring(2), number(m.get("ns_per_entry")));
        }
        for (Result r : results) {
            if (r.jdk.equals(jdk) && r.threads == 1 && "ns/op".equals(r.unit)) {
                bars.put(
                        r.name.replace("Benchmark", "")
                                .replace("[appender=", " ")
                                .replace("]", ""),
                        r.score);
            }
        }
        int rowHeight = 26;
        int labelWidth = 330;
        int width = 900;
        int height = 60 + rowHeight * bars.size();
        double max =
                bars.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double min = 100;
        double scale = (width - labelWidth - 90) / Math.log10(Math.max(max, min * 10) / min);
        StringBuilder s =
                svgStart(width, height, "ns per log call, one thread, " + jdk + " (log scale; shorter is faster)");
        int y = 40;
        for (Map.Entry<String, Double> bar : bars.entrySet()) {
            double w = Math.max(2, scale * Math.log10(Math.max(bar.getValue(), min) / min));
            String colour = bar.getKey().startsWith("C ")
                    ? "#888888"
                    : bar.getKey().contains("systemd4j") || bar.getKey().startsWith("JournalCore")
                            ? "#2a7ab0"
                            : "#d08030";
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' text-anchor='end'>%s</text>%n",
                    labelWidth - 8,
                    y + 15,
                    escape(bar.getKey())));
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x='%d' y='%d' width='%.1f' height='%d' fill='%s'/>%n",
                    labelWidth,
                    y + 3,
                    w,
                    rowHeight - 8,
                    colour));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%.1f' y='%d'>%s ns</text>%n",
                    labelWidth + w + 6,
                    y + 15,
                    fmt(bar.getValue())));
            y += rowHeight;
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * The opening of a chart: the SVG element, a white background and the title.
     *
     * @param width pixels
     * @param height pixels
     * @param title the title, as text
     * @return a builder holding them
     */
    static StringBuilder svgStart(int width, int height, String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='13'>%n",
                width,
                height));
        s.append("<rect width='100%' height='100%' fill='white'/>\n");
        s.append(String.format(
                Locale.ROOT, "<text x='10' y='22' font-size='15' font-weight='bold'>%s</text>%n", escape(title)));
        return s;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
