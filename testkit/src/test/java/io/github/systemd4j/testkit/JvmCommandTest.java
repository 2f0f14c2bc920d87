package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmCommandTest {
    private static final Path HOME = Path.of("/jdk");

    private static List<String> command(String... options) {
        return JvmCommand.command(HOME, List.of(options), "/cp", PrintArgs.class.getName(), List.of("a"));
    }

    @Test
    void grantsNativeAccessToTheClassPathByDefault() {
        assertEquals(
                List.of(
                        "/jdk/bin/java",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx64m",
                        "-cp",
                        "/cp",
                        PrintArgs.class.getName(),
                        "a"),
                command("-Xmx64m"));
    }

    @Test
    void leavesNativeAccessToOptionsThatDecideIt() {
        assertEquals(
                List.of("/jdk/bin/java", "--enable-native-access=M", "-cp", "/cp", PrintArgs.class.getName(), "a"),
                command("--enable-native-access=M"));
        assertEquals(
                List.of("/jdk/bin/java", "--illegal-native-access=deny", "-cp", "/cp", PrintArgs.class.getName(), "a"),
                command("--illegal-native-access=deny"));
    }
}
