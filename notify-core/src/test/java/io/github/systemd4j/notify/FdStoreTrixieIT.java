package io.github.systemd4j.notify;

import io.github.systemd4j.testkit.WithSystemdImage;

/** The fd store across restarts, as {@link FdStoreIT} proves it, under Debian trixie's systemd 257. */
@WithSystemdImage("trixie")
class FdStoreTrixieIT extends FdStoreIT {}
