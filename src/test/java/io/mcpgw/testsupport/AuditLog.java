package io.mcpgw.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures the {@code event=… key=value} lines one class logs, and the audit trail (the {@code audit} logger, where
 * the security-relevant events go), through a real logback appender, so a test can assert what it did. Close it to
 * detach.
 */
public final class AuditLog implements AutoCloseable {
    private final List<Logger> loggers;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private AuditLog(List<String> names) {
        this.loggers = names.stream().map(n -> (Logger) LoggerFactory.getLogger(n)).toList();
        appender.start();
        loggers.forEach(l -> l.addAppender(appender));
    }

    /** The lines {@code source} logs and the audit events. */
    public static AuditLog of(Class<?> source) {
        return new AuditLog(List.of(source.getName(), io.mcpgw.audit.AuditLog.LOGGER));
    }

    /** The audit events only. */
    public static AuditLog events() {
        return new AuditLog(List.of(io.mcpgw.audit.AuditLog.LOGGER));
    }

    /** Every formatted line captured so far. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Every event captured so far, with its logger and level. */
    public List<ILoggingEvent> all() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.detachAppender(appender));
        appender.stop();
    }
}
