package io.mcpgw.testsupport;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line per test skipped for a missing {@link OptionalProgram}, e.g.
 * {@code SKIPPED ForwardAuthCaddyIT: needs caddy (apt-get install caddy)}, on the test JVM's own standard error, so it
 * reaches the Maven console even though Surefire redirects test output to files. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkippedTestsReporter implements TestExecutionListener {
    private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (reason != null && reason.startsWith("needs ")) {
            report(test, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        result.getThrowable().filter(MissingProgramException.class::isInstance)
                .ifPresent(missing -> report(test, missing.getMessage()));
    }

    private static void report(TestIdentifier test, String reason) {
        String label = test.getSource().map(source -> {
            if (source instanceof MethodSource method) {
                return simpleName(method.getClassName()) + "." + method.getMethodName();
            }
            if (source instanceof ClassSource type) {
                return simpleName(type.getClassName());
            }
            return test.getDisplayName();
        }).orElse(test.getDisplayName());
        CONSOLE.println("SKIPPED " + label + ": " + reason);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
