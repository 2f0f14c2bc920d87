package io.github.systemd4j.testkit;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A child JVM's main for {@link MissingPrerequisitesTest}: runs the named test classes with the JUnit
 * Platform launcher and prints one line per class and method, {@code OUTCOME<TAB>Class[#method]<TAB>
 * SKIPPED|SUCCESSFUL|ABORTED|FAILED<TAB>reason or exception}.
 */
public final class PrintOutcomes {
    private PrintOutcomes() {}

    public static void main(String[] classNames) throws ClassNotFoundException {
        List<org.junit.platform.engine.DiscoverySelector> selectors = new ArrayList<>();
        for (String name : classNames) {
            selectors.add(DiscoverySelectors.selectClass(Class.forName(name)));
        }
        LauncherDiscoveryRequest request =
                LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                print(test, "SKIPPED", reason);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                print(
                        test,
                        result.getStatus().name(),
                        result.getThrowable().map(Throwable::toString).orElse(""));
            }
        });
    }

    private static void print(TestIdentifier test, String status, String detail) {
        String name = name(test.getSource().orElse(null));
        if (name != null) {
            System.out.println(String.join("\t", "OUTCOME", name, status, detail.replace('\n', ' ')));
        }
    }

    /** {@code Class} or {@code Class#method} by simple names; null for the engine. */
    private static String name(TestSource source) {
        if (source instanceof MethodSource) {
            MethodSource method = (MethodSource) source;
            return method.getJavaClass().getSimpleName() + "#" + method.getMethodName();
        }
        if (source instanceof ClassSource) {
            return ((ClassSource) source).getJavaClass().getSimpleName();
        }
        return null;
    }
}
