package io.relayscope.trace;

import java.nio.file.Path;

/**
 * A checked save target: {@code file} is where the bytes go. When the requested path is a symbolic link it is
 * followed (the link stays, its target is replaced) and {@code followedLink} says so.
 */
public record SaveTarget(Path requested, Path file, boolean followedLink) {

    /** One line for the user, e.g. "t.json (a symbolic link; writing its target /data/t.json)". */
    public String describe() {
        return followedLink ? requested + " (a symbolic link; writing its target " + file + ", the link stays)" : requested.toString();
    }
}
