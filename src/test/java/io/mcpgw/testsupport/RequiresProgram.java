package io.mcpgw.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class or method needs a system program: it is skipped (one line on the console names the
 * program and how to get it) where the program is missing, and fails there when {@code MCPGW_REQUIRE_ALL_PROGRAMS=1}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequiresProgram.All.class)
@ExtendWith(RequiredProgramCondition.class)
public @interface RequiresProgram {
    OptionalProgram value();

    /** Container of repeated {@link RequiresProgram}s. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ExtendWith(RequiredProgramCondition.class)
    @interface All {
        RequiresProgram[] value();
    }
}
