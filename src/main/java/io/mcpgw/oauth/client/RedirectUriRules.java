package io.mcpgw.oauth.client;
import java.util.List;
/** TEMPORARY stand-in until the registration branch lands. */
public final class RedirectUriRules { public static boolean matches(List<String> registered, String presented){ return registered.contains(presented);} }
