package io.github.systemd4j.journal.log4j2;

import java.util.Objects;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;

/**
 * A static field written with every entry: the nested {@code <Field>} element of {@link
 * JournalAppender}. Log4j lookups work in the value.
 *
 * <pre>{@code
 * <Journal name="journal">
 *   <Field name="APP_VERSION" value="${env:APP_VERSION:-dev}"/>
 * </Journal>
 * }</pre>
 *
 * The name must be a valid journal field name ({@code A-Z}, {@code 0-9}, {@code _}, not starting with
 * a digit or {@code _}, at most 64 bytes) and not one of the names systemd4j writes itself ({@code
 * MESSAGE}, {@code PRIORITY}, …); otherwise the appender reports an error through the {@code
 * StatusLogger} and is not created. The value defaults to empty.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
@Plugin(name = "Field", category = Core.CATEGORY_NAME, printObject = true)
public record JournalField(String name, String value) {
    /**
     * A field, for programmatic configuration ({@link JournalAppender.Builder#setFieldElements}).
     *
     * @param name the field name, such as {@code APP_VERSION}, validated when the appender is built
     * @param value the value
     */
    public JournalField {
        Objects.requireNonNull(value, "value");
    }

    /**
     * A builder, used by Log4j for the {@code <Field>} element.
     *
     * @return a new builder
     */
    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }

    /** Builds a {@link JournalField} from the element's attributes. */
    public static final class Builder implements org.apache.logging.log4j.core.util.Builder<JournalField> {
        @PluginBuilderAttribute
        private String name;

        @PluginBuilderAttribute
        private String value = "";

        private Builder() {}

        /**
         * The field name. Required.
         *
         * @param name such as {@code APP_VERSION}
         * @return this builder
         */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /**
         * The value. Default: empty.
         *
         * @param value the value
         * @return this builder
         */
        public Builder setValue(String value) {
            this.value = value == null ? "" : value;
            return this;
        }

        @Override
        public JournalField build() {
            return new JournalField(name, value);
        }
    }
}
