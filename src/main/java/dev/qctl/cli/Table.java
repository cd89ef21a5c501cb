package dev.qctl.cli;

import dev.qctl.base.Text;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: a header row, then rows, columns padded to their widest cell. It can be
 * printed in pages, for listings too long to hold (qctl failed): each {@link #print} writes the
 * rows added since the last one, with columns as wide as the widest cell seen so far, so a later
 * page may widen a column but never narrows one.
 */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final int[] widths;

    Table(String... header) {
        this.columns = header.length;
        this.widths = new int[columns];
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++)
            row[i] = i < cells.length && cells[i] != null ? Text.printable(cells[i].toString()) : "";
        rows.add(row);
        return this;
    }

    /** Prints the rows added since the last print (the first time, the header too) and forgets them. */
    void print(PrintWriter out) {
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                sb.append(i == columns - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            sb.append('\n');
        }
        out.print(sb);
        out.flush();
        rows.clear();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
