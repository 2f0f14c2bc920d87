package io.github.systemd4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link RealJournald} as a parameter, one per test class, stopped and cleaned up after
 * the class.
 *
 * <pre>{@code
 * @ExtendWith(RealJournaldExtension.class)
 * class MyAppenderIT {
 *     @Test
 *     void logsDbHost(RealJournald journald) { ... journald.await(1, Duration.ofSeconds(5), "DB_HOST=db1"); }
 * }
 * }</pre>
 *
 * <p>The system property {@value Backend#PROPERTY} chooses where journald runs ({@link Backend}): by
 * default on this host where it can, else in Docker.
 *
 * <p>Where journald cannot be started (neither root nor Docker, no systemd binaries) the tests that need it are
 * <em>skipped</em> with the reason, so a developer's laptop stays green; with the environment
 * variable {@code CI=true} they <em>fail</em> instead, so that a CI machine never passes without the
 * real thing. This is decided before a test runs: a test method that takes a {@link RealJournald} is
 * skipped, a test class whose constructor or lifecycle methods ({@code @BeforeAll},
 * {@code @BeforeEach}, {@code @AfterEach}, {@code @AfterAll}) take one is skipped whole, and the
 * other tests of the class run. Requires JUnit 5.13 or later (the store closes {@link
 * AutoCloseable} values).
 */
public final class RealJournaldExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealJournaldExtension.class);

    /** Creates the extension; JUnit calls this. */
    public RealJournaldExtension() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return ClassScopedResource.evaluate(
                context,
                RealJournald.class,
                () -> RealJournald.missing(Backend.configured()),
                "cannot start a real journald");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealJournald.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Object value = ClassScopedResource.classContext(context)
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(RealJournald.class, k -> startOrExplain());
        if (value instanceof String) {
            throw ClassScopedResource.unavailable((String) value, "journald");
        }
        return value;
    }

    private static Object startOrExplain() {
        try {
            return RealJournald.start();
        } catch (JournaldUnavailableException e) {
            return "cannot start a real journald: " + e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException("starting a real journald failed", e);
        }
    }
}
