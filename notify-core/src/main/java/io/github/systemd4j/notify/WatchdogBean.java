package io.github.systemd4j.notify;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** A {@link Watchdog}'s {@link WatchdogMXBean}, and its registration under the first free name. */
final class WatchdogBean implements WatchdogMXBean {
    private final Watchdog watchdog;

    private WatchdogBean(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    /**
     * Registers a watchdog's bean with the platform MBean server.
     *
     * @param watchdog an active watchdog
     * @return the name it got: {@code io.github.systemd4j:type=Watchdog}, or with {@code ,instance=N}
     *     when that is taken
     * @throws JMException if the server refuses it
     */
    static ObjectName register(Watchdog watchdog) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int instance = 1; ; instance++) {
            ObjectName name = new ObjectName(
                    "io.github.systemd4j:type=Watchdog" + (instance == 1 ? "" : ",instance=" + instance));
            try {
                server.registerMBean(new StandardMBean(new WatchdogBean(watchdog), WatchdogMXBean.class, true), name);
                return name;
            } catch (InstanceAlreadyExistsException e) {
                // Another watchdog runs (here or in another class loader's copy): the next number.
            }
        }
    }

    /**
     * Removes a bean {@link #register} registered.
     *
     * @param name its name
     * @throws JMException if the server refuses
     */
    static void unregister(ObjectName name) throws JMException {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    }

    @Override
    public boolean isHealthy() {
        return watchdog.status().isHealthy();
    }

    @Override
    public String getProblems() {
        return String.join("; ", watchdog.status().problems());
    }

    @Override
    public long getPings() {
        return watchdog.status().pings();
    }

    @Override
    public long getFailedSends() {
        return watchdog.status().failedSends();
    }

    @Override
    public long getTimeoutMillis() {
        return watchdog.timeout().map(Duration::toMillis).orElse(0L);
    }
}
