package dev.gatehouse.cloudsdk;

import java.util.List;

/** The rows of a sync's plan as {@code gatehouse dns plan} and {@code gatehouse lb plan} print them: aligned columns. */
public final class PlanColumns {

    private PlanColumns() {
    }

    /** Each row on a line, every column but the last padded to its widest cell and two spaces. */
    public static String render(List<String[]> rows) {
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
