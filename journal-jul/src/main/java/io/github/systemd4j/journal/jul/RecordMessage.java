package io.github.systemd4j.journal.jul;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.logging.LogRecord;

/**
 * The text of a {@link LogRecord}'s message, rendered by the same rules as {@link
 * java.util.logging.Formatter#formatMessage}: the message is looked up in the record's resource
 * bundle when it has one, and formatted with {@link MessageFormat} when there are parameters and the
 * text contains a placeholder such as {@code {0}}. A lookup or formatting failure leaves the text as
 * it was (the unformatted pattern, as JUL's formatters show it); a parameter that cannot be formatted
 * is also reported, where JUL's formatters say nothing (a {@code toString()} that throws an {@link
 * Error} too; only a {@link VirtualMachineError} propagates).
 *
 * <p>Written out rather than delegated because {@code Formatter.formatMessage} is {@code
 * synchronized}: one shared formatter would serialise every logging thread.
 */
final class RecordMessage {
    private RecordMessage() {}

    /**
     * Renders the message.
     *
     * @param record the record
     * @param parameterFailure told when a parameter cannot be formatted: its {@code toString()} threw,
     *     or it does not fit its placeholder ({@code {0,number}} given text); the text is then returned
     *     unformatted
     * @return the text, or null when the record has no message
     */
    static String format(LogRecord record, Consumer<Throwable> parameterFailure) {
        String text = record.getMessage();
        if (text == null) {
            return null;
        }
        ResourceBundle bundle = record.getResourceBundle();
        if (bundle != null) {
            try {
                text = bundle.getString(text);
            } catch (MissingResourceException | ClassCastException notAKey) {
                // The message is used as it is, as JUL's own formatters do.
            }
        }
        Object[] parameters = record.getParameters();
        if (parameters == null || parameters.length == 0 || !hasPlaceholder(text)) {
            return text;
        }
        MessageFormat pattern;
        try {
            pattern = new MessageFormat(text);
        } catch (IllegalArgumentException notAPattern) {
            // An unmatched brace, say: the text was not meant as a pattern; JUL shows it as it is too.
            return text;
        }
        try {
            return pattern.format(parameters);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            parameterFailure.accept(e);
            return text;
        }
    }

    /** Whether the text has an opening brace followed by a digit, which is what JUL checks before formatting. */
    private static boolean hasPlaceholder(String text) {
        for (int i = text.indexOf('{'); i >= 0 && i < text.length() - 1; i = text.indexOf('{', i + 1)) {
            char next = text.charAt(i + 1);
            if (next >= '0' && next <= '9') {
                return true;
            }
        }
        return false;
    }
}
