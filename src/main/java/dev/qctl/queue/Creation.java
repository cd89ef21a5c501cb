package dev.qctl.queue;

/**
 * Whether opening a store may bring it into being. Only an embedded store (a SQLite file) is
 * created on open; a server's database and a Redis keyspace exist or not regardless.
 */
public enum Creation {
    /** Create a missing store: the commands that put work in or take it out (work, dispatch, bench). */
    MAY_CREATE,
    /**
     * The store must exist: the commands that only read or repair it. A mistyped path is then
     * an error instead of a new, empty store whose emptiness looks like good news.
     */
    MUST_EXIST
}
