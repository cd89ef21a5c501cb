package dev.qctl.queue;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.QctlException;

/** A payload that is not a JSON object, or lacks what qctl needs to run it. */
public class InvalidPayloadException extends QctlException {
    public InvalidPayloadException(String message) {
        super(ExitCodes.USAGE, message);
    }
}
