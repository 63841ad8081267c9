package io.mcpgw.testsupport;

import org.opentest4j.TestAbortedException;

/** The test was aborted (reported as skipped) because an {@link OptionalProgram} is not installed. */
public final class MissingProgramException extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    MissingProgramException(OptionalProgram program) {
        super(program.reason());
    }
}
