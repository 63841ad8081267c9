package io.mcpgw.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One composition root with typed wiring: every {@code ref:} of the route files is a {@link BeanNames} constant
 * that a started gateway (role {@code all}) has bound, and no main code reads a bean back from the registry by name.
 */
class BeanNamesTest {
    static final Pattern REF = Pattern.compile("^\\s*ref:\\s*(\\S+)\\s*$", Pattern.MULTILINE);

    static Set<String> constants() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field f : BeanNames.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    static Set<String> routeRefs() throws IOException {
        Set<String> refs = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Matcher m = REF.matcher(Files.readString(file));
                while (m.find()) {
                    refs.add(m.group(1));
                }
            }
        }
        return refs;
    }

    @Test
    void everyRouteRefIsABeanNameAndEveryBeanNameIsBound() throws Exception {
        assertThat(routeRefs()).isNotEmpty();
        assertThat(constants()).containsAll(routeRefs());
        try (InProcessGateway gw = InProcessGateway.start(Map.of())) {
            for (String name : constants()) {
                assertThat(gw.context().getRegistry().lookupByName(name)).as("bean %s", name).isNotNull();
            }
        }
    }

    @Test
    void noMainCodeLooksABeanUpByName() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                if (text.contains("lookupByName(") || text.contains("lookupByNameAndType(")) {
                    offenders.add(file.toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
