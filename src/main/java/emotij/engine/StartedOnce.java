package emotij.engine;

import java.util.function.Supplier;

/**
 * An engine (or its environment) started on first use, once per JVM, from whichever thread asks first; the others
 * wait for it. A start that fails is tried again by the next caller, which then reports the same failure.
 */
final class StartedOnce<T> {

    private final Supplier<T> start;
    private volatile T value;

    StartedOnce(Supplier<T> start) {
        this.start = start;
    }

    T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) value = start.get();
                v = value;
            }
        }
        return v;
    }
}
