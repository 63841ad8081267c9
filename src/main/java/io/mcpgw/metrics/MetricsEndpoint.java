package io.mcpgw.metrics;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.Observability;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code METRICS_PORT} set: Camel's Micrometer route policy on every route (a timer per route: request count
 * and latency, and a counter of failed exchanges) in the gateway's registry, and the Prometheus endpoint
 * ({@link MetricsServer}) while the context runs. Without it nothing is added to the routes; the gateway's own
 * meters are still kept (they cost an atomic add) but nobody can read them. Rule: the route policy times routes
 * only — no context-wide timer and no per-exchange event notifier, which would double the cost of a request.
 */
public final class MetricsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private MetricsEndpoint() {
    }

    public static void install(CamelContext context, GatewaySettings settings, GatewayMetrics metrics) {
        Observability.Metrics endpoint = settings.observability().metrics().orElse(null);
        if (endpoint == null) {
            return;
        }
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics.registry());
        MicrometerRoutePolicyFactory policies = new MicrometerRoutePolicyFactory();
        policies.setMeterRegistry(metrics.registry());
        MicrometerRoutePolicyConfiguration timing = new MicrometerRoutePolicyConfiguration();
        timing.setContextEnabled(false);
        timing.setRouteEnabled(true);
        timing.setAdditionalCounters(true);
        timing.setExchangesTotal(false);
        timing.setExchangesSucceeded(false);
        timing.setExchangesFailed(true);
        timing.setFailuresHandled(true);
        timing.setExternalRedeliveries(false);
        timing.setLongTask(false);
        policies.setPolicyConfiguration(timing);
        context.addRoutePolicyFactory(policies);
        try {
            context.addService(new ServiceSupport() {
                private MetricsServer server;

                @Override
                protected void doStart() {
                    try {
                        server = MetricsServer.start(endpoint, metrics);
                    } catch (IOException e) {
                        throw new UncheckedIOException("METRICS_PORT " + endpoint.port() + " on " + endpoint.bind()
                                + " cannot be listened on: " + e.getMessage(), e);
                    }
                    LOG.info("event=metrics_ready url=http://{}:{}{}", endpoint.bind(), server.port(), endpoint.path());
                }

                @Override
                protected void doStop() {
                    if (server != null) {
                        server.close();
                        server = null;
                    }
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e); // adding a service to a context being configured does not fail
        }
    }
}
