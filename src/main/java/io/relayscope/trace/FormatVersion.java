package io.relayscope.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A trace format version MAJOR.MINOR; this RelayScope reads every 1.x and writes 1.1. */
record FormatVersion(int major, int minor) {

    static final int READ_MAJOR = 1;
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})");

    /** Parses and checks a version string, failing with a one-line message for anything this reader cannot read. */
    static FormatVersion check(String label, String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new TraceFormatException(label, "field 'formatVersion' has invalid value \""
                    + JsonInput.shorten(text) + "\"; expected MAJOR.MINOR such as 1.0");
        }
        FormatVersion v = new FormatVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (v.major > READ_MAJOR) {
            throw new TraceFormatException(label, "format version " + text + " is newer than this RelayScope reads ("
                    + READ_MAJOR + ".x); update RelayScope");
        }
        if (v.major < READ_MAJOR) {
            throw new TraceFormatException(label, "format version " + text + " is older than this RelayScope reads ("
                    + READ_MAJOR + ".x); record the run again");
        }
        return v;
    }
}
