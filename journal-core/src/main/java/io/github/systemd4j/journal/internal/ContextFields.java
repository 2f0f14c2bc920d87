package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.FieldNames;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns context entries (Logback MDC, SLF4J key-value pairs, Log4j2 ThreadContext and MapMessage
 * entries, JUL parameter maps) into journal fields, the same way in every adapter.
 *
 * <ul>
 *   <li><b>Nulls:</b> a {@code null} key is the key {@code null} (so it becomes the field {@code
 *       NULL}, and the lists can name it); a {@code null} value is the text {@code null}. Neither
 *       costs the entry.
 *   <li><b>Filter:</b> if an include list is set, only those keys; keys on the exclude list never.
 *       Lists match the original key, before any prefix or sanitising.
 *   <li><b>{@code MESSAGE_ID}:</b> a key named exactly {@code MESSAGE_ID} whose value is a UUID or 32
 *       hex digits becomes the journal's {@code MESSAGE_ID} field, {@linkplain MessageIds normalised}.
 *       An invalid value is written as an ordinary field (so nothing is lost) and reported once
 *       through the callback.
 *   <li><b>Name:</b> {@code prefix + key}, {@linkplain FieldNames#forKey sanitised}; a key that would
 *       take a reserved name such as {@code MESSAGE} is escaped to {@code ESCAPED_MESSAGE}. Names are
 *       cached per key.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class ContextFields {
    private static final String MESSAGE_ID = "MESSAGE_ID";
    private static final String NULL = "null";
    private static final int CACHE_LIMIT = 4096;

    private final String prefix;
    private final Set<String> include;
    private final Set<String> exclude;
    private final Consumer<String> invalidMessageId;
    private final ConcurrentHashMap<String, FieldName> names = new ConcurrentHashMap<>();
    private volatile boolean invalidMessageIdReported;

    /**
     * Creates a mapping.
     *
     * @param prefix prepended to every key before sanitising; empty for none
     * @param include keys to keep; empty keeps all
     * @param exclude keys to drop
     * @param invalidMessageId told once, with the offending value, when a {@code MESSAGE_ID} value is
     *     neither a UUID nor 32 hex digits
     */
    public ContextFields(
            String prefix, Collection<String> include, Collection<String> exclude, Consumer<String> invalidMessageId) {
        this.prefix = prefix == null ? "" : prefix;
        this.include = Set.copyOf(include);
        this.exclude = Set.copyOf(exclude);
        this.invalidMessageId = invalidMessageId;
    }

    /**
     * Reads an include or exclude list as adapters' configurations write it: comma-separated keys,
     * whitespace around each stripped, empty items skipped, order kept.
     *
     * @param list the list; {@code null} for none
     * @return the keys, in order
     */
    public static Set<String> parseKeyList(String list) {
        Set<String> keys = new LinkedHashSet<>();
        if (list != null) {
            for (String key : list.split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.strip());
                }
            }
        }
        return keys;
    }

    /**
     * Whether a key passes the include and exclude lists. Adapters can call this before rendering an
     * expensive value.
     *
     * @param key the original key; {@code null} is the key {@code null}
     * @return true if the key is written
     */
    public boolean includes(String key) {
        String k = key == null ? NULL : key;
        return (include.isEmpty() || include.contains(k)) && !exclude.contains(k);
    }

    /**
     * Writes one context entry, if it passes the filter; the value is rendered by {@link ValueText}
     * only then.
     *
     * @param entry the entry
     * @param key the original key; {@code null} is the key {@code null}
     * @param value the value; {@code null} is the text {@code null}
     * @param valueScratch a reusable builder for a value that is not text
     * @param idScratch a reusable builder for a normalised {@code MESSAGE_ID}, so that the id costs no
     *     {@code String}
     */
    public void write(
            JournalEntry entry, String key, Object value, StringBuilder valueScratch, StringBuilder idScratch) {
        if (!includes(key)) {
            return;
        }
        CharSequence text = value == null ? NULL : ValueText.render(value, valueScratch);
        if (MESSAGE_ID.equals(key)) {
            idScratch.setLength(0);
            if (MessageIds.normalize(text, idScratch)) {
                entry.add(JournalFields.MESSAGE_ID, idScratch);
                return;
            }
            if (!invalidMessageIdReported) {
                invalidMessageIdReported = true;
                invalidMessageId.accept(text.toString());
            }
        }
        entry.add(nameOf(key), text);
    }

    /**
     * The field name a key is written under.
     *
     * @param key the original key; {@code null} is the key {@code null}
     * @return the sanitised, prefixed name
     */
    public FieldName nameOf(String key) {
        if (key == null) {
            key = NULL; // ConcurrentHashMap takes no null keys
        }
        FieldName name = names.get(key);
        if (name == null) {
            name = FieldNames.forKey(prefix + key);
            if (names.size() < CACHE_LIMIT) {
                names.putIfAbsent(key, name);
            }
        }
        return name;
    }
}
