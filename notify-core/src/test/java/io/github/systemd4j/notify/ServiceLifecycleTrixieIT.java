package io.github.systemd4j.notify;

import io.github.systemd4j.testkit.WithSystemdImage;

/** Readiness, status, timeout extension and reload, as {@link ServiceLifecycleIT} proves it, under Debian trixie's systemd 257. */
@WithSystemdImage("trixie")
class ServiceLifecycleTrixieIT extends ServiceLifecycleIT {}
