package io.github.systemd4j.spring;

import io.github.systemd4j.testkit.WithSystemdImage;

/** {@link BootServiceIT} under Debian trixie's systemd 257. */
@WithSystemdImage("trixie")
class BootServiceTrixieIT extends BootServiceIT {}
