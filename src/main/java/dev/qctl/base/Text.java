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

    /**
     * The text with every control character spelled out ({@code \n}, {@code \e}, {@code \x07}…),
     * for printing what a job or a store row chose: a display name or a job's output must not
     * move the cursor, recolour the terminal or start a line that looks like the worker's own.
     */
    public static String printable(String text) {
        if (text == null) return null;
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) i++;
        if (i == text.length()) return text;
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) out.append(c);
            else
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case 27 -> out.append("\\e");
                    default -> out.append(String.format("\\x%02x", (int) c));
                }
        }
        return out.toString();
    }

    /** C0 and C1 controls and DEL; a tab stays, it moves nothing but the cursor along the line. */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }
}
