package io.mcpgw.mcp.builtin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The tools the gateway implements itself, by {@link NativeTool#id() id}; a native service file picks some of them ({@code tools}). */
public final class NativeTools {
    public static final String BEAN = "mcpNativeTools";
    private final Map<String, NativeTool> tools = new TreeMap<>();

    public NativeTools add(NativeTool tool) {
        if (tools.putIfAbsent(tool.id(), tool) != null) {
            throw new IllegalArgumentException("two native tools with the id " + tool.id());
        }
        return this;
    }

    public Optional<NativeTool> find(String id) {
        return Optional.ofNullable(tools.get(id));
    }

    public Set<String> names() {
        return tools.keySet();
    }

    public NativeTools addAll(Iterable<? extends NativeTool> more) {
        more.forEach(this::add);
        return this;
    }

    public Iterable<NativeTool> all() {
        return tools.values();
    }
}
