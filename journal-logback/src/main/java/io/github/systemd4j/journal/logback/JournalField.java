package io.github.systemd4j.journal.logback;

/**
 * A static field written with every entry: the nested {@code <field>} element of {@link
 * JournalAppender}. Logback variable substitution works in both parts.
 *
 * <pre>{@code
 * <field><name>APP_VERSION</name><value>${APP_VERSION:-dev}</value></field>
 * }</pre>
 *
 * The name must be a valid journal field name ({@code A-Z}, {@code 0-9}, {@code _}, not starting with
 * a digit or {@code _}, at most 64 bytes) and not one of the names systemd4j writes itself; otherwise
 * the appender reports an error and does not start.
 */
public class JournalField {
    private String name;
    private String value = "";

    /** Creates an empty field; Logback calls the setters. */
    public JournalField() {}

    /**
     * Creates a field, for programmatic configuration.
     *
     * @param name the field name
     * @param value the value
     */
    public JournalField(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /**
     * The field name.
     *
     * @return the name
     */
    public String getName() {
        return name;
    }

    /**
     * Sets the field name.
     *
     * @param name the name, such as {@code APP_VERSION}
     */
    public void setName(String name) {
        this.name = name;
    }

    /**
     * The value.
     *
     * @return the value
     */
    public String getValue() {
        return value;
    }

    /**
     * Sets the value. Default: empty.
     *
     * @param value the value
     */
    public void setValue(String value) {
        this.value = value == null ? "" : value;
    }
}
