package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers the sinks' {@link JournalMXBean}s in an MBean server under the names that interface
 * documents: {@code io.github.systemd4j:type=Journal,name=NAME} for the first live sink of a name,
 * {@code ,instance=2}, {@code 3}, … for further ones; when the holder of the plain name leaves, the
 * oldest of the others moves to it, so that the name a monitoring system polls stays in use after a
 * Log4j2 reconfiguration (whose new socket opens before the old one closes).
 */
final class JournalMBeans {
    /** The platform MBean server's, created on first use. */
    static final JournalMBeans PLATFORM = new JournalMBeans(() -> ManagementFactory.getPlatformMBeanServer());

    private static final String DOMAIN = "io.github.systemd4j";

    private final Supplier<MBeanServer> server;

    /** Registered beans by name, oldest first; guarded by itself. */
    private final Map<String, List<Registration>> live = new HashMap<>();

    JournalMBeans(Supplier<MBeanServer> server) {
        this.server = server;
    }

    /**
     * Registers a bean under the first free name.
     *
     * @param name the adapter's name; null counts as empty
     * @param bean the bean
     * @return its registration, to be {@linkplain Registration#close() closed} with the sink
     * @throws JMException if the server refuses it
     */
    Registration register(String name, JournalMXBean bean) throws JMException {
        Registration registration = new Registration(name == null ? "" : name, bean);
        synchronized (live) {
            registerFirstFree(registration);
            live.computeIfAbsent(registration.name, n -> new ArrayList<>()).add(registration);
        }
        return registration;
    }

    private void unregister(Registration registration) throws JMException {
        synchronized (live) {
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
                        registerFirstFree(next);
                        break;
                    }
                }
            }
        }
    }

    private void registerFirstFree(Registration registration) throws JMException {
        MBeanServer s = server.get();
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
