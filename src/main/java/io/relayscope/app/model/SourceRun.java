package io.relayscope.app.model;

import io.relayscope.trace.Source;

/** Consecutive tokens [start, end) written by the same source, for drawing the timeline. */
public record SourceRun(Source source, int start, int end) {
}
