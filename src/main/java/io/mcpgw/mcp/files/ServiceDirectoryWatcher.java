package io.mcpgw.mcp.files;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code GATEWAY_SERVICES_DIR} and hands each created, changed or deleted file to {@link ServiceFiles}
 * after it has been quiet for a short debounce (an editor's or {@code cp}'s several writes become one load).
 */
public final class ServiceDirectoryWatcher extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceDirectoryWatcher.class);
    private static final long DEBOUNCE_MS = 250;

    private final Path dir;
    private final ServiceFiles files;
    private final ScheduledExecutorService scheduler;
    private final Map<Path, ScheduledFuture<?>> due = new ConcurrentHashMap<>();
    private WatchService watch;
    private Thread thread;

    public ServiceDirectoryWatcher(Path dir, ServiceFiles files, ScheduledExecutorService scheduler) {
        this.dir = dir;
        this.files = files;
        this.scheduler = scheduler;
    }

    @Override
    protected void doStart() throws IOException {
        watch = dir.getFileSystem().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::run, "mcp-services-watch");
        thread.setDaemon(true);
        thread.start();
        LOG.info("event=mcp_services_dir_watched dir={}", dir);
    }

    @Override
    protected void doStop() throws IOException {
        if (watch != null) {
            watch.close();
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        schedule(dir.resolve(name));
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    private void schedule(Path file) {
        due.compute(file, (p, previous) -> {
            if (previous != null) {
                previous.cancel(false);
            }
            return scheduler.schedule(() -> apply(p), DEBOUNCE_MS, TimeUnit.MILLISECONDS);
        });
    }

    private void apply(Path file) {
        due.remove(file);
        try {
            if (Files.exists(file)) {
                files.fileChanged(file);
            } else {
                files.fileRemoved(file);
            }
        } catch (RuntimeException e) {
            LOG.error("event=mcp_service_file_failed file={} error={}", file, e.toString());
        }
    }
}
