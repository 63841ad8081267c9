package io.mcpgw.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an {@code admin} command inside the running gateway that holds the embedded store, through its
 * {@link AdminEndpoint}: reads the admin file (refused unless owner-only), posts the arguments, prints what the
 * command printed and returns its exit code. Files stay on this side: {@code backup FILE} receives the backup and
 * writes FILE here (owner-only); {@code restore FILE} reads FILE here and sends its content.
 */
final class RemoteAdmin {
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private RemoteAdmin() {
    }

    static int run(Path adminFile, String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        try {
            return call(adminFile, args, stdin, out, err);
        } catch (AdminFailure f) {
            err.println("admin: " + f.getMessage());
            return f.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int call(Path adminFile, String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        JsonNode endpoint = readAdminFile(adminFile);
        List<String> sent = new ArrayList<>(Arrays.asList(args));
        int fileArg = fileArgument(sent);
        String command = sent.isEmpty() ? "" : sent.get(0);
        String localFile = null;
        String input = "";
        if (fileArg >= 0 && !sent.get(fileArg).equals("-")) {
            localFile = sent.get(fileArg);
            sent.set(fileArg, "-");
            if (command.equals("restore")) {
                input = readLocal(localFile);
            }
        } else if (fileArg >= 0 && command.equals("restore")) {
            input = readStdin(stdin);
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        ArrayNode a = request.putArray("args");
        sent.forEach(a::add);
        request.put("stdin", input);
        JsonNode reply = post(endpoint, request, adminFile);
        int exit = reply.path("exit").asInt(AdminExit.UNAVAILABLE);
        String printed = reply.path("out").asText("");
        err.print(reply.path("err").asText(""));
        if (command.equals("backup") && localFile != null && exit == AdminExit.OK) {
            try {
                PrivateFiles.write(Path.of(localFile), printed.strip().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw AdminFailure.badInput("cannot write " + localFile + ": " + e.getClass().getSimpleName());
            }
            out.println("wrote " + Json.read(printed, JsonNode.class).path("entries").size() + " records to "
                    + localFile);
        } else {
            out.print(printed);
        }
        return exit;
    }

    /** Index of the FILE argument of {@code backup}/{@code restore}: the first argument after it not an option. */
    static int fileArgument(List<String> args) {
        if (args.isEmpty() || !(args.get(0).equals("backup") || args.get(0).equals("restore"))) {
            return -1;
        }
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("-") || !args.get(i).startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode readAdminFile(Path file) {
        try {
            if (!PrivateFiles.ownerOnly(file)) {
                throw AdminFailure.badInput(file + " may be read by other users or belongs to another user; refusing "
                        + "to use it (it must be mode 600 and yours)");
            }
            JsonNode doc = Json.parseUntrusted(Files.readString(file));
            if (doc == null || !doc.path("url").isTextual() || !doc.path("secret").isTextual()
                    || !doc.get("url").asText().startsWith("http://127.")) {
                throw AdminFailure.badInput(file + " is not an admin file of this gateway");
            }
            return doc;
        } catch (NoSuchFileException e) {
            throw new AdminFailure(AdminExit.UNAVAILABLE, "no running gateway with the embedded store found: " + file
                    + " does not exist. Start the gateway (as this user, with the same GATEWAY_PORT and "
                    + "GATEWAY_ADMIN_FILE), or set REDIS_URL to work on a Redis store directly");
        } catch (IOException e) {
            throw new AdminFailure(AdminExit.UNAVAILABLE, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static JsonNode post(JsonNode endpoint, ObjectNode request, Path adminFile) {
        HttpRequest http = HttpRequest.newBuilder(URI.create(endpoint.get("url").asText()))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + endpoint.get("secret").asText())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(request)))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(http, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AdminFailure(AdminExit.UNAVAILABLE, "the gateway's admin endpoint refused the request (HTTP "
                        + response.statusCode() + "); is " + adminFile + " from the gateway running now?");
            }
            return Json.parseUntrusted(response.body());
        } catch (IOException e) {
            throw new AdminFailure(AdminExit.UNAVAILABLE, "the gateway that wrote " + adminFile + " does not answer "
                    + "(stopped without cleaning up?): " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminFailure(AdminExit.UNAVAILABLE, "interrupted");
        }
    }

    private static String readLocal(String file) {
        try {
            if (Files.size(Path.of(file)) > RestoreCommand.MAX_BYTES) {
                throw AdminFailure.badInput(file + " is larger than " + RestoreCommand.MAX_BYTES + " bytes");
            }
            return Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw AdminFailure.badInput("no file " + file);
        } catch (IOException e) {
            throw AdminFailure.badInput("cannot read " + file + " as UTF-8 text: " + e.getClass().getSimpleName());
        }
    }

    private static String readStdin(InputStream stdin) {
        try {
            return new String(stdin.readNBytes((int) RestoreCommand.MAX_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw AdminFailure.badInput("cannot read standard input");
        }
    }
}
