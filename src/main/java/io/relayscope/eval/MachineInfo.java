package io.relayscope.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Where and when results were measured: date, processors, CPU model (/proc/cpuinfo), Java, OS and load average. */
public record MachineInfo(String date, int processors, String cpu, String java, String os, double loadAverage) {

    public static MachineInfo current() {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        return new MachineInfo(date, Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.name", "Java") + " " + System.getProperty("java.runtime.version",
                        System.getProperty("java.version")),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), readLoadAverage());
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name") && line.contains(":")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch", "unknown");
    }

    /** The 1-minute load average from /proc/loadavg (NaN elsewhere): how busy the machine was. */
    static double readLoadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** One markdown line: "2026-01-01 12:00 UTC · 2 × Intel(R) ... · OpenJDK 17.0.x · Linux amd64". */
    public String line() {
        return date + " · " + processors + " × " + cpu + " · " + java + " · " + os
                + (Double.isNaN(loadAverage) ? "" : String.format(Locale.ROOT, " · load average %.1f", loadAverage));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", date);
        m.put("processors", processors);
        m.put("cpu", cpu);
        m.put("java", java);
        m.put("os", os);
        m.put("loadAverage", loadAverage);
        return m;
    }
}
