package io.mcpgw.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code *_FILE} form of every secret (Docker and Kubernetes secrets): {@code NAME_FILE} names a file whose
 * content is the value of {@code NAME}, so the secret never sits in the process environment, where every process of
 * the same user can read it ({@code /proc/<pid>/environ}). Rules: a variable and its {@code _FILE} form set together
 * is a problem; an unreadable, empty or oversized file is a problem that names the path, never the content;
 * {@code JWT_PRIVATE_KEY_FILE} holds the PEM itself (not base64).
 */
final class SecretFiles {
    static final String JWT_PRIVATE_KEY_FILE = "JWT_PRIVATE_KEY_FILE";
    /** Secret variable → the variables naming its file. */
    static final Map<String, String[]> FILE_FORMS = new LinkedHashMap<>();
    private static final long MAX_BYTES = 64 * 1024;

    static {
        FILE_FORMS.put(EnvVars.REDIS_URL, new String[] {EnvVars.REDIS_URL + "_FILE"});
        FILE_FORMS.put(EnvVars.REDIS_PASSWORD, new String[] {EnvVars.REDIS_PASSWORD + "_FILE"});
        FILE_FORMS.put(EnvVars.GATEWAY_CLUSTER_SECRET, new String[] {EnvVars.GATEWAY_CLUSTER_SECRET + "_FILE"});
        FILE_FORMS.put(EnvVars.GITHUB_CLIENT_SECRET, new String[] {EnvVars.GITHUB_CLIENT_SECRET + "_FILE"});
        FILE_FORMS.put(EnvVars.OIDC_CLIENT_SECRET, new String[] {EnvVars.OIDC_CLIENT_SECRET + "_FILE"});
        FILE_FORMS.put(EnvVars.UPSTREAM_TOKEN_KEY, new String[] {EnvVars.UPSTREAM_TOKEN_KEY + "_FILE"});
        FILE_FORMS.put(EnvVars.JWT_PRIVATE_KEY_B64,
                new String[] {EnvVars.JWT_PRIVATE_KEY_B64 + "_FILE", JWT_PRIVATE_KEY_FILE});
    }

    private SecretFiles() {
    }

    /** The variables with every {@code *_FILE} form replaced by the value it names; problems go to {@code problems}. */
    static Map<String, String> resolve(Map<String, String> variables, Path workingDir, ProblemList problems) {
        Map<String, String> out = new HashMap<>(variables);
        FILE_FORMS.forEach((secret, fileForms) -> {
            String chosen = null;
            for (String form : fileForms) {
                String path = blankToNull(variables.get(form));
                if (path == null) {
                    continue;
                }
                out.remove(form);
                if (blankToNull(variables.get(secret)) != null || chosen != null) {
                    problems.add(secret, "is set together with " + form + "; set only one of them");
                    continue;
                }
                chosen = form;
                String value = read(form, path, workingDir, problems);
                if (value != null) {
                    out.put(secret, form.equals(JWT_PRIVATE_KEY_FILE)
                            ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value);
                } else {
                    out.remove(secret);
                }
            }
        });
        return out;
    }

    private static String read(String variable, String path, Path workingDir, ProblemList problems) {
        try {
            Path file = workingDir.resolve(path.strip());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                problems.add(variable, "names no readable file", path.strip());
                return null;
            }
            if (Files.size(file) > MAX_BYTES) {
                problems.add(variable, "names a file larger than " + MAX_BYTES + " bytes", path.strip());
                return null;
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                problems.add(variable, "names an empty file", path.strip());
                return null;
            }
            return value;
        } catch (IOException | InvalidPathException | SecurityException e) {
            problems.add(variable, "names a file that cannot be read", path.strip());
            return null;
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
