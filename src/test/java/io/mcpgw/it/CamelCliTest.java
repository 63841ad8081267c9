package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scripts/camel-run.sh hands {@code camel run} the gateway's own libraries with {@code --dep}; they must be the
 * runtime dependencies of pom.xml that Camel does not bring (not Camel, not Jackson core, not the logging backend),
 * at the same versions, or the stock CLI would run the gateway on other libraries than the jar.
 */
class CamelCliTest {
    static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency><groupId>([^<]+)</groupId><artifactId>([^<]+)</artifactId>(?:<version>([^<]+)</version>)?"
                    + "(?:<scope>([^<]+)</scope>)?</dependency>");
    static final Pattern PROPERTY = Pattern.compile("<([a-z.-]+)>([^<]+)</\\1>");

    @Test
    void theScriptsDependenciesAreThePomsNonCamelRuntimeLibraries() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Map<String, String> properties = new HashMap<>();
        Matcher p = PROPERTY.matcher(pom.substring(pom.indexOf("<properties>"), pom.indexOf("</properties>")));
        while (p.find()) {
            properties.put(p.group(1), p.group(2));
        }
        String dependencies = pom.substring(pom.indexOf("</dependencyManagement>"), pom.indexOf("<build>"));
        Set<String> expected = new TreeSet<>();
        Matcher d = DEPENDENCY.matcher(dependencies);
        while (d.find()) {
            boolean test = "test".equals(d.group(4));
            if (test || d.group(1).equals("org.apache.camel") || d.group(1).equals("ch.qos.logback")) {
                continue;
            }
            String version = d.group(3).startsWith("${")
                    ? properties.get(d.group(3).substring(2, d.group(3).length() - 1)) : d.group(3);
            expected.add(d.group(1) + ":" + d.group(2) + ":" + version);
        }

        String script = Files.readString(Path.of("scripts/camel-run.sh"));
        Matcher line = Pattern.compile("GATEWAY_DEPS=((?:[^\\n]+\\\\\\n)*[^\\n]+)").matcher(script);
        assertThat(line.find()).as("GATEWAY_DEPS in scripts/camel-run.sh").isTrue();
        Set<String> declared = new TreeSet<>(Arrays.asList(line.group(1).replace("\\\n", "").strip().split(",")));
        // Camel components are listed for camel run's sake; the comparison is about the gateway's own libraries
        declared.removeIf(dep -> dep.startsWith("org.apache.camel:"));

        assertThat(expected).contains("io.lettuce:lettuce-core:" + properties.get("lettuce.version"));
        assertThat(declared).isEqualTo(expected);
    }
}
