package io.github.systemd4j.testkit;

/** A main class for the container tests: prints its arguments, one per line, and the JDK version. */
public final class PrintArgs {
    private PrintArgs() {}

    public static void main(String[] args) {
        for (String arg : args) {
            System.out.println("arg: " + arg);
        }
        System.out.println("java " + Runtime.version().feature());
    }
}
