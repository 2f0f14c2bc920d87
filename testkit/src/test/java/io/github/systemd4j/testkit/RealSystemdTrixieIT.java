package io.github.systemd4j.testkit;

/** The same proof for the Debian trixie tree: it boots systemd 257, not the host's. */
@WithSystemdImage("trixie")
class RealSystemdTrixieIT extends RealSystemdIT {
    @Override
    int expectedVersion() {
        return 257; // Debian 13 keeps systemd 257 for its lifetime
    }
}
