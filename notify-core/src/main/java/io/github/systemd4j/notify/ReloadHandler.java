package io.github.systemd4j.notify;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reloads the application's configuration the way systemd expects: on {@code SIGHUP} it sends
 * {@code RELOADING=1} with {@code MONOTONIC_USEC=}, runs the application's reload action, and sends
 * {@code READY=1} when it is done.
 *
 * <pre>{@code
 * SystemdNotifier notifier = SystemdNotifier.fromEnvironment();
 * ReloadHandler.onSighup(notifier, () -> config = Config.load(path)); // first thing in main
 * startServer();
 * notifier.ready();                                                 // a reload held back runs now
 * }</pre>
 *
 * <p><b>Install it first.</b> Until a handler is installed, {@code SIGHUP} takes the JVM's default
 * action and ends the process, so install it before the start, not after {@code READY=1}. A {@code
 * SIGHUP} that arrives before {@code READY=1} went out through the same notifier is held back (and
 * logged): a reload ends with {@code READY=1}, which must not tell systemd the service is ready
 * while it is still starting. Once {@code READY=1} went out, the reload runs on a thread of its own;
 * several {@code SIGHUP}s before then make one reload, which reads the newest configuration. Outside
 * systemd ({@code NOTIFY_SOCKET} unset) there is no {@code READY=1} to wait for, and a {@code SIGHUP}
 * reloads at once. {@link #reload()} itself never waits.
 *
 * <p><b>Unit file.</b> With systemd 253 or later, {@code Type=notify-reload} sends {@code SIGHUP}
 * itself and waits for the two messages; {@code MONOTONIC_USEC} is what tells it the reload began
 * after its request. With older systemd (such as Debian 12's 252), use {@code Type=notify} and
 * {@code ExecReload=kill -HUP $MAINPID}: the unit is {@code reloading} from {@code RELOADING=1}
 * until {@code READY=1}. There, {@code systemctl reload} itself can return early: if {@code kill}
 * exits before {@code RELOADING=1} arrives, systemd 252 counts the reload as done and then treats
 * {@code RELOADING=1} as a new reload (seen on 252 when a second reload waited for the first).
 * {@code Type=notify-reload} has no such race.
 *
 * <p><b>Failure.</b> If the action throws, the previous configuration is assumed to stay in force:
 * the handler sends {@code READY=1} (so the unit leaves the reloading state instead of waiting for
 * a timeout), {@code ERRNO=22} ({@code EINVAL}, the usual meaning of a bad configuration) and {@code
 * STATUS=Reload failed: …}; {@link #reload()} returns false and logs the exception through {@link
 * System.Logger}. The same notification goes out for an {@link Error} (a {@code
 * NoClassDefFoundError} from a lazily loaded class, an {@code OutOfMemoryError}), which is then
 * rethrown instead of logged: like the rest of this module, the handler reports Errors to systemd
 * but does not swallow them, so the application's (or the signal thread's) uncaught-exception
 * handling sees them. A successful reload after a failed one restores the status and
 * clears the error with {@code ERRNO=0}. (Verified under systemd 257 with {@code
 * Type=notify-reload}: {@code systemctl reload} succeeds either way, and {@code systemctl status}
 * shows the {@code Status:} and {@code Error:} lines.)
 *
 * <p><b>Signals.</b> Java has no public API for signals; the handler uses {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}), reflectively. Installing it replaces the JVM's default action
 * for {@code SIGHUP}, which is to shut down; {@link #close()} restores it. With {@code -Xrs} the
 * JVM lets no handler be installed. Reloads run one at a time, each on the JVM's signal-dispatch
 * thread for that signal.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Type=">systemd.service(5): Type=notify-reload</a>
 */
public final class ReloadHandler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReloadHandler.class.getName());
    private static final int EINVAL = 22;

    /** The application's reload action. */
    @FunctionalInterface
    public interface Action {
        /**
         * Reloads the configuration.
         *
         * @throws Exception if the reload failed; the old configuration should remain in force
         */
        void reload() throws Exception;
    }

    private final SystemdNotifier notifier;
    private final Action action;
    private final Object reloadLock = new Object();
    // A SIGHUP before READY=1 is waiting for its reload; later ones before then join it.
    private final AtomicBoolean heldBack = new AtomicBoolean();
    private volatile boolean closed;
    private Object signal;
    private Object previousHandler;
    private boolean failedBefore;

    private ReloadHandler(SystemdNotifier notifier, Action action) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * Installs the handler for {@code SIGHUP}: call it first thing, before the start. A {@code
     * SIGHUP} before {@code READY=1} went out through {@code notifier} reloads once it did (see the
     * class comment).
     *
     * @param notifier where to send {@code RELOADING=1} and {@code READY=1}
     * @param action the application's reload
     * @return the installed handler; close it to restore the previous one
     * @throws IllegalStateException if this JVM does not allow a {@code SIGHUP} handler (for
     *     example with {@code -Xrs})
     */
    public static ReloadHandler onSighup(SystemdNotifier notifier, Action action) {
        ReloadHandler handler = new ReloadHandler(notifier, action);
        Object hangup = Signals.hangup();
        Runnable onSignal = handler::onSignal;
        handler.previousHandler = Signals.install(hangup, onSignal);
        handler.signal = hangup;
        return handler;
    }

    /**
     * A handler without a signal, for applications that reload on another trigger (an admin
     * endpoint, a file watcher); call {@link #reload()}. {@code RELOADING=1} from a running service
     * makes systemd treat it as a reload, including propagating it to units that declared {@code
     * PropagatesReloadTo=}.
     *
     * @param notifier where to send {@code RELOADING=1} and {@code READY=1}
     * @param action the application's reload
     * @return the handler
     */
    public static ReloadHandler withoutSignal(SystemdNotifier notifier, Action action) {
        return new ReloadHandler(notifier, action);
    }

    /**
     * Runs one reload now: {@code RELOADING=1}, the action, {@code READY=1}. Concurrent calls run one
     * after the other.
     *
     * @return true if the action succeeded, false if it threw an exception (logged)
     * @throws IOException if a notification could not be sent; the action still ran if {@code
     *     RELOADING=1} went out, and its failure, if any, is attached as suppressed
     * @throws Error an {@link Error} the action threw, rethrown after {@code READY=1}, {@code
     *     ERRNO=22} and {@code STATUS=} were sent
     */
    public boolean reload() throws IOException {
        synchronized (reloadLock) {
            notifier.reloading();
            try {
                action.reload();
            } catch (Throwable failure) { // also Errors: without READY=1 the unit stays "reloading"
                failedBefore = true;
                try {
                    // Not the application's own status: a later successful reload restores that one.
                    notifier.send(
                            NotifyMessage.create()
                                    .ready()
                                    .errno(EINVAL)
                                    .status(NotifyMessage.sanitize(
                                            "Reload failed: " + failure, NotifyMessage.STATUS_BUDGET)),
                            false);
                } catch (IOException | RuntimeException sendFailed) {
                    if (failure instanceof Error) {
                        failure.addSuppressed(sendFailed);
                        throw (Error) failure;
                    }
                    sendFailed.addSuppressed(failure);
                    throw sendFailed;
                }
                if (failure instanceof Error) {
                    throw (Error) failure;
                }
                LOG.log(Level.WARNING, "reload failed; the previous configuration stays in force", failure);
                return false;
            }
            NotifyMessage done = NotifyMessage.create().ready();
            if (failedBefore) {
                failedBefore = false;
                // PID 1 keeps the last ERRNO= until told otherwise; systemctl status would go on
                // showing the old error next to the restored status.
                done = done.status(notifier.lastStatus().orElse("")).errno(0);
            }
            notifier.send(done);
            return true;
        }
    }

    /** What a {@code SIGHUP} does; package-private for tests. */
    void onSignal() {
        if (!notifier.isEnabled() || notifier.readySent()) {
            reloadAndReport();
        } else if (heldBack.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "SIGHUP before READY=1: the reload runs once the service is ready");
            Thread waiter = new Thread(this::reloadWhenReady, "systemd-reload-after-ready");
            waiter.setDaemon(true); // a service that never gets ready must still be able to exit
            waiter.start();
        }
    }

    private void reloadWhenReady() {
        try {
            notifier.awaitReadySent();
        } catch (InterruptedException e) {
            return;
        }
        heldBack.set(false);
        if (!closed) {
            reloadAndReport();
        }
    }

    private void reloadAndReport() {
        try {
            reload();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "reload notification to " + notifier.socket().orElse("") + " failed", e);
        }
    }

    /**
     * Restores the {@code SIGHUP} handler that was installed before; a reload still held back for
     * {@code READY=1} is dropped. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (signal != null) {
            Signals.install(signal, previousHandler);
            signal = null;
        }
    }

    /** {@code sun.misc.Signal}, reflectively: a direct reference is a warning javac cannot suppress. */
    static final class Signals {
        private Signals() {}

        static Object hangup() {
            try {
                return Class.forName("sun.misc.Signal")
                        .getConstructor(String.class)
                        .newInstance("HUP");
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("sun.misc.Signal (module jdk.unsupported) is not available", e);
            }
        }

        /** Installs a Runnable or a previous handler object; returns the handler it replaced. */
        static Object install(Object signal, Object handlerOrRunnable) {
            try {
                Class<?> signalClass = Class.forName("sun.misc.Signal");
                Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
                Object handler = handlerOrRunnable instanceof Runnable
                        ? proxy(handlerClass, (Runnable) handlerOrRunnable)
                        : handlerOrRunnable;
                Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
                return handle.invoke(null, signal, handler);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot handle SIGHUP in this JVM: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("sun.misc.Signal (module jdk.unsupported) is not usable", e);
            }
        }

        private static Object proxy(Class<?> handlerClass, Runnable body) {
            InvocationHandler invocation = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle":
                        body.run();
                        return null;
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "ReloadHandler(SIGHUP)";
                }
            };
            return Proxy.newProxyInstance(
                    ReloadHandler.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
        }
    }
}
