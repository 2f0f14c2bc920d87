package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SyslogFacilityTest {
    @Test
    void namesAndNumbers() {
        assertEquals(3, SyslogFacility.parse("daemon"));
        assertEquals(16, SyslogFacility.parse(" LOCAL0 "));
        assertEquals(23, SyslogFacility.parse("local7"));
        assertEquals(0, SyslogFacility.parse("0"));
        assertEquals(23, SyslogFacility.parse("23"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"24", "-1", "local8", "", "x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyslogFacility.parse(bad));
            assertEquals("syslog facility must be 0..23 or a name such as daemon or local0: " + bad, e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SyslogFacility.parse(null));
    }
}
