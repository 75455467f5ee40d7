package io.relayscope.app.service;

import io.relayscope.trace.ModelRef;
import io.relayscope.trace.TraceHeader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether an opened trace was recorded with the loaded model pair, matched by the weights' SHA-256 the trace
 * records; if not, where the recorded pair is on this machine (the recorded folder, or a folder of that name under
 * one of the roots' {@code models/}), or why Run will differ. Hashing is slow the first time: run it in the background.
 */
public final class RecordedPair {
    /** What to tell the user after opening a trace. */
    public sealed interface Check permits Same, Unknown, Loadable, Missing {
    }

    /** Recorded with the loaded pair: Run repeats it. */
    public record Same() implements Check {
    }

    /** Nothing to compare: an imported trace, a server model, or a loaded pair whose weights cannot be hashed. */
    public record Unknown() implements Check {
    }

    /** Recorded with another pair that is here: offer to load it. */
    public record Loadable(Path slm, Path llm, String recorded, String loaded) implements Check {
    }

    /** Recorded with another pair that is not here (or changed since): say plainly that Run will differ. */
    public record Missing(String why) implements Check {
    }

    private RecordedPair() {
    }

    public static Check check(TraceHeader header, Path loadedSlm, Path loadedLlm, Function<Path, Optional<String>> sha256,
                              List<Path> roots) {
        Optional<ModelRef> slm = role(header, "slm");
        Optional<ModelRef> llm = role(header, "llm");
        if (slm.isEmpty() || llm.isEmpty() || blank(slm.get().sha256()) || blank(llm.get().sha256())
                || loadedSlm == null || loadedLlm == null) {
            return new Unknown();
        }
        Optional<String> haveSlm = sha256.apply(loadedSlm);
        Optional<String> haveLlm = sha256.apply(loadedLlm);
        if (haveSlm.isEmpty() || haveLlm.isEmpty()) {
            return new Unknown();
        }
        String recorded = slm.get().name() + " + " + llm.get().name();
        String loaded = name(loadedSlm) + " + " + name(loadedLlm);
        if (haveSlm.get().equals(slm.get().sha256()) && haveLlm.get().equals(llm.get().sha256())) {
            return new Same();
        }
        Optional<Path> foundSlm = find(slm.get(), sha256, roots);
        Optional<Path> foundLlm = find(llm.get(), sha256, roots);
        if (foundSlm.isPresent() && foundLlm.isPresent()) {
            return new Loadable(foundSlm.get(), foundLlm.get(), recorded, loaded);
        }
        List<String> missing = new ArrayList<>();
        foundSlm.ifPresentOrElse(p -> { }, () -> missing.add(describe(slm.get())));
        foundLlm.ifPresentOrElse(p -> { }, () -> missing.add(describe(llm.get())));
        return new Missing("Recorded with " + recorded + "; " + String.join(" and ", missing)
                + (missing.size() == 1 ? " is" : " are") + " not on this machine, so Run uses " + loaded + " and will differ");
    }

    private static String describe(ModelRef m) {
        return m.name() + " (sha256 " + m.sha256().substring(0, Math.min(12, m.sha256().length())) + "\u2026)";
    }

    /** The recorded folder or a folder of its name under a root's models/, whose weights have the recorded hash. */
    private static Optional<Path> find(ModelRef m, Function<Path, Optional<String>> sha256, List<Path> roots) {
        List<Path> candidates = new ArrayList<>();
        if (!blank(m.path()) && !m.path().contains("://")) {
            Path p = Path.of(m.path());
            if (p.isAbsolute()) {
                candidates.add(p);
            } else {
                roots.forEach(r -> candidates.add(r.resolve(p)));
            }
        }
        if (!blank(m.name())) {
            roots.forEach(r -> candidates.add(r.resolve("models").resolve(m.name())));
        }
        return candidates.stream().map(p -> p.toAbsolutePath().normalize()).distinct().filter(Files::isDirectory)
                .filter(p -> sha256.apply(p).filter(m.sha256()::equals).isPresent()).findFirst();
    }

    private static Optional<ModelRef> role(TraceHeader header, String role) {
        return header.models().stream().filter(m -> role.equals(m.role())).findFirst();
    }

    private static String name(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
