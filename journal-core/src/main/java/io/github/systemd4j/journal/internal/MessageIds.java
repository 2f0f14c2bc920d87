package io.github.systemd4j.journal.internal;

/**
 * Normalises {@code MESSAGE_ID} values to what journald's catalog expects: 32 lowercase hexadecimal
 * digits. Accepted input: 32 hex digits in any case, or a UUID in its 36-character form with dashes
 * (as {@code UUID.toString()} or {@code journalctl --new-id128} print it).
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html#MESSAGE_ID=">MESSAGE_ID=</a>
 */
public final class MessageIds {
    private MessageIds() {}

    /**
     * Normalises a message id.
     *
     * @param value the candidate
     * @return 32 lowercase hex digits, or null if the value is neither form
     */
    public static String normalize(CharSequence value) {
        StringBuilder out = new StringBuilder(32);
        return normalize(value, out) ? out.toString() : null;
    }

    /**
     * Normalises a message id into a builder the caller reuses, so that a valid id costs no allocation.
     *
     * @param value the candidate
     * @param out where the 32 lowercase hex digits are appended; left as it was if the value is invalid
     * @return false if the value is neither form
     */
    public static boolean normalize(CharSequence value, StringBuilder out) {
        if (value == null) {
            return false;
        }
        int length = value.length();
        if (length != 32 && length != 36) {
            return false;
        }
        int start = out.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (length == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
                if (c != '-') {
                    out.setLength(start);
                    return false;
                }
                continue;
            }
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                out.append(c);
            } else if (c >= 'A' && c <= 'F') {
                out.append((char) (c - 'A' + 'a'));
            } else {
                out.setLength(start);
                return false;
            }
        }
        return true;
    }
}
