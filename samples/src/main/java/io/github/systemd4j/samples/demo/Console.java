package io.github.systemd4j.samples.demo;

import java.io.PrintStream;

/**
 * What the demo prints: numbered steps, explanations indented by two spaces, commands after {@code
 * $ } and their output indented by four spaces, long lines clipped.
 */
final class Console {
    private static final int WIDTH = 150;

    private final PrintStream out;
    private int steps;

    /**
     * A console whose next step gets number {@code stepsBefore + 1}: a demo continued in another
     * process keeps counting.
     */
    Console(PrintStream out, int stepsBefore) {
        this.out = out;
        this.steps = stepsBefore;
    }

    /** Starts a numbered step. */
    void step(String title) {
        out.println();
        out.println("[" + ++steps + "] " + title);
    }

    /** An explanation. */
    void say(String text) {
        text.lines().forEach(line -> out.println(clip("  " + line)));
    }

    /** A command as a user would type it, and what it printed. */
    void command(String typed, String output) {
        out.println("  $ " + typed);
        output.stripTrailing().lines().forEach(this::output);
    }

    /** One line of a command's output. */
    void output(String line) {
        out.println("    " + clip(line));
    }

    /** A line outside the steps, such as the summary. */
    void plain(String line) {
        out.println(line);
    }

    private static String clip(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 1) + "…";
    }
}
