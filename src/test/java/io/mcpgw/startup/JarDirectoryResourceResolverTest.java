package io.mcpgw.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.scan.DefaultPackageScanResourceResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarDirectoryResourceResolverTest {
    @TempDir
    Path dir;

    private Path jar() throws IOException {
        Path jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("routes/"));
            for (String name : new String[] {"routes/health.camel.yaml", "routes/mcp-health.camel.yaml",
                    "routes/notes.txt", "routes/nested/deep.camel.yaml", "services/time.camel.yaml",
                    "routes/Compiled.class", "other/routes/health.camel.yaml"}) {
                out.putNextEntry(new JarEntry(name));
                out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    /** The locations of every resource found for the pattern (both resolvers make Camel's jar resources of them). */
    private static Set<String> find(PackageScanResourceResolver resolver, String pattern) throws Exception {
        Set<String> found = new TreeSet<>();
        for (Resource r : resolver.findResources(pattern)) {
            found.add(r.getLocation());
        }
        return found;
    }

    @Test
    void findResourcesWhenPatternsMatchJarEntriesThenFindsWhatCamelsDefaultFindsWithTheirContent() throws Exception {
        Path jar = jar();
        String jarUrl = "file:" + jar;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                DefaultCamelContext context = new DefaultCamelContext()) {
            context.setApplicationContextClassLoader(loader); // the resources are read through it
            JarDirectoryResourceResolver ours = new JarDirectoryResourceResolver();
            DefaultPackageScanResourceResolver camels = new DefaultPackageScanResourceResolver();
            for (DefaultPackageScanResourceResolver r : new DefaultPackageScanResourceResolver[] {ours, camels}) {
                r.setCamelContext(context);
                r.addClassLoader(loader);
            }

            for (String pattern : new String[] {"classpath:routes/*.camel.yaml", "classpath:routes/mcp-*.camel.yaml",
                    "classpath:services/*.camel.yaml", "classpath:routes/**/*.camel.yaml", "classpath:absent/*.yaml",
                    "classpath:routes/*"}) {
                assertThat(find(ours, pattern)).as(pattern).isEqualTo(find(camels, pattern));
            }
            assertThat(find(ours, "classpath:routes/*.camel.yaml")).filteredOn(l -> l.contains("app.jar!"))
                    .containsExactly(jarUrl + "!/routes/health.camel.yaml", jarUrl + "!/routes/mcp-health.camel.yaml");
            assertThat(find(ours, "classpath:absent/*.yaml")).noneMatch(l -> l.contains("app.jar!"));
        }
    }

    @Test
    void installWhenCalledThenTheContextScansWithIt() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            JarDirectoryResourceResolver.install(context);
            assertThat(PluginHelper.getPackageScanResourceResolver(context))
                    .isInstanceOf(JarDirectoryResourceResolver.class);
        }
    }
}
