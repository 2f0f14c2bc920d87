package io.github.systemd4j.journal.jul;

import io.github.systemd4j.testkit.WithSystemdImage;

/** {@link AppServiceIT} under Debian trixie's systemd and journald 257. */
@WithSystemdImage("trixie")
class AppServiceTrixieIT extends AppServiceIT {}
