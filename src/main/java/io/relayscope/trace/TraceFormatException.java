package io.relayscope.trace;

/**
 * A trace or import file that cannot be read. The message is one line: the file, the field (as a JSON path such
 * as {@code tokens[3].source}) and what is wrong or what to do, ready to show to a user without a stack trace.
 */
public class TraceFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String detail;

    public TraceFormatException(String file, String detail) {
        this(file, detail, null);
    }

    public TraceFormatException(String file, String detail, Throwable cause) {
        super(oneLine(file + ": " + detail), cause);
        this.file = file;
        this.detail = detail;
    }

    /** The file name (or label) the problem was found in. */
    public String file() {
        return file;
    }

    /** The message without the file name. */
    public String detail() {
        return detail;
    }

    /** Collapses line breaks and other control characters so that a message stays on one line. */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
