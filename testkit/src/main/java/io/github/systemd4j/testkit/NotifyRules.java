package io.github.systemd4j.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service manager's rules for notification datagrams (systemd 252, {@code manager.c} and {@code
 * service.c}): what it ignores silently. Written from the protocol reference, independently of any
 * sender, so that a fake socket can tell a test what real systemd would have dropped.
 */
final class NotifyRules {
    static final int MAX_BYTES = 4096;

    private static final Map<String, Set<String>> EXACT = Map.of(
            "READY", Set.of("1"),
            "RELOADING", Set.of("1"),
            "STOPPING", Set.of("1"),
            "FDSTORE", Set.of("1"),
            "FDSTOREREMOVE", Set.of("1"),
            "FDPOLL", Set.of("0"),
            "BARRIER", Set.of("1"),
            "WATCHDOG", Set.of("1", "trigger"));

    private NotifyRules() {}

    /** What the manager would ignore in this datagram; empty when it is accepted as sent. */
    static void check(NotifyDatagram d, List<String> problems) {
        byte[] payload = d.payload();
        int fds = d.fileDescriptors().size();
        String what = d.toString();
        if (payload.length == 0) {
            problems.add("empty datagram, ignored: " + what);
            return;
        }
        if (payload.length > MAX_BYTES) {
            problems.add(payload.length + " bytes, over " + MAX_BYTES + ": the whole datagram is ignored: " + what);
            return;
        }
        for (int i = 0; i < payload.length - 1; i++) {
            if (payload[i] == 0) {
                problems.add("NUL byte at " + i + ": the whole datagram is ignored: " + what);
                return;
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            problems.add("not valid UTF-8 (STATUS= would be ignored): " + what);
        }
        if (d.text().indexOf('\r') >= 0) {
            problems.add("carriage return: the manager splits assignments on it: " + what);
        }
        Set<String> keys = new HashSet<>();
        for (String assignment : d.assignments()) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                problems.add("line without KEY=: " + assignment);
                continue;
            }
            String key = assignment.substring(0, eq);
            String value = assignment.substring(eq + 1);
            if (!keys.add(key)) {
                problems.add(key + " appears more than once; only the first counts: " + what);
            }
            Set<String> exact = EXACT.get(key);
            if (exact != null && !exact.contains(value)) {
                problems.add(assignment + " has no effect: the manager matches exactly " + exact);
            }
        }
        boolean barrier = d.has("BARRIER=1");
        if (barrier && (d.assignments().size() != 1 || fds != 1)) {
            problems.add("BARRIER=1 must travel alone with exactly one descriptor: " + what);
        }
        if (fds > 0 && !barrier && !d.has("FDSTORE=1")) {
            problems.add(fds + " descriptors without FDSTORE=1 are closed by the manager: " + what);
        }
        if (d.has("FDSTORE=1") && fds == 0) {
            problems.add("FDSTORE=1 without descriptors stores nothing: " + what);
        }
        if (d.has("FDSTOREREMOVE=1") && d.get("FDNAME").isEmpty()) {
            problems.add("FDSTOREREMOVE=1 needs FDNAME=: " + what);
        }
    }
}
