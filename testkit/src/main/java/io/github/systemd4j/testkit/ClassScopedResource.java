package io.github.systemd4j.testkit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * What {@link RealJournaldExtension} and {@link RealSystemdExtension} share: one resource per test
 * class, and a missing resource skipping the test on a developer's machine but failing it on CI.
 */
final class ClassScopedResource {
    private ClassScopedResource() {}

    /** The test class's context, so that the tests of a class share one resource. */
    static ExtensionContext classContext(ExtensionContext context) {
        return context.getTestClass().isPresent()
                        && context.getParent().isPresent()
                        && context.getTestMethod().isPresent()
                ? context.getParent().get()
                : context;
    }

    /**
     * Skips the test with {@code reason}, or fails it when the environment variable {@code CI=true}.
     *
     * @param reason why the resource is unavailable
     * @param resource what the tests need, for the failure message ("journald", "systemd")
     */
    static void skipOrFail(String reason, String resource) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new ParameterResolutionException(
                    reason + " (CI=true: tests that need " + resource + " must not be skipped)");
        }
        Assumptions.abort(reason);
    }
}
