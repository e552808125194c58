package org.commakit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    @Test
    void kernelJsonStartsKitKernelOfflineWithTheGivenClasspath(@TempDir Path kernels) throws IOException {
        Path file = KernelSpec.write(kernels, "/opt/jdk/bin/java", KernelSpec.jvmOptions(4),
                List.of("/kit/kernel/target/comma-kernel.jar", "/kit/extra"));

        assertEquals(kernels.resolve("comma-kit/kernel.json"), file);
        JsonObject spec = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(List.of("/opt/jdk/bin/java", "-Xss4m", "-Dai.djl.offline=true",
                        "-Dai.djl.pytorch.num_threads=4", "-Dai.djl.pytorch.num_interop_threads=1",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error", "-cp",
                        "/kit/kernel/target/comma-kernel.jar" + java.io.File.pathSeparator + "/kit/extra",
                        "org.commakit.kernel.KitKernel", "{connection_file}"),
                spec.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList());
        assertEquals("Java (COMMA kit)", spec.get("display_name").getAsString());
        assertEquals("java", spec.get("language").getAsString());
        assertEquals("message", spec.get("interrupt_mode").getAsString());
    }

    @Test
    void threadCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.jvmOptions(0));
    }
}
