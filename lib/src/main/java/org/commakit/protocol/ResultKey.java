package org.commakit.protocol;

import org.commakit.train.Method;

/**
 * What identifies one result: a job and a stored row with the same key are the same piece of work
 * ({@link ResultStore#has(Job)}).
 */
public record ResultKey(Method method, Protocol protocol, String dataset, int seed, Phase phase) {

    /** A readable, path-safe form: {@code COMMA/base2new/OxfordPets/seed1/test-new}. */
    @Override
    public String toString() {
        return method.id() + "/" + protocol.id() + "/" + dataset + "/seed" + seed + "/" + phase.id();
    }
}
