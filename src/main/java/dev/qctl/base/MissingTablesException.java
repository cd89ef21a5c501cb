package dev.qctl.base;

/**
 * The store is reachable but {@code qctl migrate} has not been run on it. Exit code 3, like
 * any unusable store; kept apart so that the command line can name the connection as the
 * user typed it in the hint, and so that a worker waiting for its store does not wait for this.
 */
public final class MissingTablesException extends StoreUnavailableException {
    private final String where;

    /** @param where the store, as safe to print (password masked) */
    public MissingTablesException(String where) {
        super(message(where, "qctl migrate --connection " + where));
        this.where = where;
    }

    private MissingTablesException(String where, String migrate) {
        super(message(where, migrate));
        this.where = where;
    }

    /** The same problem, with {@code migrate} (a command line the user can paste) as the hint. */
    public MissingTablesException withHint(String migrate) {
        MissingTablesException e = new MissingTablesException(where, migrate);
        e.initCause(this);
        return e;
    }

    private static String message(String where, String migrate) {
        return "the jobs tables do not exist in " + where + ": run `" + migrate + "` first";
    }
}
