package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers the sinks' {@link JournalMXBean}s in an MBean server under the names that interface
 * documents: {@code io.github.systemd4j:type=Journal,name=NAME} for the first live sink of a name,
 * {@code ,instance=2}, {@code 3}, … for further ones; when the holder of the plain name leaves, the
 * oldest of the others moves to it, so that the name a monitoring system polls stays in use after a
 * Log4j2 reconfiguration (whose new socket opens before the old one closes).
 *
 * <p>When the server does not exist yet, registering happens on a daemon thread: creating the
 * platform MBean server costs about a tenth of a second, and the JDK logs through {@code
 * System.Logger} while it does, which would otherwise run inside the logging framework's own start
 * (JUL's {@code LogManager} initialisation, for one). A sink closed before its bean is registered
 * never registers it.
 */
final class JournalMBeans {
    /** The platform MBean server's, created on first use. */
    static final JournalMBeans PLATFORM =
            new JournalMBeans(ManagementFactory::getPlatformMBeanServer, JournalMBeans::platformServerExists);

    private static final String DOMAIN = "io.github.systemd4j";

    private final Supplier<MBeanServer> server;
    private final BooleanSupplier serverExists;

    /** Registered beans by name, oldest first; guarded by itself. */
    private final Map<String, List<Registration>> live = new HashMap<>();

    /**
     * A registry for one MBean server.
     *
     * @param server the server, created by the first call if need be
     * @param serverExists whether calling {@code server} is cheap now; false moves registering to a
     *     daemon thread
     */
    JournalMBeans(Supplier<MBeanServer> server, BooleanSupplier serverExists) {
        this.server = server;
        this.serverExists = serverExists;
    }

    /**
     * Registers a bean under the first free name: at once if the server exists, else on a daemon
     * thread.
     *
     * @param name the adapter's name; null counts as empty
     * @param bean the bean
     * @param refused told why, if the server refuses the bean (on the registering thread)
     * @return its registration, to be {@linkplain Registration#close() closed} with the sink
     */
    Registration register(String name, JournalMXBean bean, Consumer<Throwable> refused) {
        Registration registration = new Registration(name == null ? "" : name, bean);
        Runnable task = () -> {
            try {
                // Outside the lock: creating the platform server logs, and may take a while.
                MBeanServer s = server.get();
                synchronized (live) {
                    if (registration.closed) {
                        return;
                    }
                    registerFirstFree(s, registration);
                    live.computeIfAbsent(registration.name, n -> new ArrayList<>())
                            .add(registration);
                }
            } catch (JMException | RuntimeException | LinkageError e) {
                // A server that refuses, or a runtime image without java.management.
                refused.accept(e);
            }
        };
        if (serverExists.getAsBoolean()) {
            task.run();
        } else {
            Thread thread = new Thread(task, "systemd4j-jmx");
            thread.setDaemon(true);
            thread.start();
        }
        return registration;
    }

    /** Whether the platform MBean server was created already (it is listed once it is). */
    private static boolean platformServerExists() {
        try {
            return !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (SecurityException e) {
            return false;
        }
    }

    private void unregister(Registration registration) throws JMException {
        synchronized (live) {
            registration.closed = true;
            List<Registration> same = live.get(registration.name);
            if (same == null || !same.remove(registration)) {
                return;
            }
            if (same.isEmpty()) {
                live.remove(registration.name);
            }
            server.get().unregisterMBean(registration.objectName);
            if (registration.instance == 1) {
                for (Registration next : same) {
                    if (next.instance > 1) {
                        server.get().unregisterMBean(next.objectName);
                        registerFirstFree(server.get(), next);
                        break;
                    }
                }
            }
        }
    }

    private static void registerFirstFree(MBeanServer s, Registration registration) throws JMException {
        for (int instance = 1; ; instance++) {
            ObjectName candidate = objectName(registration.name, instance);
            try {
                s.registerMBean(new StandardMBean(registration.bean, JournalMXBean.class, true), candidate);
                registration.objectName = candidate;
                registration.instance = instance;
                return;
            } catch (InstanceAlreadyExistsException e) {
                // Another adapter of this name, here or in another class loader's copy: try the next.
            }
        }
    }

    /**
     * {@code io.github.systemd4j:type=Journal,name=NAME[,instance=N]}, the name quoted if an object
     * name cannot hold it as it is; no instance key for instance 1.
     */
    private static ObjectName objectName(String name, int instance) throws MalformedObjectNameException {
        boolean plain = !name.isEmpty() && name.chars().noneMatch(c -> ",=:\"*?\n\\".indexOf(c) >= 0);
        return new ObjectName(DOMAIN + ":type=Journal,name=" + (plain ? name : ObjectName.quote(name))
                + (instance == 1 ? "" : ",instance=" + instance));
    }

    /** One sink's bean and where it is registered. */
    final class Registration {
        private final String name;
        private final JournalMXBean bean;

        /** Guarded by the registry's lock. */
        private ObjectName objectName;

        private int instance;

        /** Guarded by the registry's lock; a closed registration is never registered. */
        private boolean closed;

        private Registration(String name, JournalMXBean bean) {
            this.name = name;
            this.bean = bean;
        }

        /**
         * Removes the bean from the server; if it had the plain name, the oldest bean left under an
         * instance number moves to it. Idempotent.
         *
         * @throws JMException if the server refuses
         */
        void close() throws JMException {
            unregister(this);
        }
    }
}
