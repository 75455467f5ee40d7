package io.relayscope.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The long mode outside Maven: {@code java -cp <test class path> io.relayscope.fuzz.FuzzMain CASES SEED} (run from
 * the repository root); prints the same report line as the test and exits 1 on any escape.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        int cases = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        Path dir = Files.createTempDirectory("relayscope-fuzz");
        TraceFuzzer.Report report = new TraceFuzzer(TraceFuzzTest.seeds(), dir).run(cases, seed);
        System.out.println("[fuzz] seed " + seed + ": " + report.line());
        report.escapes().forEach(e -> System.out.println("  " + e));
        System.exit(report.escapes().isEmpty() ? 0 : 1);
    }
}
