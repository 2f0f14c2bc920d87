package io.github.systemd4j.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * What {@link RealJournaldExtension} and {@link RealSystemdExtension} share: one resource per test
 * class, and a missing resource skipping the tests that need it on a developer's machine but failing
 * them on CI.
 *
 * <p>Skipping is decided by an execution condition, before any parameter is resolved: JUnit turns
 * an abort thrown while resolving a parameter into an error, not a skip.
 */
final class ClassScopedResource {
    private static final List<Class<? extends Annotation>> LIFECYCLE =
            List.of(BeforeAll.class, BeforeEach.class, AfterEach.class, AfterAll.class);

    private ClassScopedResource() {}

    /** The test class's context, so that the tests of a class share one resource. */
    static ExtensionContext classContext(ExtensionContext context) {
        return context.getTestClass().isPresent()
                        && context.getParent().isPresent()
                        && context.getTestMethod().isPresent()
                ? context.getParent().get()
                : context;
    }

    /** Whether the environment variable {@code CI} is {@code true}: nothing may be skipped then. */
    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Disables a test method that takes a {@code type} parameter, or a test class whose constructor
     * or lifecycle methods take one, when the resource is missing and {@code CI} is not {@code true}.
     * With {@code CI=true} it stays enabled, so that resolving the parameter fails it.
     *
     * @param context the test method's or class's context
     * @param type the resource's parameter type
     * @param missing what this machine lacks for it, empty if nothing; asked only where needed
     * @param what the message's beginning, such as "cannot start a real journald"
     */
    static ConditionEvaluationResult evaluate(
            ExtensionContext context, Class<?> type, Supplier<Optional<String>> missing, String what) {
        if (!takes(context, type)) {
            return ConditionEvaluationResult.enabled("takes no " + type.getSimpleName());
        }
        Optional<String> reason = missing.get();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled(type.getSimpleName() + " is available");
        }
        if (onCi()) {
            return ConditionEvaluationResult.enabled("CI=true: never skipped, fails where it is unavailable");
        }
        return ConditionEvaluationResult.disabled(what + ": " + reason.get());
    }

    /** Whether the method of a method context, or the class of a class context, takes a {@code type}. */
    private static boolean takes(ExtensionContext context, Class<?> type) {
        List<Executable> candidates = new ArrayList<>();
        if (context.getTestMethod().isPresent()) {
            candidates.add(context.getTestMethod().get());
        } else if (context.getTestClass().isPresent()) {
            Class<?> testClass = context.getTestClass().get();
            for (Constructor<?> constructor : testClass.getDeclaredConstructors()) {
                candidates.add(constructor);
            }
            for (Class<? extends Annotation> lifecycle : LIFECYCLE) {
                List<Method> methods =
                        AnnotationSupport.findAnnotatedMethods(testClass, lifecycle, HierarchyTraversalMode.TOP_DOWN);
                candidates.addAll(methods);
            }
        }
        return candidates.stream()
                .anyMatch(e -> Arrays.asList(e.getParameterTypes()).contains(type));
    }

    /**
     * The failure for a test whose resource could not be had although its condition let it run:
     * with {@code CI=true}, or when the machine changed in between.
     *
     * @param reason why the resource is unavailable
     * @param resource what the tests need, for the message ("journald", "systemd")
     */
    static ParameterResolutionException unavailable(String reason, String resource) {
        return new ParameterResolutionException(
                onCi() ? reason + " (CI=true: tests that need " + resource + " must not be skipped)" : reason);
    }
}
