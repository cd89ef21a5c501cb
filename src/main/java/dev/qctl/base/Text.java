package dev.qctl.base;

/** Small text helpers for one-line messages. */
public final class Text {
    private Text() {}

    /** The text up to its first line break (null stays null): errors are shown as one line. */
    public static String firstLine(String text) {
        if (text == null) return null;
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
