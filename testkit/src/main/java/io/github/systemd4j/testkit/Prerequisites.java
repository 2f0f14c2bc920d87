package io.github.systemd4j.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule {@link RealJournaldExtension} and {@link RealSystemdExtension} follow, for a test's own
 * prerequisites (a tool, root): where one is missing the test is reported as skipped with the
 * reason, except under {@code CI=true}, where it fails, so that a CI machine never passes without
 * running it.
 */
public final class Prerequisites {
    private Prerequisites() {}

    /**
     * Lets the calling test go on when its prerequisite is there; skips it otherwise (fails it with
     * {@code CI=true}).
     *
     * @param present whether the prerequisite is there
     * @param missing what is missing, as the skip or failure reason, such as {@code "strace is not
     *     installed"}
     */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (ClassScopedResource.onCi()) {
            Assertions.fail(missing + " (CI=true: this test must not be skipped)");
        }
        Assumptions.abort(missing);
    }
}
