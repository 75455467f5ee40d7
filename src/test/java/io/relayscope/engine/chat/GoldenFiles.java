package io.relayscope.engine.chat;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the test build puts generated fixtures: the golden chat-template renders and the npm packages. */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    /** target/chat-templates/golden.json, made by src/test/scripts/chat_template_golden.py in generate-test-resources. */
    public static Path golden() {
        Path p = Path.of(System.getProperty("relayscope.buildDir", "target"), "chat-templates", "golden.json");
        assertThat(p).as("golden renders missing: run mvn test (generate-test-resources runs chat_template_golden.py)")
                .isRegularFile();
        return p;
    }

    /** The node_modules folder src/test/scripts/npm-fixtures.sh installs into. */
    public static Path nodeModules() {
        String env = System.getenv("RELAYSCOPE_NPM_CACHE");
        Path cache = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "relayscope", "npm");
        Path nm = cache.resolve("node_modules");
        assertThat(Files.isDirectory(nm)).as(nm + " missing: run src/test/scripts/npm-fixtures.sh").isTrue();
        return nm;
    }

    static Path features() {
        return Path.of("src/test/resources/chat-templates/features");
    }

    /** The package's models/ folder: tokenizer.json and tokenizer_config.json. */
    public static Path packageModels(String npmPackage) {
        Path p = nodeModules().resolve(npmPackage).resolve("models");
        assertThat(p.resolve("tokenizer_config.json")).isRegularFile();
        return p;
    }
}
