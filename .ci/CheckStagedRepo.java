import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks a staged Maven repository (what {@code mvn -Prelease deploy} wrote) the way Maven Central's
 * publishing portal checks an upload, and a few things more that this project promises:
 *
 * <ul>
 *   <li>every component has its POM, and a jar component its jar, -sources.jar and -javadoc.jar
 *       (with classes, .java files and an index.html in them);
 *   <li>every file has a .asc that gpg verifies, and .md5 and .sha1 files (.sha256 and .sha512 when
 *       present) that match it;
 *   <li>every POM has name, description, url, a license, a developer, scm (url and connection) and
 *       issueManagement, no {@code ${...}} left, and no parent that is not staged too;
 *   <li>one version throughout, a release one unless {@code --allow-snapshot};
 *   <li>the BOM is staged, lists exactly the other staged components at their version, and every
 *       dependency on the project's own group is a staged component.
 * </ul>
 *
 * <p>Usage: {@code java .ci/CheckStagedRepo.java REPOSITORY [--group G] [--bom ARTIFACT]
 * [--allow-snapshot]}; gpg verifies with the keyring of {@code GNUPGHOME}. Exits 1 listing every
 * problem found, 0 when there is none.
 */
public class CheckStagedRepo {
    private static final List<String> CHECKSUMS_REQUIRED = List.of("md5", "sha1");
    private static final List<String> CHECKSUMS_OPTIONAL = List.of("sha256", "sha512");
    private static final List<String> SIDE_FILES = List.of(".asc", ".md5", ".sha1", ".sha256", ".sha512");

    private final Path repo;
    private final List<String> problems = new ArrayList<>();
    private int filesChecked;

    private CheckStagedRepo(Path repo) {
        this.repo = repo;
    }

    /** A staged component: one group/artifact/version directory with its single build. */
    private record Component(String groupId, String artifactId, String version, Path dir, String prefix, Document pom) {
        String gav() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = null;
        String group = "io.github.systemd4j";
        String bom = "systemd4j-bom";
        boolean allowSnapshot = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--group" -> group = args[++i];
                case "--bom" -> bom = args[++i];
                case "--allow-snapshot" -> allowSnapshot = true;
                default -> repo = Path.of(args[i]);
            }
        }
        if (repo == null || !Files.isDirectory(repo)) {
            System.err.println("usage: java CheckStagedRepo.java REPOSITORY [--group G] [--bom ARTIFACT] [--allow-snapshot]");
            System.exit(2);
        }
        CheckStagedRepo check = new CheckStagedRepo(repo);
        List<Component> components = check.findComponents();
        check.checkAll(components, group, bom, allowSnapshot);
        if (check.problems.isEmpty()) {
            System.out.printf(
                    "staged repository OK: %d components, %d files signed and checksummed, in %s%n",
                    components.size(), check.filesChecked, repo);
        } else {
            System.out.println("staged repository NOT publishable, " + check.problems.size() + " problem(s):");
            check.problems.forEach(p -> System.out.println("  - " + p));
            System.exit(1);
        }
    }

    private void problem(String text) {
        problems.add(text);
    }

    private List<Component> findComponents() throws Exception {
        List<Path> poms;
        try (Stream<Path> files = Files.walk(repo)) {
            poms = files.filter(p -> p.getFileName().toString().endsWith(".pom")).sorted().toList();
        }
        Map<Path, List<Path>> byDir = new TreeMap<>();
        for (Path pom : poms) {
            byDir.computeIfAbsent(pom.getParent(), d -> new ArrayList<>()).add(pom);
        }
        List<Component> components = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> e : byDir.entrySet()) {
            Path dir = e.getKey();
            if (e.getValue().size() > 1) {
                problem(repo.relativize(dir) + ": " + e.getValue().size()
                        + " builds staged (deploy into an empty repository)");
            }
            Path pomFile = e.getValue().get(e.getValue().size() - 1);
            Document pom = parse(pomFile);
            if (pom == null) {
                continue;
            }
            Element project = pom.getDocumentElement();
            String groupId = text(project, "groupId");
            String artifactId = text(project, "artifactId");
            String version = text(project, "version");
            Path rel = repo.relativize(dir);
            int n = rel.getNameCount();
            String expectedGroup = n >= 3 ? rel.subpath(0, n - 2).toString().replace('/', '.') : "?";
            if (!expectedGroup.equals(groupId)
                    || !rel.getName(n - 2).toString().equals(artifactId)
                    || !rel.getName(n - 1).toString().equals(version)) {
                problem(repo.relativize(pomFile) + ": its coordinates " + groupId + ":" + artifactId + ":" + version
                        + " are not where it is stored");
            }
            String name = pomFile.getFileName().toString();
            components.add(new Component(
                    groupId, artifactId, version, dir, name.substring(0, name.length() - ".pom".length()), pom));
        }
        return components;
    }

    private void checkAll(List<Component> components, String group, String bomId, boolean allowSnapshot)
            throws Exception {
        if (components.isEmpty()) {
            problem("no POM found: nothing was staged");
            return;
        }
        Map<String, Component> byArtifact = new TreeMap<>();
        TreeSet<String> versions = new TreeSet<>();
        for (Component c : components) {
            byArtifact.put(c.groupId() + ":" + c.artifactId(), c);
            versions.add(c.version());
        }
        if (versions.size() > 1) {
            problem("more than one version staged: " + versions);
        }
        for (String v : versions) {
            if (v.endsWith("-SNAPSHOT") && !allowSnapshot) {
                problem("version " + v + " is a snapshot: Central publishes release versions only"
                        + " (-Drevision=X.Y.Z; --allow-snapshot to check a snapshot staging)");
            }
        }
        for (Component c : components) {
            checkPom(c, byArtifact);
            checkFiles(c);
        }
        checkBom(group, bomId, byArtifact);
    }

    private void checkPom(Component c, Map<String, Component> staged) throws IOException {
        Element project = c.pom().getDocumentElement();
        String where = c.gav() + " POM";
        String raw = Files.readString(c.dir().resolve(c.prefix() + ".pom"), StandardCharsets.UTF_8);
        if (raw.contains("${")) {
            problem(where + ": unresolved property reference left: "
                    + raw.substring(raw.indexOf("${"), Math.min(raw.length(), raw.indexOf("${") + 40))
                            .lines()
                            .findFirst()
                            .orElse(""));
        }
        for (String required : List.of("name", "description", "url")) {
            if (text(project, required).isBlank()) {
                problem(where + ": no <" + required + ">");
            }
        }
        Element licenses = child(project, "licenses");
        Element license = licenses == null ? null : child(licenses, "license");
        if (license == null || text(license, "name").isBlank() || text(license, "url").isBlank()) {
            problem(where + ": no <licenses><license> with name and url");
        }
        Element developers = child(project, "developers");
        Element developer = developers == null ? null : child(developers, "developer");
        if (developer == null || (text(developer, "name").isBlank() && text(developer, "id").isBlank())) {
            problem(where + ": no <developers><developer> with a name or id");
        }
        Element scm = child(project, "scm");
        if (scm == null || text(scm, "url").isBlank() || text(scm, "connection").isBlank()) {
            problem(where + ": no <scm> with url and connection");
        }
        Element issues = child(project, "issueManagement");
        if (issues == null || text(issues, "url").isBlank()) {
            problem(where + ": no <issueManagement> with url");
        }
        Element parent = child(project, "parent");
        if (parent != null) {
            String key = text(parent, "groupId") + ":" + text(parent, "artifactId");
            if (!staged.containsKey(key)) {
                problem(where + ": its parent " + key + " is not staged (users could not resolve it)");
            }
        }
    }

    private void checkFiles(Component c) throws Exception {
        String packaging = text(c.pom().getDocumentElement(), "packaging");
        List<String> required = new ArrayList<>(List.of(c.prefix() + ".pom"));
        if (!packaging.equals("pom")) {
            required.addAll(List.of(c.prefix() + ".jar", c.prefix() + "-sources.jar", c.prefix() + "-javadoc.jar"));
        }
        for (String name : required) {
            if (!Files.isRegularFile(c.dir().resolve(name))) {
                problem(c.gav() + ": " + name + " is missing");
            }
        }
        if (!packaging.equals("pom")) {
            checkJarHas(c.dir().resolve(c.prefix() + ".jar"), ".class", c);
            checkJarHas(c.dir().resolve(c.prefix() + "-sources.jar"), ".java", c);
            checkJarHas(c.dir().resolve(c.prefix() + "-javadoc.jar"), "index.html", c);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(c.dir())) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (SIDE_FILES.stream().anyMatch(name::endsWith)) {
                Path main = file.resolveSibling(name.substring(0, name.lastIndexOf('.')));
                if (!Files.exists(main)) {
                    problem(c.gav() + ": " + name + " belongs to no file");
                }
                continue;
            }
            if (name.startsWith("maven-metadata")) {
                checkChecksums(file, c, false); // Maven's index: checksummed, never signed
                continue;
            }
            filesChecked++;
            checkChecksums(file, c, true);
            checkSignature(file, c);
        }
    }

    private void checkJarHas(Path jar, String suffix, Component c) {
        if (!Files.isRegularFile(jar)) {
            return; // reported as missing
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            boolean found = zip.stream().map(ZipEntry::getName).anyMatch(n -> n.endsWith(suffix));
            if (!found) {
                problem(c.gav() + ": " + jar.getFileName() + " has no " + suffix);
            }
        } catch (IOException e) {
            problem(c.gav() + ": " + jar.getFileName() + " is not a readable jar: " + e.getMessage());
        }
    }

    private void checkChecksums(Path file, Component c, boolean required) throws IOException {
        for (String algorithm : CHECKSUMS_REQUIRED) {
            checkChecksum(file, algorithm, required, c);
        }
        for (String algorithm : CHECKSUMS_OPTIONAL) {
            checkChecksum(file, algorithm, false, c);
        }
    }

    private void checkChecksum(Path file, String algorithm, boolean required, Component c) throws IOException {
        Path sum = file.resolveSibling(file.getFileName() + "." + algorithm);
        if (!Files.exists(sum)) {
            if (required) {
                problem(c.gav() + ": " + sum.getFileName() + " is missing");
            }
            return;
        }
        // A checksum file holds the hex digest, possibly followed by the file name.
        String expected = Files.readString(sum, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
        String actual = digest(file, algorithm);
        if (!actual.equalsIgnoreCase(expected)) {
            problem(c.gav() + ": " + sum.getFileName() + " does not match " + file.getFileName());
        }
    }

    private static String digest(Path file, String algorithm) throws IOException {
        String jca =
                switch (algorithm) {
                    case "md5" -> "MD5";
                    case "sha1" -> "SHA-1";
                    case "sha256" -> "SHA-256";
                    default -> "SHA-512";
                };
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(jca);
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkSignature(Path file, Component c) throws Exception {
        Path asc = file.resolveSibling(file.getFileName() + ".asc");
        if (!Files.exists(asc)) {
            problem(c.gav() + ": " + asc.getFileName() + " is missing");
            return;
        }
        Process gpg = new ProcessBuilder("gpg", "--batch", "--verify", asc.toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(gpg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gpg.waitFor(60, TimeUnit.SECONDS)) {
            gpg.destroyForcibly();
            problem(c.gav() + ": gpg did not verify " + asc.getFileName() + " within a minute");
        } else if (gpg.exitValue() != 0) {
            String reason = out.lines()
                    .filter(l -> l.contains("BAD") || l.contains("No public key") || l.contains("no signature")
                            || l.contains("no valid OpenPGP"))
                    .findFirst()
                    .orElse("gpg exit " + gpg.exitValue());
            problem(c.gav() + ": " + asc.getFileName() + " does not verify: " + reason.trim());
        }
    }

    private void checkBom(String group, String bomId, Map<String, Component> staged) {
        Component bom = staged.get(group + ":" + bomId);
        if (bom == null) {
            problem("the BOM " + group + ":" + bomId + " is not staged");
            return;
        }
        Element project = bom.pom().getDocumentElement();
        if (!text(project, "packaging").equals("pom")) {
            problem(bom.gav() + ": a BOM has packaging pom");
        }
        Map<String, String> listed = new TreeMap<>();
        Element dm = child(project, "dependencyManagement");
        Element deps = dm == null ? null : child(dm, "dependencies");
        if (deps != null) {
            for (Element d : children(deps, "dependency")) {
                listed.put(text(d, "groupId") + ":" + text(d, "artifactId"), text(d, "version"));
            }
        }
        for (Map.Entry<String, String> e : listed.entrySet()) {
            Component c = staged.get(e.getKey());
            if (c == null) {
                problem(bom.gav() + " lists " + e.getKey() + ", which is not staged");
            } else if (!c.version().equals(e.getValue())) {
                problem(bom.gav() + " pins " + e.getKey() + " to " + e.getValue() + ", staged is " + c.version());
            }
        }
        for (Component c : staged.values()) {
            String key = c.groupId() + ":" + c.artifactId();
            if (c != bom && !listed.containsKey(key)) {
                problem(key + " is staged but not in the BOM " + bom.gav());
            }
            Element cDeps = child(c.pom().getDocumentElement(), "dependencies");
            for (Element d : cDeps == null ? List.<Element>of() : children(cDeps, "dependency")) {
                String dep = text(d, "groupId") + ":" + text(d, "artifactId");
                if (text(d, "groupId").equals(group) && !text(d, "scope").equals("test") && !staged.containsKey(dep)) {
                    problem(c.gav() + " depends on " + dep + ", which is not staged");
                }
            }
        }
    }

    private Document parse(Path pom) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // errors are thrown and reported, not printed
            return builder.parse(pom.toFile());
        } catch (Exception e) {
            problem(repo.relativize(pom) + ": not a readable POM: " + e.getMessage());
            return null;
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The text of a direct child element, "" when there is none ("jar" for a missing packaging). */
    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return name.equals("packaging") ? "jar" : "";
        }
        return e.getTextContent().trim();
    }
}
