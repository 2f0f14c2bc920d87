package io.github.systemd4j.notify;

import io.github.systemd4j.testkit.WithSystemdImage;

/** The health-gated watchdog, as {@link WatchdogIT} proves it, under Debian trixie's systemd 257. */
@WithSystemdImage("trixie")
class WatchdogTrixieIT extends WatchdogIT {}
