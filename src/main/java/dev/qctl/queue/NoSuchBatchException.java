package dev.qctl.queue;

import dev.qctl.base.QctlException;

/** A batch id the store does not hold: a one-line error, exit 1. */
public final class NoSuchBatchException extends QctlException {
    public NoSuchBatchException(String id) {
        super(1, "no batch with id " + id);
    }
}
