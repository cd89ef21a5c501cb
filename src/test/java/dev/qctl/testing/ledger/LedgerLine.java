package dev.qctl.testing.ledger;

/**
 * One line of a {@link LedgerFile}. {@code kind} is dispatched, start, finish or fault; the
 * other fields are those the kind has (a fault's name is its {@code id}, its window
 * {@code time} to {@code until}).
 */
public record LedgerLine(String kind, String id, String uuid, long attempt, long workerPid, double time, double until) {
    static LedgerLine parse(String line) {
        String[] f = line.trim().split(" ");
        try {
            return switch (f[0]) {
                case "dispatched" -> new LedgerLine(f[0], f[1], f[2], 0, 0, 0, 0);
                case "start", "finish" ->
                    new LedgerLine(
                            f[0], f[1], null, Long.parseLong(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]), 0);
                case "fault" ->
                    new LedgerLine(f[0], f[1], null, 0, 0, Double.parseDouble(f[2]), Double.parseDouble(f[3]));
                default -> throw new IllegalArgumentException("unknown ledger line: " + line);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unreadable ledger line: " + line, e);
        }
    }
}
