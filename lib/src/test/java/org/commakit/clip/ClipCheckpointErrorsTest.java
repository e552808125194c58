package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.commakit.Fixtures;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad checkpoint fails with a message that names the file, the key or value, and the fix. */
class ClipCheckpointErrorsTest {
    @TempDir
    Path tmp;

    static final Path HF = Fixtures.fixture("clip/tiny_clip/tiny_clip_hf.safetensors");
    static final Path PT = Fixtures.fixture("clip/tiny_clip/tiny_clip_openai.pt");

    private static KitException loadFails(Path file) {
        return assertThrows(KitException.class, () -> Clip.load(file, Device.cpu(), DataType.FLOAT32).close());
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void aMissingFileNamesThePathAndTheDownloadScript() {
        Path missing = tmp.resolve("ViT-B-16.pt");
        assertMentions(loadFails(missing), missing.toString(), "data-scripts/clip_weights.sh");
    }

    @Test
    void aTruncatedSafetensorsFileNamesTheTensorAndTheByteCount() throws IOException {
        Path cut = tmp.resolve("cut.safetensors");
        byte[] all = Files.readAllBytes(HF);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertMentions(loadFails(cut), cut.toString(), "truncated");
    }

    @Test
    void aTruncatedTorchScriptArchiveSaysToDownloadAgain() throws IOException {
        Path cut = tmp.resolve("cut.pt");
        byte[] all = Files.readAllBytes(PT);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertMentions(loadFails(cut), cut.toString(), "clip_weights.sh");
    }

    @Test
    void anUnknownFormatIsRejectedByContentNotName() throws IOException {
        Path text = tmp.resolve("model.safetensors");
        Files.writeString(text, "this is not a checkpoint at all");
        assertMentions(loadFails(text), text.toString(), "neither a TorchScript archive nor a safetensors file");
    }

    @Test
    void aPickledStateDictIsNeverExecuted() throws IOException {
        Path zip = tmp.resolve("state_dict.pth");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("archive/data.pkl"));
            out.write(new byte[] {(byte) 0x80, 2, '}', '.'});
            out.closeEntry();
        }
        assertMentions(loadFails(zip), zip.toString(), "never executes pickle", "safetensors");
        Path legacy = tmp.resolve("legacy.pth");
        Files.write(legacy, new byte[] {(byte) 0x80, 2, '}', '.', 0, 0, 0, 0});
        assertMentions(loadFails(legacy), legacy.toString(), "never executes pickle");
    }

    @Test
    void aMissingKeyIsNamed() {
        Path file = rewrite(m -> m.remove("vision_model.post_layernorm.bias"));
        assertMentions(loadFails(file), file.toString(), "visual.ln_post.bias");
    }

    @Test
    void anUnexpectedKeyIsNamed() {
        Path file = rewrite(m -> m.put("vision_model.adapter.weight", m.get("logit_scale")));
        assertMentions(loadFails(file), file.toString(), "vision_model.adapter.weight");
    }

    @Test
    void aShapeMismatchNamesTheTensorAndBothShapes() {
        Path file = rewrite(m -> m.put("text_model.final_layer_norm.bias",
                m.get("text_model.final_layer_norm.bias").get(":64")));
        assertMentions(loadFails(file), file.toString(), "ln_final.bias", "(64)", "(128)");
    }

    @Test
    void anUnsupportedDtypeIsNamed() throws IOException {
        Path file = tmp.resolve("bf16.safetensors");
        String header = "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] h = header.getBytes();
            out.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(h.length)
                    .array());
            out.write(h);
            out.write(new byte[4]);
        }
        KitException e = assertThrows(KitException.class, () -> {
            try (NDManager m = NDManager.newBaseManager()) {
                SafeTensors.read(file, m);
            }
        });
        assertMentions(e, file.toString(), "BF16", "'w'");
    }

    @Test
    void imagesOfTheWrongSizeAreRejectedWithTheExpectedShape() {
        try (Clip clip = Clip.load(PT, Device.cpu(), DataType.FLOAT32);
                NDManager m = NDManager.newBaseManager()) {
            NDArray wrong = m.zeros(new Shape(1, 3, 224, 224));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> clip.encodeImage(wrong));
            assertMentions(e, "[batch, 3, 32, 32]", "(1, 3, 224, 224)");
        }
    }

    private Path rewrite(java.util.function.Consumer<Map<String, NDArray>> edit) {
        Path out = tmp.resolve("edited.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>(SafeTensors.read(HF, m));
            edit.accept(t);
            SafeTensors.write(out, t, Map.of());
        }
        return out;
    }
}
