package io.mcpgw.access;

import java.net.URI;

/** RFC 9728 §3.1: the metadata URL of a resource inserts {@code /.well-known/oauth-protected-resource} before its path. */
public final class ProtectedResourceUrls {
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private ProtectedResourceUrls() {
    }

    public static String metadataUrl(String resource) {
        URI u = URI.create(resource);
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        return u.getScheme() + "://" + u.getRawAuthority() + WELL_KNOWN + path;
    }
}
