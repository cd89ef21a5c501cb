package dev.qctl.base;

/** Input the user can fix: a bad option value, URL, JSON line or duration. Exit code 2. */
public class UsageException extends QctlException {
    public UsageException(String message) {
        super(ExitCodes.USAGE, message);
    }
}
