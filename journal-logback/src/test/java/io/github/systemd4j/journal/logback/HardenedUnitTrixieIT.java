package io.github.systemd4j.journal.logback;

import io.github.systemd4j.testkit.WithSystemdImage;

/** {@link HardenedUnitIT}'s hardened units under Debian trixie's systemd 257. */
@WithSystemdImage("trixie")
class HardenedUnitTrixieIT extends HardenedUnitIT {}
