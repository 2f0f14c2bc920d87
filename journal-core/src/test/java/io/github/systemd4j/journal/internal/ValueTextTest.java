package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.systemd4j.journal.contract.FailingToString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTextTest {
    private static String text(Object value) {
        return ValueText.render(value).toString();
    }

    @Test
    void scalarsAreTheirText() {
        String s = "as is";
        assertSame(s, ValueText.render(s));
        assertEquals("null", text(null));
        assertEquals("42", text(42));
        assertEquals("-7", text(-7L));
        assertEquals("true", text(true));
        assertEquals("x", text('x'));
        assertEquals("1.5", text(1.5));
        assertEquals("NaN", text(Double.NaN));
        assertEquals("12.50", text(new BigDecimal("12.50")));
        assertEquals("3", text((short) 3));
    }

    @Test
    void structuresAreJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("max", 5);
        map.put("name", "a \"quoted\"\nline\\\u0001");
        map.put("none", null);
        map.put("ratio", 0.5);
        map.put("bad", Double.POSITIVE_INFINITY);
        map.put("list", List.of(true, 'c'));
        map.put(null, new int[] {1, 2});
        assertEquals(
                "{\"max\":5,\"name\":\"a \\\"quoted\\\"\\nline\\\\\\u0001\",\"none\":null,\"ratio\":0.5,"
                        + "\"bad\":\"Infinity\",\"list\":[true,\"c\"],\"null\":[1,2]}",
                text(map));
        assertEquals("[\"a\",\"b\"]", text(List.of("a", "b")));
        assertEquals("[]", text(new String[0]));
    }

    @Test
    void aMapThatContainsItselfIsCutAtTheDepthLimit() {
        List<Object> self = new ArrayList<>();
        self.add(self);
        String text = text(self);
        assertEquals(
                "[".repeat(ValueText.MAX_DEPTH + 1) + "\"[too deep]\"" + "]".repeat(ValueText.MAX_DEPTH + 1), text);
    }

    @Test
    void aFailingToStringBecomesAMarkerNeverAnException() {
        String failing = FailingToString.class.getName();
        assertEquals(
                "[FAILED toString() of " + failing + ": java.lang.IllegalStateException: half-built]",
                text(new FailingToString(new IllegalStateException("half-built"))));
        assertEquals(
                "[FAILED toString() of " + failing + ": java.lang.NoClassDefFoundError: com/example/Gone]",
                text(new FailingToString(new NoClassDefFoundError("com/example/Gone"))));
        assertEquals(
                "[\"ok\",\"[FAILED toString() of " + failing + ": java.lang.AssertionError]\"]",
                text(List.of("ok", new FailingToString(new AssertionError()))));
        StringBuilder out = new StringBuilder("kept:");
        ValueText.appendTo(out, new FailingToString(new IllegalStateException("x")));
        assertEquals("kept:[FAILED toString() of " + failing + ": java.lang.IllegalStateException: x]", out.toString());
    }

    @Test
    void onlyAVirtualMachineErrorPasses() {
        assertThrows(OutOfMemoryError.class, () -> text(new FailingToString(new OutOfMemoryError("simulated"))));
        assertThrows(
                StackOverflowError.class,
                () -> text(List.of(new FailingToString(new StackOverflowError("simulated")))));
    }
}
