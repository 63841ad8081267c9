package io.mcpgw.config;

/**
 * {@code JWT_CRYPTO_PROVIDER}: what signs and verifies the gateway's access tokens. {@code auto} (the default) uses
 * the native AWS-LC provider where it loads (Linux x86-64) and the JDK's elsewhere; {@code jdk} always the JDK's.
 * Exactly these two (lower case) are accepted.
 */
public enum JwtCryptoProvider {
    AUTO("auto"),
    JDK("jdk");

    private final String value;

    JwtCryptoProvider(String value) {
        this.value = value;
    }

    public static JwtCryptoProvider parse(String text) {
        for (JwtCryptoProvider p : values()) {
            if (p.value.equals(text)) {
                return p;
            }
        }
        throw new BadValue("must be auto or jdk");
    }

    @Override
    public String toString() {
        return value;
    }
}
