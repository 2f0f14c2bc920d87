package io.github.systemd4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link RealSystemd} as a parameter: one container per test class, booted on first
 * use and halted after the class.
 *
 * <pre>{@code
 * @ExtendWith(RealSystemdExtension.class)
 * class MyServiceIT {
 *     @Test
 *     void becomesActive(RealSystemd systemd) throws Exception { ... systemd.start("app.service"); }
 * }
 * }</pre>
 *
 * <p>The class's {@link WithSystemdImage} chooses the systemd; without one, the system property
 * {@value SystemdImage#IMAGE_PROPERTY}, else the host's. The system property {@value Backend#PROPERTY}
 * chooses where it boots ({@link Backend}): by default with {@code systemd-nspawn} where this machine
 * can, else in Docker.
 *
 * <p>Where systemd cannot be booted (neither root with {@code systemd-nspawn} nor Docker, no image) the tests
 * that need it are <em>skipped</em> with the reason, so a developer's laptop stays green; with the
 * environment variable {@code CI=true} they <em>fail</em> instead, so that a CI machine never passes
 * without the real thing. This is decided before a test runs: a test method that takes a {@link
 * RealSystemd} is skipped, a test class whose constructor or lifecycle methods ({@code @BeforeAll},
 * {@code @BeforeEach}, {@code @AfterEach}, {@code @AfterAll}) take one is skipped whole, and the
 * other tests of the class run. Give each test its own unit names: the tests of a class share the
 * container. Requires JUnit 5.13 or later (the store closes {@link AutoCloseable} values).
 */
public final class RealSystemdExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealSystemdExtension.class);

    /** Creates the extension; JUnit calls this. */
    public RealSystemdExtension() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        SystemdImage image = image(ClassScopedResource.classContext(context));
        return ClassScopedResource.evaluate(
                context,
                RealSystemd.class,
                () -> RealSystemd.missing(Backend.configured(), image),
                "cannot boot a real systemd from " + image);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealSystemd.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = ClassScopedResource.classContext(context);
        Object value = classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(RealSystemd.class, k -> bootOrExplain(image(classContext)));
        if (value instanceof String) {
            throw ClassScopedResource.unavailable((String) value, "systemd");
        }
        return value;
    }

    private static SystemdImage image(ExtensionContext context) {
        WithSystemdImage chosen = context.getRequiredTestClass().getAnnotation(WithSystemdImage.class);
        return chosen == null ? SystemdImage.configured() : SystemdImage.named(chosen.value());
    }

    private static Object bootOrExplain(SystemdImage image) {
        try {
            return RealSystemd.builder().image(image).boot();
        } catch (SystemdUnavailableException e) {
            return "cannot boot a real systemd from " + image + ": " + e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException("booting a real systemd failed", e);
        }
    }
}
