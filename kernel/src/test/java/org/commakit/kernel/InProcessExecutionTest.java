package org.commakit.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessExecutionTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anInterruptWhileTheCellCompilesReachesItsCodeWhenTheCodeStarts() {
        InProcessExecution execution = new InProcessExecution();
        execution.beginCell();
        execution.stop(); // Jupyter's interrupt while JShell still compiles the snippet: no user code runs yet

        execution.clientCodeEnter();
        assertTrue(Thread.currentThread().isInterrupted(), "the cell's code started without the interrupt");
        execution.clientCodeLeave();
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt outlived the cell's code");
        execution.endCell();
    }

    @Test
    void anInterruptBetweenCellsIsDropped() {
        InProcessExecution execution = new InProcessExecution();
        execution.stop(); // no cell runs: nothing to interrupt, and the next cell must not inherit it
        execution.beginCell();
        execution.clientCodeEnter();
        assertFalse(Thread.currentThread().isInterrupted(), "a stale interrupt reached the next cell");
        execution.clientCodeLeave();
        execution.endCell();

        execution.beginCell();
        execution.stop();
        execution.endCell(); // the cell ended before any code ran: the interrupt goes with it
        execution.beginCell();
        execution.clientCodeEnter();
        assertFalse(Thread.currentThread().isInterrupted(), "an interrupt of an ended cell reached the next one");
        execution.clientCodeLeave();
        execution.endCell();
    }
}
