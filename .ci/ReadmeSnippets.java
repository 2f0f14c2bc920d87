import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Makes the consumer project from the READMEs' code blocks, so that the blocks a user copies are the
 * ones CI compiles and runs (.ci/consumer-check):
 *
 * <pre>
 *   java .ci/ReadmeSnippets.java REPO TEMPLATES OUT VERSION
 * </pre>
 *
 * <p>A fenced block in {@code REPO/README.md} or {@code REPO/*}{@code /README.md} whose previous line is
 * {@code <!-- snippet: ID -->} is the snippet ID. Every file under TEMPLATES is copied to OUT, and each
 * of its lines that is only a placeholder ({@code <!-- snippet: ID -->}, {@code // snippet: ID} or
 * {@code # snippet: ID}) is replaced by that snippet's text, indented as the placeholder. Nothing of a
 * snippet is kept anywhere else, so a README and the project cannot differ.
 *
 * <p>It fails, naming README and line, when:
 *
 * <ul>
 *   <li>a placeholder names no snippet, or a snippet is used by no template (a block that looks
 *       tested but is not);
 *   <li>one ID marks blocks of different text (the same block shown in two READMEs must stay the
 *       same);
 *   <li>the root README has a {@code java}, {@code xml} or {@code properties} block that is no
 *       snippet (every example there is compiled and run);
 *   <li>a published module's README (a module of the BOM) has no snippet with its {@code <dependency>};
 *   <li>a systemd4j {@code <dependency>} in a README has a version (the BOM gives it), or the BOM
 *       import's version is not VERSION (the version the tree releases);
 *   <li>a {@code java} command line in a README block (a unit file's {@code ExecStart=}, a console)
 *       lacks {@code --enable-native-access}, which Java 22+ needs.
 * </ul>
 */
public final class ReadmeSnippets {
    private static final Pattern MARKER = Pattern.compile("\\s*<!-- snippet: (\\S+) -->\\s*");
    private static final Pattern FENCE = Pattern.compile("(\\s*)(```+)(\\S*)\\s*");
    private static final Pattern PLACEHOLDER =
            Pattern.compile("(\\s*)(?:<!-- snippet: (\\S+) -->|// snippet: (\\S+)|# snippet: (\\S+))\\s*");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Set<String> EXAMPLE_LANGUAGES = Set.of("java", "xml", "properties");

    /** A fenced block of a README. */
    record Block(Path readme, int line, String language, String text, String id) {
        String where() {
            return readme + ":" + line;
        }
    }

    private final Path repo;
    private final List<String> problems = new ArrayList<>();

    private ReadmeSnippets(Path repo) {
        this.repo = repo;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java .ci/ReadmeSnippets.java REPO TEMPLATES OUT VERSION");
            System.exit(2);
        }
        ReadmeSnippets run = new ReadmeSnippets(Path.of(args[0]));
        Map<String, Block> snippets = run.check(args[3]);
        Map<String, List<String>> uses = run.generate(snippets, Path.of(args[1]), Path.of(args[2]));
        if (!run.problems.isEmpty()) {
            run.problems.forEach(p -> System.err.println("readme-snippets: " + p));
            System.exit(1);
        }
        StringBuilder index = new StringBuilder("# snippet <- README:line -> files of the project\n");
        snippets.forEach((id, b) -> index.append(id)
                .append(" <- ")
                .append(b.where())
                .append(" -> ")
                .append(String.join(", ", uses.get(id)))
                .append('\n'));
        Files.writeString(Path.of(args[2], "snippets.txt"), index);
        System.out.println("readme-snippets: " + snippets.size() + " snippets from the READMEs in " + args[2]
                + " (index: snippets.txt)");
    }

    /** Reads every README, checks the rules above, and returns the snippets by ID. */
    private Map<String, Block> check(String version) throws IOException {
        List<Path> readmes = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> dirs = Files.list(repo)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("README.md")))
                    .map(d -> repo.relativize(d.resolve("README.md")))
                    .sorted()
                    .forEach(readmes::add);
        }
        Map<String, Block> snippets = new TreeMap<>();
        List<Block> all = new ArrayList<>();
        for (Path readme : readmes) {
            for (Block block : blocks(readme)) {
                all.add(block);
                if (block.id() == null) {
                    continue;
                }
                Block first = snippets.putIfAbsent(block.id(), block);
                if (first != null && !first.text().equals(block.text())) {
                    problems.add(block.where() + ": snippet " + block.id() + " differs from the one at "
                            + first.where() + " (one ID, one text)");
                }
            }
        }
        for (Block block : all) {
            if (block.readme().equals(Path.of("README.md"))
                    && block.id() == null
                    && EXAMPLE_LANGUAGES.contains(block.language())) {
                problems.add(block.where() + ": an example (" + block.language()
                        + ") in the root README that is no snippet (mark it <!-- snippet: ID --> and use it"
                        + " in consumer/)");
            }
            checkDependencies(block, version);
            checkJavaCommands(block);
        }
        for (String module : publishedModules()) {
            Path readme = Path.of(module, "README.md");
            boolean given = all.stream()
                    .anyMatch(b -> b.readme().equals(readme)
                            && b.id() != null
                            && b.text().contains("<artifactId>" + module + "</artifactId>"));
            if (Files.exists(repo.resolve(readme)) && !given) {
                problems.add(readme + ": no snippet gives the <dependency> on " + module);
            }
        }
        return snippets;
    }

    /** The artifactIds the BOM pins, other than its own: the published modules. */
    private List<String> publishedModules() throws IOException {
        String bom = Files.readString(repo.resolve("bom/pom.xml"));
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(bom);
        Set<String> modules = new TreeSet<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        modules.removeAll(Set.of("systemd4j-bom", "systemd4j-parent"));
        return new ArrayList<>(modules);
    }

    private void checkDependencies(Block block, String version) {
        if (!block.language().equals("xml")) {
            return;
        }
        Matcher m = DEPENDENCY.matcher(block.text());
        while (m.find()) {
            String dependency = m.group(1);
            if (!dependency.contains("<groupId>io.github.systemd4j</groupId>")) {
                continue;
            }
            Matcher v = Pattern.compile("<version>([^<]*)</version>").matcher(dependency);
            boolean bom = dependency.contains("<artifactId>systemd4j-bom</artifactId>");
            if (bom && (!v.find() || !v.group(1).equals(version))) {
                problems.add(block.where() + ": the BOM import's version is not " + version
                        + ", the version this tree releases (the revision without -SNAPSHOT)");
            } else if (!bom && v.find()) {
                problems.add(block.where() + ": a systemd4j <dependency> with a <version>: the BOM gives it");
            }
        }
    }

    /** Every {@code java} invocation in a block that is no Java or XML source grants native access. */
    private void checkJavaCommands(Block block) {
        if (block.language().equals("java") || block.language().equals("xml")) {
            return;
        }
        String joined = block.text().replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                String word = words[i].replaceFirst("^ExecStart=", "").replace("\"", "");
                boolean java = word.equals("java") || word.endsWith("/java");
                if (java && words[i + 1].startsWith("-") && !line.contains("--enable-native-access=")) {
                    problems.add(block.where() + ": a java command without --enable-native-access=ALL-UNNAMED"
                            + " (Java 22+ needs it): " + line.trim());
                }
            }
        }
    }

    /** The fenced blocks of a README, each with its snippet ID if the line before is a marker. */
    private List<Block> blocks(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(repo.resolve(readme), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                Matcher marker = MARKER.matcher(lines.get(i));
                if (marker.matches() && (i + 1 >= lines.size() || !FENCE.matcher(lines.get(i + 1)).matches())) {
                    problems.add(readme + ":" + (i + 1) + ": snippet " + marker.group(1)
                            + " is not followed by a fenced block on the next line");
                }
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals(fence)) {
                String line = lines.get(j);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip())
                        .append('\n');
                j++;
            }
            if (j == lines.size()) {
                problems.add(readme + ":" + (i + 1) + ": a fenced block that is never closed");
            }
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
            String id = marker != null && marker.matches() ? marker.group(1) : null;
            blocks.add(new Block(readme, i + 1, open.group(3), text.toString(), id));
            i = j;
        }
        return blocks;
    }

    /** Copies the templates with their placeholders replaced; returns the files that use each snippet. */
    private Map<String, List<String>> generate(Map<String, Block> snippets, Path templates, Path out)
            throws IOException {
        Map<String, List<String>> uses = new LinkedHashMap<>();
        snippets.keySet().forEach(id -> uses.put(id, new ArrayList<>()));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(templates)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !templates.relativize(f).startsWith("target"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        for (Path file : files) {
            Path relative = templates.relativize(file);
            StringBuilder text = new StringBuilder();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                Matcher m = PLACEHOLDER.matcher(lines.get(n));
                if (!m.matches()) {
                    text.append(lines.get(n)).append('\n');
                    continue;
                }
                String id = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                Block snippet = snippets.get(id);
                if (snippet == null) {
                    problems.add(templates.resolve(relative) + ":" + (n + 1) + ": no README has snippet " + id);
                    continue;
                }
                uses.get(id).add(relative.toString());
                for (String line : snippet.text().split("\n")) {
                    text.append(line.isEmpty() ? "" : m.group(1)).append(line).append('\n');
                }
            }
            Path target = out.resolve(relative);
            Files.createDirectories(target.getParent());
            try {
                Files.writeString(target, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        uses.forEach((id, using) -> {
            if (using.isEmpty()) {
                problems.add(snippets.get(id).where() + ": snippet " + id + " is used by no file of "
                        + templates + " (so it would not be tested)");
            }
        });
        return uses;
    }
}
