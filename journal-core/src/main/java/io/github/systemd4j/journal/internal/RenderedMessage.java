package io.github.systemd4j.journal.internal;

/**
 * Where an {@link EventAccessor} puts an event's message text: a builder to render into, and whether
 * a layout or formatter produced it (it then decides itself whether the stack trace shows, and {@code
 * stackTraceInMessage} does not apply). One per thread, reused.
 */
public final class RenderedMessage {
    private StringBuilder builder = new StringBuilder(256);
    private CharSequence text;
    private boolean fromLayout;

    RenderedMessage() {}

    /**
     * An empty builder to render into; pass it to {@link #text} or {@link #layout} when done.
     *
     * @return the builder, cleared
     */
    public StringBuilder builder() {
        builder.setLength(0);
        return builder;
    }

    /**
     * The event's own message.
     *
     * @param message the text; null for none
     */
    public void text(CharSequence message) {
        this.text = message;
        this.fromLayout = false;
    }

    /**
     * A layout's or formatter's output; trailing line breaks are removed.
     *
     * @param rendered the text
     */
    public void layout(CharSequence rendered) {
        this.text = rendered;
        this.fromLayout = true;
    }

    /**
     * The text without the line breaks a layout ends with for files (in the journal they would only
     * force binary framing); empty when there is none.
     */
    CharSequence withoutTrailingLineBreaks() {
        if (text == null) {
            return "";
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end == text.length()) {
            return text;
        }
        if (text == builder) {
            builder.setLength(end); // ours: cut in place
            return builder;
        }
        return text.subSequence(0, end);
    }

    boolean fromLayout() {
        return fromLayout;
    }

    void reset() {
        text = null;
        fromLayout = false;
    }

    /** Lets go of the text, and of the builder if it grew beyond {@code maxChars}. */
    void trim(int maxChars) {
        text = null;
        if (builder.capacity() > maxChars) {
            builder = new StringBuilder(256);
        }
    }
}
