package io.mcpgw.mcp.tmux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.builtin.NativeTool;
import io.mcpgw.mcp.builtin.RpcException;
import io.mcpgw.mcp.builtin.ToolResults;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nine tools of the native {@code tmux} service, with the names, arguments and answers of the reference server
 * {@code tmux-mcp}: {@code list-sessions}, {@code find-session {name}}, {@code list-windows {sessionId}},
 * {@code list-panes {windowId}}, {@code capture-pane {paneId, lines?}}, {@code create-session {name}},
 * {@code create-window {sessionId, name}}, {@code execute-command {paneId, command, rawMode?}} and
 * {@code get-command-result {commandId}}. Lists are indented JSON ({@code [{id, name, attached, windows}]},
 * {@code [{id, name, active, sessionId}]}, {@code [{id, windowId, title, active}]}).
 *
 * <p>This service is a shell for its user by design: {@code execute-command} types any command into the user's
 * pane. Each user has a tmux server of their own ({@link TmuxRunner}); a command is typed with
 * {@code send-keys -l} (literally, never interpreted as key names) and, unless {@code rawMode}, wrapped between
 * two marker lines whose text includes the command's id, from which {@code get-command-result} reads the output
 * and exit status. Before any session exists, {@code list-sessions} is an empty list. A created session or window
 * is reported by the id tmux gives it (tmux may change a name: {@code .} and {@code :} become {@code _}).
 * {@code capture-pane}'s {@code lines} (default {@value #DEFAULT_LINES}) are history lines above the visible screen,
 * which is always included, as in the reference.
 */
public final class TmuxTools {
    private static final String START = "TMUX_MCP_START_";
    private static final String DONE = "TMUX_MCP_DONE_";
    private static final String RAW_MESSAGE =
            "Status tracking unavailable for rawMode commands. Use capture-pane to monitor interactive apps instead.";
    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final int DEFAULT_LINES = 200;
    static final int MAX_LINES = 10_000;

    private final TmuxRunner runner;
    private final TmuxCommands commands;

    public TmuxTools(TmuxRunner runner, TmuxCommands commands) {
        this.runner = runner;
        this.commands = commands;
    }

    public List<NativeTool> all() {
        List<NativeTool> tools = new ArrayList<>();
        tools.add(new TmuxTool("list-sessions", "List all active tmux sessions", props(),
                "Error listing tmux sessions", runner, c -> json(sessions(c))));
        tools.add(new TmuxTool("find-session", "Find a tmux session by name",
                props("name", "Name of the tmux session to find"), "Error finding tmux session", runner, c -> {
                    String name = c.text("name");
                    for (JsonNode s : sessions(c)) {
                        if (s.get("name").asText().equals(name)) {
                            return json(s);
                        }
                    }
                    return ToolResults.text("Session not found: " + name);
                }, "name"));
        tools.add(new TmuxTool("list-windows", "List windows in a tmux session",
                props("sessionId", "ID of the tmux session"), "Error listing windows", runner,
                c -> json(windows(c, c.text("sessionId"))), "sessionId"));
        tools.add(new TmuxTool("list-panes", "List panes in a tmux window", props("windowId", "ID of the tmux window"),
                "Error listing panes", runner, c -> json(panes(c, c.text("windowId"))), "windowId"));
        ObjectNode captureProps = props("paneId", "ID of the tmux pane");
        captureProps.putObject("lines").put("type", "string").put("description", "Number of lines to capture");
        tools.add(new TmuxTool("capture-pane", "Capture content from a tmux pane", captureProps,
                "Error capturing pane content", runner, c -> {
                    String content = capture(c, c.text("paneId"), lines(c));
                    return ToolResults.text(content.isEmpty() ? "No content captured" : content);
                }, "paneId"));
        tools.add(new TmuxTool("create-session", "Create a new tmux session",
                props("name", "Name for the new tmux session"), "Error creating session", runner, c -> {
                    String name = c.text("name");
                    String id = tmux(c, "new-session", "-d", "-s", name, "-P", "-F", "#{session_id}").strip();
                    for (JsonNode s : sessions(c)) {
                        if (s.get("id").asText().equals(id)) {
                            return ToolResults.text("Session created: " + ToolResults.indented(s));
                        }
                    }
                    return ToolResults.text("Failed to create session: " + name);
                }, "name"));
        ObjectNode windowProps = props("sessionId", "ID of the tmux session");
        windowProps.putObject("name").put("type", "string").put("description", "Name for the new window");
        tools.add(new TmuxTool("create-window", "Create a new window in a tmux session", windowProps,
                "Error creating window", runner, c -> {
                    String session = c.text("sessionId");
                    String name = c.text("name");
                    String id = tmux(c, "new-window", "-t", session, "-n", name, "-P", "-F", "#{window_id}").strip();
                    for (JsonNode w : windows(c, session)) {
                        if (w.get("id").asText().equals(id)) {
                            return ToolResults.text("Window created: " + ToolResults.indented(w));
                        }
                    }
                    return ToolResults.text("Failed to create window: " + name);
                }, "sessionId", "name"));
        ObjectNode execProps = props("paneId", "ID of the tmux pane");
        execProps.putObject("command").put("type", "string").put("description", "Command to execute");
        execProps.putObject("rawMode").put("type", "boolean").put("description", "Execute command without wrapper"
                + " markers for REPL/interactive compatibility. Disables get-command-result status tracking. Use"
                + " capture-pane to monitor interactive apps.");
        tools.add(new TmuxTool("execute-command", "Execute a command in a tmux pane and get results. For interactive"
                + " applications (REPLs, editors), use `rawMode=true`. IMPORTANT: When `rawMode=false` (default), avoid"
                + " heredoc syntax (cat << EOF) and other multi-line constructs as they conflict with command wrapping."
                + " For file writing, prefer: printf 'content\\n' > file, echo statements, or write to temp files instead",
                execProps, "Error executing command", runner, this::execute, "paneId", "command"));
        tools.add(new TmuxTool("get-command-result", "Get the result of an executed command",
                props("commandId", "ID of the executed command"), "Error retrieving command result", runner,
                this::result, "commandId"));
        return tools;
    }

    private ObjectNode execute(TmuxTool.Call c) throws TmuxException, InterruptedException {
        String pane = c.text("paneId");
        JsonNode commandNode = c.args().get("command");
        if (commandNode == null || !commandNode.isTextual()) {
            throw RpcException.invalidParams("command is required and must be a string");
        }
        String command = commandNode.textValue();
        Optional<JsonNode> raw = c.optional("rawMode");
        if (raw.isPresent() && !raw.get().isBoolean()) {
            throw RpcException.invalidParams("rawMode must be a boolean");
        }
        boolean rawMode = raw.map(JsonNode::booleanValue).orElse(false);
        tmux(c, "display-message", "-p", "-t", pane, "#{pane_id}"); // an unknown pane fails before anything is kept
        TmuxCommands.Command started = commands.start(c.user(), pane, command, rawMode);
        String marker = started.id.substring(0, 8);
        String typed = rawMode ? command
                : "echo \"" + START + marker + "\"; " + command + "; echo \"" + DONE + marker + "_$?\"";
        tmux(c, "send-keys", "-t", pane, "-l", "--", typed);
        tmux(c, "send-keys", "-t", pane, "Enter");
        if (rawMode) {
            started.result = RAW_MESSAGE;
        }
        String uri = "tmux://command/" + started.id + "/result";
        return ToolResults.text("Command execution started.\n\nCommand ID: " + started.id + "\n\nTo get results, call"
                + " get-command-result with this commandId (resource: " + uri + ").\n\nStatus will change from"
                + " 'pending' to 'completed' or 'error' when finished.");
    }

    private ObjectNode result(TmuxTool.Call c) throws TmuxException, InterruptedException {
        String id = c.text("commandId");
        Optional<TmuxCommands.Command> found = commands.find(c.user(), id);
        if (found.isEmpty()) {
            return ToolResults.error("Command not found: " + id);
        }
        TmuxCommands.Command command = found.get();
        if ("pending".equals(command.status) && !command.rawMode) {
            settle(c, command);
        }
        String text;
        if ("pending".equals(command.status)) {
            text = command.result != null
                    ? "Status: pending\nCommand: " + command.command + "\n\n--- Message ---\n" + command.result
                    : "Command still executing...\nStarted: " + JS_ISO.format(command.started) + "\nCommand: "
                    + command.command;
        } else {
            text = "Status: " + command.status + "\nExit code: " + command.exitCode + "\nCommand: " + command.command
                    + "\n\n--- Output ---\n" + command.result;
        }
        return ToolResults.text(text);
    }

    /** Reads the pane: when the command's end marker is there, its output and exit status become the result. */
    private void settle(TmuxTool.Call c, TmuxCommands.Command command) throws TmuxException, InterruptedException {
        String marker = command.id.substring(0, 8);
        List<String> lines = capture(c, command.paneId, -1).lines().toList();
        Pattern done = Pattern.compile(Pattern.quote(DONE + marker + "_") + "(\\d+)\\s*");
        for (int end = lines.size() - 1; end >= 0; end--) {
            Matcher m = done.matcher(lines.get(end));
            if (m.matches()) {
                int start = end - 1;
                while (start >= 0 && !lines.get(start).strip().equals(START + marker)) {
                    start--;
                }
                String output = String.join("\n", lines.subList(start + 1, end)).strip();
                long max = c.definition().maxBytes();
                if (output.length() > max) {
                    output = output.substring(0, (int) max) + "\n[output cut at " + max + " characters]";
                }
                command.exitCode = Integer.parseInt(m.group(1).length() > 3 ? "255" : m.group(1));
                command.result = output;
                command.status = command.exitCode == 0 ? "completed" : "error";
                return;
            }
        }
    }

    private ArrayNode sessions(TmuxTool.Call c) throws TmuxException, InterruptedException {
        TmuxRunner.Output out = runner.exec(c.user(), List.of("list-sessions", "-F",
                "#{session_id}\t#{?session_attached,1,0}\t#{session_windows}\t#{session_name}"),
                c.definition().timeout(), c.definition().maxBytes());
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (out.exitCode() != 0) {
            String reason = TmuxRunner.describe(out.stderr());
            if (reason.startsWith("no tmux server is running")) {
                return list; // nothing created yet: no sessions
            }
            throw new TmuxException(reason);
        }
        for (String line : out.stdout().lines().toList()) {
            String[] f = line.split("\t", 4);
            if (f.length == 4) {
                ObjectNode s = list.addObject();
                s.put("id", f[0]).put("name", f[3]).put("attached", f[1].equals("1"));
                s.put("windows", parseOr(f[2], 0));
            }
        }
        return list;
    }

    private ArrayNode windows(TmuxTool.Call c, String session) throws TmuxException, InterruptedException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String line : tmux(c, "list-windows", "-t", session, "-F",
                "#{window_id}\t#{?window_active,1,0}\t#{window_name}").lines().toList()) {
            String[] f = line.split("\t", 3);
            if (f.length == 3) {
                list.addObject().put("id", f[0]).put("name", f[2]).put("active", f[1].equals("1"))
                        .put("sessionId", session);
            }
        }
        return list;
    }

    private ArrayNode panes(TmuxTool.Call c, String window) throws TmuxException, InterruptedException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String line : tmux(c, "list-panes", "-t", window, "-F",
                "#{pane_id}\t#{?pane_active,1,0}\t#{pane_title}").lines().toList()) {
            String[] f = line.split("\t", 3);
            if (f.length == 3) {
                list.addObject().put("id", f[0]).put("windowId", window).put("title", f[2])
                        .put("active", f[1].equals("1"));
            }
        }
        return list;
    }

    /** The pane's text, wrapped lines joined: the last {@code lines} lines, or all its history when negative. */
    private String capture(TmuxTool.Call c, String pane, int lines) throws TmuxException, InterruptedException {
        String from = lines < 0 ? "-" : "-" + lines;
        return tmux(c, "capture-pane", "-p", "-J", "-t", pane, "-S", from, "-E", "-").strip();
    }

    private static int lines(TmuxTool.Call c) throws TmuxException {
        Optional<JsonNode> v = c.optional("lines");
        if (v.isEmpty() || (v.get().isTextual() && v.get().textValue().isBlank())) {
            return DEFAULT_LINES;
        }
        String text = v.get().isIntegralNumber() ? v.get().asText() : v.get().isTextual() ? v.get().textValue().strip() : null;
        if (text == null || !text.matches("\\d{1,9}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LINES) {
            throw new TmuxException("lines must be a whole number from 1 to " + MAX_LINES);
        }
        return Integer.parseInt(text);
    }

    private String tmux(TmuxTool.Call c, String... args) throws TmuxException, InterruptedException {
        return runner.run(c.user(), List.of(args), c.definition().timeout(), c.definition().maxBytes());
    }

    private static ObjectNode json(JsonNode value) {
        return ToolResults.text(ToolResults.indented(value));
    }

    private static int parseOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static ObjectNode props(String... nameDescription) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i + 1 < nameDescription.length; i += 2) {
            p.putObject(nameDescription[i]).put("type", "string").put("description", nameDescription[i + 1]);
        }
        return p;
    }
}
