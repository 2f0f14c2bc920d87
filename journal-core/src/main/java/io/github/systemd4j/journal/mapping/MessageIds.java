package io.github.systemd4j.journal.mapping;

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
        if (value == null) {
            return null;
        }
        int length = value.length();
        if (length != 32 && length != 36) {
            return null;
        }
        char[] out = new char[32];
        int n = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (length == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                out[n++] = c;
            } else if (c >= 'A' && c <= 'F') {
                out[n++] = (char) (c - 'A' + 'a');
            } else {
                return null;
            }
        }
        return new String(out);
    }
}
