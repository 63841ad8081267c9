package io.mcpgw.bench;

import io.mcpgw.testsupport.DevLoginClient;

/**
 * Prints an access token for {@code resource} from a gateway running the local development login (for load tools
 * such as wrk). Usage: {@code ObtainToken <gateway base URL> <resource> [username]}.
 */
public final class ObtainToken {
    private ObtainToken() {
    }

    public static void main(String[] args) {
        DevLoginClient client = new DevLoginClient(args[0]);
        System.out.println(client.login(args.length > 2 ? args[2] : "bench", args[1], null).accessToken());
    }
}
