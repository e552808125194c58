package org.commakit.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in the kernel's own JVM, on the thread that asks, so that {@code display(...)} reaches the kernel and
 * the kit's classes are shared with it (snippet classes load in a child of the application class loader).
 *
 * <p>JShell's execution protocol carries values and exceptions as strings; this class also keeps the objects: the
 * value of the last snippet (for rich display) and the throwable it raised (so the notebook error names the user's
 * exception class).
 */
final class InProcessExecution extends DirectExecutionControl {

    private Object lastValue;
    private Throwable lastThrown;
    private final Object interruptLock = new Object();
    private Thread userCodeThread;
    private boolean cellRunning;
    private boolean interruptPending;

    /** The provider handing this instance to {@code JShell.builder().executionEngine(...)}. */
    ExecutionControlProvider provider() {
        InProcessExecution self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "commakit-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /** Forgets the value and throwable of earlier snippets. */
    void clearLast() {
        lastValue = null;
        lastThrown = null;
    }

    /** The value returned by the last snippet run (an expression's value; null for statements). */
    Object lastValue() {
        return lastValue;
    }

    /** What the last snippet threw, or null. */
    Throwable lastThrown() {
        return lastThrown;
    }

    @Override
    protected String invoke(Method doIt) throws Exception {
        clearLast();
        // Libraries that look classes up through the context class loader then also see jars added by %jars.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(doIt.getDeclaringClass().getClassLoader());
        try {
            lastValue = doIt.invoke(null);
        } finally {
            thread.setContextClassLoader(previous);
        }
        // The kernel renders lastValue itself: skip JShell's toString() of it, which can be large or throw.
        return "";
    }

    /** JShell reads a variable this way when a snippet is just its name; the kernel keeps the object. */
    @Override
    public String varValue(String className, String varName) throws ExecutionControl.InternalException {
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            lastValue = field.get(null);
            return "";
        } catch (ReflectiveOperationException e) {
            throw new ExecutionControl.InternalException("Cannot read " + varName + ": " + e);
        }
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause)
            throws ExecutionControl.RunException, ExecutionControl.InternalException {
        lastThrown = cause;
        return super.throwConvertedInvocationException(cause);
    }

    /** A cell starts: from now until {@link #endCell()} an interrupt is never lost, even between snippets. */
    void beginCell() {
        synchronized (interruptLock) {
            cellRunning = true;
        }
    }

    /** The cell is done: an interrupt that found no user code to stop is dropped. */
    void endCell() {
        synchronized (interruptLock) {
            cellRunning = false;
            interruptPending = false;
        }
    }

    @Override
    protected void clientCodeEnter() {
        synchronized (interruptLock) {
            userCodeThread = Thread.currentThread();
            if (interruptPending) { // the interrupt came while JShell compiled: the code starts interrupted
                interruptPending = false;
                userCodeThread.interrupt();
            }
        }
    }

    @Override
    protected void clientCodeLeave() {
        synchronized (interruptLock) {
            userCodeThread = null;
            Thread.interrupted(); // an interrupt meant for the cell must not reach the kernel's own work after it
        }
    }

    /**
     * Jupyter's "interrupt": interrupts the thread running the cell. Sleeping, waiting and interruptible I/O stop
     * at once; a loop stops where it checks {@code Thread.interrupted()}. An interrupt that comes while the cell's
     * snippet is still being compiled (no user code running yet) waits for the cell's next code to start.
     */
    @Override
    public void stop() {
        synchronized (interruptLock) {
            if (userCodeThread != null) {
                userCodeThread.interrupt();
            } else if (cellRunning) {
                interruptPending = true;
            }
        }
    }
}
