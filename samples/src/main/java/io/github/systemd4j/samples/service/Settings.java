package io.github.systemd4j.samples.service;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The settings the service reloads on {@code systemctl reload}, from a properties file such as
 * {@code /etc/app/app.properties}.
 *
 * @param dbHost the database the service pretends to query ({@code db.host}), logged as {@code
 *     DB_HOST} with every request
 */
public record Settings(String dbHost) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code dbHost} is blank or contains whitespace
     */
    public Settings {
        if (dbHost == null || dbHost.isEmpty() || dbHost.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("db.host must be a host name, not '" + dbHost + "'");
        }
    }

    /**
     * Reads the settings.
     *
     * @param file a properties file with {@code db.host}
     * @return the settings
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a value is missing or invalid
     */
    public static Settings load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        String dbHost = properties.getProperty("db.host");
        if (dbHost == null) {
            throw new IllegalArgumentException(file + " has no db.host");
        }
        return new Settings(dbHost.strip());
    }
}
