package io.github.systemd4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which systemd {@link RealSystemdExtension} boots for a test class; without it, the host's. Run
 * the same tests under two systemd versions by subclassing:
 *
 * <pre>{@code
 * @ExtendWith(RealSystemdExtension.class)
 * class MyServiceIT { ... }                            // the host's systemd
 *
 * @WithSystemdImage("trixie")
 * class MyServiceTrixieIT extends MyServiceIT {}       // the same tests under systemd 257
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithSystemdImage {
    /**
     * The image, as {@link SystemdImage#named(String)} reads it.
     *
     * @return {@code host}, {@code trixie}, the absolute path of a tree, or {@code docker:} and a
     *     container image
     */
    String value();
}
