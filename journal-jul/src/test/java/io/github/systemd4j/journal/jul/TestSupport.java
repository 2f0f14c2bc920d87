package io.github.systemd4j.journal.jul;

import java.util.ListResourceBundle;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Small classes that test configurations name: a filter, a resource bundle, custom levels. */
final class TestSupport {
    private TestSupport() {}

    /** Rejects records whose message contains {@code DROP}. */
    public static final class DropMarked implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            return record.getMessage() == null || !record.getMessage().contains("DROP");
        }
    }

    /** A bundle with one message, {@code greeting}. */
    public static final class Messages extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {{"greeting", "Hello {0}"}};
        }
    }

    /** Levels of applications and other frameworks, between and beyond the standard ones. */
    static final class CustomLevel extends Level {
        private static final long serialVersionUID = 1L;

        static final Level VERBOSE = new CustomLevel("VERBOSE", 450);
        static final Level NOTICE = new CustomLevel("NOTICE", 850);
        static final Level ALARM = new CustomLevel("ALARM", 950);
        static final Level FATAL = new CustomLevel("FATAL", 1100);
        static final Level EMERGENCY = new CustomLevel("EMERGENCY", 2000);

        private CustomLevel(String name, int value) {
            super(name, value);
        }
    }
}
