package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code systemd4j.journal.*} is the shared property table of journal-core's README, in kebab-case:
 * every property there is bound, described with its default in the configuration metadata, listed
 * in the starter's README, and accepted by both adapters' setters.
 */
class JournalPropertyTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| (.*?) \\| .* \\|$", Pattern.MULTILINE);

    /** The repository's root, found upwards from the working directory (the module's). */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("journal-core/README.md"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "journal-core/README.md not found above " + Path.of("").toAbsolutePath());
    }

    /** Shared property name to its default as the table writes it. */
    private static Map<String, String> sharedTable() throws IOException {
        String readme = Files.readString(root().resolve("journal-core/README.md"));
        String section = readme.substring(readme.indexOf("## Properties of the logging adapters"));
        int end = section.indexOf("\n## ", 1);
        section = end < 0 ? section : section.substring(0, end);
        Map<String, String> table = new LinkedHashMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            table.put(m.group(1), m.group(2).replace("`", ""));
        }
        assertThat(table).containsKeys("socketPath", "sendTimeout", "logStackTrace");
        return table;
    }

    private static String starterMetadata() throws IOException {
        List<URL> all = Collections.list(JournalPropertyTableTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"));
        for (URL url : all) {
            try (InputStream in = url.openStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (json.contains("\"systemd4j.journal.enabled\"")) {
                    return json;
                }
            }
        }
        throw new AssertionError("no configuration metadata with systemd4j.journal.* among " + all);
    }

    @Test
    void everySharedPropertyIsBoundAndDescribedWithItsDefault() throws IOException {
        String metadata = starterMetadata();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> row : sharedTable().entrySet()) {
            String name = "systemd4j.journal." + AdapterSettings.kebab(row.getKey());
            Matcher property = Pattern.compile(
                            "\"name\": \"" + Pattern.quote(name) + "\",[^}]*\"description\": \"([^\"]*)\"")
                    .matcher(metadata);
            if (!property.find()) {
                problems.add(name + " is not in the configuration metadata");
            } else if (!property.group(1).replace("\\/", "/").endsWith("Default: " + row.getValue() + ".")) {
                problems.add(name + ": description does not end with the table's default " + row.getValue() + ": "
                        + property.group(1));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theStarterReadmeListsEveryProperty() throws IOException {
        String readme = Files.readString(root().resolve("spring-boot-starter/README.md"));
        List<String> missing = new ArrayList<>();
        for (String name : sharedTable().keySet()) {
            String row = "| `systemd4j.journal." + AdapterSettings.kebab(name) + "` |";
            if (!readme.contains(row)) {
                missing.add(row);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void bothAdaptersTakeEverySharedPropertyAsText() throws IOException {
        for (String name : sharedTable().keySet()) {
            AdapterSettings.setter(io.github.systemd4j.journal.logback.JournalAppender.class, name);
            AdapterSettings.setter(io.github.systemd4j.journal.log4j2.JournalAppender.Builder.class, name);
        }
    }

    @Test
    void everySharedPropertyHasAFieldThatReachesTheAdapter() throws IOException {
        SystemdJournalProperties properties = new SystemdJournalProperties();
        for (String name : sharedTable().keySet()) {
            String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            java.lang.reflect.Method method = java.util.Arrays.stream(SystemdJournalProperties.class.getMethods())
                    .filter(x -> x.getName().equals(setter))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("SystemdJournalProperties has no " + setter));
            Class<?> type = method.getParameterTypes()[0];
            Object value = type == Boolean.class ? Boolean.TRUE : type == List.class ? List.of("A", "B") : "x";
            try {
                method.invoke(properties, value);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(properties.adapterSettings().keySet())
                .containsExactlyElementsOf(sharedTable().keySet());
        assertThat(properties.adapterSettings()).containsEntry("contextInclude", "A,B");
    }
}
