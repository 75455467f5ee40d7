package io.relayscope.build;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A build step (the pom runs it in the verify phase, after Surefire): fails the build when a test class under
 * src/test has no Surefire report, i.e. was never executed (a name that the includes miss, a broken engine).
 * Benchmarks ({@code *Benchmark}) are excluded on purpose: they run by name. Skipped when {@code -Dtest} picks
 * classes or tests are skipped.
 */
public final class EveryTestClassRan {

    /** Annotations that make a method a test for the JUnit Platform engines we use (Jupiter, jqwik). */
    static final Set<String> TEST_ANNOTATIONS = Set.of("org.junit.jupiter.api.Test", "org.junit.jupiter.params.ParameterizedTest",
            "org.junit.jupiter.api.RepeatedTest", "org.junit.jupiter.api.TestFactory", "org.junit.jupiter.api.TestTemplate",
            "net.jqwik.api.Property", "net.jqwik.api.Example");

    private EveryTestClassRan() {
    }

    /** Arguments: the test classes folder, the Surefire reports folder, the value of -Dtest, the value of -DskipTests. */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        Path reports = Path.of(args[1]);
        String selection = args.length > 2 && args[2] != null ? args[2] : "";
        boolean skipped = args.length > 3 && ("true".equalsIgnoreCase(args[3]) || "".equals(args[3]));
        if (skipped || !(selection.isBlank() || selection.startsWith("${")) || !Files.isDirectory(classes)) {
            System.out.println("[every-test-class-ran] skipped (tests skipped or selected with -Dtest)");
            return;
        }
        List<String> tests = testClasses(classes);
        List<String> missing = new ArrayList<>();
        for (String name : tests) {
            if (!Files.isRegularFile(reports.resolve("TEST-" + name + ".xml"))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missing.size() + " test class(es) under src/test never ran (no Surefire report): "
                    + String.join(", ", missing) + "; check the Surefire includes in the pom");
        }
        System.out.println("[every-test-class-ran] all " + tests.size() + " test classes under src/test ran");
    }

    /** The concrete top-level classes under {@code classes} with at least one test method (inherited ones count). */
    static List<String> testClasses(Path classes) throws IOException {
        List<String> found = new ArrayList<>();
        ClassLoader loader = EveryTestClassRan.class.getClassLoader();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")).sorted()::iterator) {
                String rel = classes.relativize(f).toString();
                String name = rel.substring(0, rel.length() - ".class".length()).replace(java.io.File.separatorChar, '.');
                if (name.contains("$") || name.endsWith("Benchmark")) {
                    continue;
                }
                try {
                    Class<?> c = Class.forName(name, false, loader);
                    if (!Modifier.isAbstract(c.getModifiers()) && !c.isInterface() && hasTests(c)) {
                        found.add(name);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot inspect test class " + name + ": " + e, e);
                }
            }
        }
        return found;
    }

    private static boolean hasTests(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    if (TEST_ANNOTATIONS.contains(a.annotationType().getName())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
