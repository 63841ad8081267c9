package io.mcpgw.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * {@code AUDIT_LOG_FILE}: appends the audit events ({@link AuditLog}) to a file of their own, in the format of the
 * console ({@code GATEWAY_LOG_FORMAT}); they still reach standard output too. Rules: one appender per file however
 * many gateways run in the process (the file is opened once, in append mode, so a restart never truncates the
 * trail); the appender stops when the last gateway using it closes it. Rotation is left to the platform
 * (logrotate with {@code copytruncate}, or a volume the log shipper reads).
 */
public final class AuditFile implements AutoCloseable {
    private static final String TEXT_PATTERN = "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} level=%level logger=%logger{0}"
            + " thread=%thread %replace(%msg){'[\\r\\n]+',' '}%n";
    private final Appender<ILoggingEvent> appender;

    private AuditFile(Appender<ILoggingEvent> appender) {
        this.appender = appender;
    }

    /** Starts appending audit events to {@code file} (format {@code text} or {@code json}). */
    public static synchronized AuditFile open(Path file, String format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger audit = context.getLogger(AuditLog.LOGGER);
        String name = "audit-file:" + file;
        Appender<ILoggingEvent> existing = audit.getAppender(name);
        if (existing instanceof SharedFileAppender shared) {
            shared.users++;
            return new AuditFile(shared);
        }
        SharedFileAppender appender = new SharedFileAppender();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context, format));
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("AUDIT_LOG_FILE " + file + " cannot be opened for appending");
        }
        audit.addAppender(appender);
        return new AuditFile(appender);
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        if ("json".equals(format)) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setPattern(TEXT_PATTERN);
        text.setContext(context);
        text.start();
        return text;
    }

    /** The file this trail appends to. */
    public String file() {
        return ((FileAppender<ILoggingEvent>) appender).getFile();
    }

    @Override
    public void close() {
        synchronized (AuditFile.class) {
            SharedFileAppender shared = (SharedFileAppender) appender;
            if (--shared.users > 0) {
                return;
            }
            Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
            audit.detachAppender(shared);
            shared.stop();
        }
    }

    /** A file appender counting the gateways that use it. */
    private static final class SharedFileAppender extends FileAppender<ILoggingEvent> {
        private int users = 1;
    }
}
