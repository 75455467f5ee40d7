import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The start-up benchmark's baseline: the smallest JavaFX window (one label) on the packaged runtime, reporting its
 * second rendered frame the way the app's FirstPaint probe does, so that the app's cold start is read against what
 * the JVM and JavaFX alone cost on the same machine in the same minute.
 */
public class BareWindow extends Application {
    @Override
    public void start(Stage stage) {
        stage.setScene(new Scene(new Label("bare window"), 400, 300));
        stage.show();
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (++frames < 2) {
                    return;
                }
                stop();
                long wall = System.currentTimeMillis();
                long cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
                System.out.println("first-paint epoch-ms " + wall + " since-jvm-start-ms - cpu-ms " + cpu);
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        }.start();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
