package io.mcpgw.mcp.builtin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The tools the gateway implements itself, by name; a native service file picks some of them ({@code tools}). */
public final class NativeTools {
    public static final String BEAN = "mcpNativeTools";
    private final Map<String, NativeTool> tools = new TreeMap<>();

    public NativeTools add(NativeTool tool) {
        tools.put(tool.name(), tool);
        return this;
    }

    public Optional<NativeTool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public Set<String> names() {
        return tools.keySet();
    }

    public Iterable<NativeTool> all() {
        return tools.values();
    }
}
