package io.github.systemd4j.notify;

import java.util.Locale;

/**
 * Which processes of a unit may send notifications, as set with {@code NotifyAccess=} in the unit
 * file or changed at runtime with {@code NOTIFYACCESS=} (systemd 254 and later).
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#NotifyAccess=">systemd.service(5): NotifyAccess=</a>
 */
public enum NotifyAccess {
    /** No process; every notification is ignored. */
    NONE,
    /** Only the main process (the default for {@code Type=notify} and {@code WatchdogSec=}). */
    MAIN,
    /** The main process and the control processes ({@code ExecStartPre=}, {@code ExecReload=}, …). */
    EXEC,
    /** Every process in the unit's cgroup. */
    ALL;

    /**
     * The value as systemd writes it.
     *
     * @return {@code none}, {@code main}, {@code exec} or {@code all}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
