package io.github.systemd4j.journal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * journald's field-name rules, and the sanitiser that turns any key (an MDC key, a key-value pair, a
 * context-map key) into a name journald keeps. journald silently drops a field with an invalid name,
 * so systemd4j never sends one.
 *
 * <h2>Rules applied by {@link #sanitize(String)}</h2>
 *
 * <ol>
 *   <li>ASCII letters are upper-cased: {@code db_host} becomes {@code DB_HOST}.
 *   <li>Every other character outside {@code A-Z 0-9 _} becomes one {@code _} per code point: {@code
 *       db.host} and {@code db-host} become {@code DB_HOST}, {@code größe} becomes {@code GR__E}.
 *   <li>A name starting with a digit or {@code _} (journald reserves leading underscores for its
 *       trusted fields) gets the prefix {@code ESCAPED_}: {@code 1st} becomes {@code ESCAPED_1ST},
 *       {@code _secret} becomes {@code ESCAPED__SECRET}.
 *   <li>The result is cut to 64 bytes.
 *   <li>An empty key becomes {@code EMPTY}.
 * </ol>
 *
 * <p>{@link #forKey(String)} additionally escapes the {@linkplain JournalFields#RESERVED reserved
 * names}: a user key {@code message} becomes {@code ESCAPED_MESSAGE}, never {@code MESSAGE}. Two keys
 * that sanitise to the same name ({@code db.host} and {@code db-host}) are both kept: journal fields
 * may repeat, and {@code journalctl} shows every distinct value (journald stores a value that
 * repeats within one entry once).
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
public final class FieldNames {
    /** Longest name journald accepts, in bytes. */
    public static final int MAX_LENGTH = 64;

    /** Prefix for keys that start with a digit or underscore, or that would take a reserved name. */
    public static final String ESCAPE_PREFIX = "ESCAPED_";

    /** Name given to an empty key. */
    public static final String EMPTY = "EMPTY";

    /**
     * Keys are cached (applications log the same MDC keys over and over), up to this many so that
     * keys built from data cannot grow the cache without bound; beyond it names are computed anew.
     */
    static final int CACHE_LIMIT = 4096;

    private static final ConcurrentHashMap<String, FieldName> CACHE = new ConcurrentHashMap<>();

    private FieldNames() {}

    /**
     * Whether journald keeps a field of this name.
     *
     * @param name a candidate name
     * @return true if valid
     */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** Why journald would drop a field of this name, or null if it would keep it. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " bytes";
        }
        char first = name.charAt(0);
        if (first == '_') {
            return "a leading '_' is reserved for journald's trusted fields";
        }
        if (first >= '0' && first <= '9') {
            return "starts with a digit";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isNameChar(c)) {
                return "character '" + c + "' is not one of A-Z, 0-9, _";
            }
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * Applies the rules above, without the reserved-name check.
     *
     * @param key any key
     * @return a valid field name
     */
    public static String sanitize(String key) {
        if (key == null || key.isEmpty()) {
            return EMPTY;
        }
        if (problem(key) == null) {
            return key;
        }
        StringBuilder out = new StringBuilder(Math.min(key.length() + ESCAPE_PREFIX.length(), 80));
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 'a' && cp <= 'z') {
                out.append((char) (cp - 'a' + 'A'));
            } else if (cp < 128 && isNameChar((char) cp)) {
                out.append((char) cp);
            } else {
                out.append('_');
            }
        }
        char first = out.charAt(0);
        if (first == '_' || (first >= '0' && first <= '9')) {
            out.insert(0, ESCAPE_PREFIX);
        }
        if (out.length() > MAX_LENGTH) {
            out.setLength(MAX_LENGTH);
        }
        return out.toString();
    }

    /**
     * The field name for a user-supplied key: {@link #sanitize(String)}, then {@code ESCAPED_} in
     * front of a {@linkplain JournalFields#RESERVED reserved name}. Cached per key.
     *
     * @param key any key
     * @return a valid name that is not reserved
     */
    public static FieldName forKey(String key) {
        if (key == null) {
            key = "";
        }
        FieldName cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        String name = sanitize(key);
        if (JournalFields.RESERVED.contains(name)) {
            name = ESCAPE_PREFIX + name;
        }
        FieldName result = FieldName.trusted(name);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(key, result);
        }
        return result;
    }
}
