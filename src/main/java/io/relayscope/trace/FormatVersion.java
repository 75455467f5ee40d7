package io.relayscope.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trace format version MAJOR.MINOR; this RelayScope reads every 1.x and writes 1.1. Every rejection names the
 * field, {@code 'formatVersion'} (the top-level JSON path), as the reader's other errors name theirs.
 */
record FormatVersion(int major, int minor) {

    static final int READ_MAJOR = 1;
    /** The JSON path of the version in a trace file. */
    static final String FIELD = "formatVersion";
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})");

    /** Parses and checks a version string, failing with a one-line message for anything this reader cannot read. */
    static FormatVersion check(String label, String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new TraceFormatException(label, "field '" + FIELD + "' has invalid value \""
                    + JsonInput.shorten(text) + "\"; expected MAJOR.MINOR such as 1.0");
        }
        FormatVersion v = new FormatVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (v.major > READ_MAJOR) {
            throw new TraceFormatException(label, "field '" + FIELD + "' is " + text
                    + ", a format version newer than this RelayScope reads (" + READ_MAJOR + ".x); update RelayScope");
        }
        if (v.major < READ_MAJOR) {
            throw new TraceFormatException(label, "field '" + FIELD + "' is " + text
                    + ", a format version older than this RelayScope reads (" + READ_MAJOR + ".x); record the run again");
        }
        return v;
    }
}
