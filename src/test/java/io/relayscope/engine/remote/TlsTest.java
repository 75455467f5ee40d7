package io.relayscope.engine.remote;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS on loopback with a self-signed certificate (made with the JDK's keytool): refused by default, accepted with --insecure. */
class TlsTest {

    @Test
    void aSelfSignedServerIsATlsFailureUnlessInsecureIsAsked(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("lab.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "lab", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/v1/models", ex -> {
            byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"lab-llm\",\"owned_by\":\"vllm\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            assertThatThrownBy(() -> RemoteClient.connect(RemoteEndpoint.of(url, "lab-llm", RemoteApi.AUTO,
                    Optional.empty(), false), () -> false))
                    .isInstanceOf(RemoteException.class).hasMessageStartingWith(url + "/models: TLS failure")
                    .hasMessageContaining("--insecure").hasMessageNotContaining("tries");
            RemoteClient c = RemoteClient.connect(RemoteEndpoint.of(url, "lab-llm", RemoteApi.AUTO, Optional.empty(), true),
                    () -> false);
            assertThat(c.kind()).isEqualTo(ServerKind.VLLM);
        } finally {
            server.stop(0);
        }
    }
}
