package io.mcpgw.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Evaluates {@link RequiresProgram}: disables the class or method when a program it names is missing, unless
 * {@link OptionalProgram#allRequired()}, in which case the test runs and fails before its first line.
 */
public final class RequiredProgramCondition implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<OptionalProgram> missing = firstMissing(context.getElement());
        if (missing.isEmpty() || OptionalProgram.allRequired()) {
            return ConditionEvaluationResult.enabled("required programs present");
        }
        return ConditionEvaluationResult.disabled(missing.get().reason());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failIfMissing(context.getElement());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failIfMissing(context.getElement());
    }

    private static void failIfMissing(Optional<AnnotatedElement> element) {
        firstMissing(element).ifPresent(OptionalProgram::require);
    }

    private static Optional<OptionalProgram> firstMissing(Optional<AnnotatedElement> element) {
        List<RequiresProgram> declared = element
                .map(e -> AnnotationSupport.findRepeatableAnnotations(e, RequiresProgram.class)).orElse(List.of());
        return declared.stream().map(RequiresProgram::value).filter(p -> !p.isAvailable()).findFirst();
    }
}
