package io.mcpgw.endpoints;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.oauth.client.ClientGrantsRevoker;
import io.mcpgw.oauth.client.ClientRegistrationService;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.store.StateStore;
import java.time.Clock;

/** Builds the registration endpoint (RFC 7591/7592) from the settings, the state store and the grants revoker. */
public final class RegistrationWiring {

    private RegistrationWiring() {
    }

    public static RegistrationEndpoint endpoint(GatewaySettings settings, StateStore store, ClientRepository clients,
                                                ClientGrantsRevoker revoker) {
        return new RegistrationEndpoint(new ClientRegistrationService(clients, store, settings.issuer(),
                settings.clientLifetime(), settings.registerRateLimit(), revoker, Clock.systemUTC()),
                settings.trustedProxies());
    }
}
