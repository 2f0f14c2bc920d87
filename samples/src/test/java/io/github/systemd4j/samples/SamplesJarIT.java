package io.github.systemd4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged samples.jar, as samples/README.md describes it (runs after package). */
class SamplesJarIT {
    @Test
    void manifestGrantsNativeAccessForJavaMinusJar() throws Exception {
        try (JarFile jar = new JarFile(Path.of("target", "samples.jar").toFile())) {
            assertEquals("ALL-UNNAMED", jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"));
        }
    }
}
