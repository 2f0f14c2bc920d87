package io.github.systemd4j.journal;

/**
 * A snapshot of what a {@link JournalClient} has done since it was built.
 *
 * <ul>
 *   <li>{@link #sent()}: entries the kernel accepted for journald (datagram or file descriptor).
 *   <li>{@link #sentViaFd()}: of those, entries too large for a datagram, sent as a sealed memfd or
 *       an unlinked {@code /dev/shm} file.
 *   <li>{@link #dropped()}: entries lost because journald was absent ({@code ENOENT}), its socket
 *       stale ({@code ECONNREFUSED}) or its queue full for the whole send timeout.
 *   <li>{@link #failed()}: entries lost to any other error (permission, no file for a large entry).
 *   <li>{@link #truncated()}: sent entries that carry a truncation marker.
 * </ul>
 *
 * @param sent entries handed to journald
 * @param sentViaFd entries handed over as a file descriptor
 * @param dropped entries lost while journald was unavailable or busy
 * @param failed entries lost to other errors
 * @param truncated sent entries that were cut to the limits
 */
public record JournalCounters(long sent, long sentViaFd, long dropped, long failed, long truncated) {}
