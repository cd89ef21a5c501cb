package dev.qctl.base;

/** The store could not be opened, reached or is missing its tables. Exit code 3. */
public class StoreUnavailableException extends QctlException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(ExitCodes.STORE_UNAVAILABLE, message, cause);
    }

    public StoreUnavailableException(String message) {
        super(ExitCodes.STORE_UNAVAILABLE, message);
    }
}
