package io.github.systemd4j.samples.service;

import java.util.concurrent.CountDownLatch;

/**
 * A bug on purpose, so that the watchdog can be seen at work: the calling thread and a partner
 * thread take the same two locks in opposite order, and both wait for each other forever. The rest
 * of the service keeps answering; only the watchdog's deadlock check notices.
 */
final class SimulatedDeadlock {
    private SimulatedDeadlock() {}

    /** Deadlocks the calling thread; returns only if it is interrupted first. */
    static void enter() {
        Object first = new Object();
        Object second = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread partner = new Thread(() -> lockBoth(second, first, bothHoldOne), "deadlock-partner");
        partner.setDaemon(true);
        partner.start();
        lockBoth(first, second, bothHoldOne);
    }

    private static void lockBoth(Object mine, Object theirs, CountDownLatch bothHoldOne) {
        synchronized (mine) {
            bothHoldOne.countDown();
            try {
                bothHoldOne.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (theirs) {
                theirs.notifyAll(); // never reached: the other thread holds it, waiting for ours
            }
        }
    }
}
