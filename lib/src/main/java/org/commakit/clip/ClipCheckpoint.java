package org.commakit.clip;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.commakit.KitException;

/**
 * Reads CLIP weights from the formats the kit supports, never executing Python pickle:
 *
 * <ul>
 *   <li>OpenAI's released TorchScript archives ({@code ViT-B-16.pt}, what {@code clip.load} downloads), loaded by
 *       libtorch's TorchScript reader;
 *   <li>safetensors with Hugging Face {@code CLIPModel} names ({@code openai/clip-vit-base-patch16}) or with OpenAI's
 *       names (what the kit writes, e.g. the mini world's CLIP).
 * </ul>
 */
public final class ClipCheckpoint {
    private ClipCheckpoint() {}

    /** The format of a checkpoint file, found from its bytes, not its name. */
    public enum Format {
        TORCHSCRIPT,
        SAFETENSORS
    }

    /** Extras a TorchScript CLIP may carry besides weights (OpenAI's build_model deletes them). */
    private static final Set<String> OPENAI_EXTRAS = Set.of("input_resolution", "context_length", "vocab_size");

    /** Reads the weights to {@code device}, keeping matrices in {@code computeType} (fp16 on GPU, fp32 on CPU). */
    public static ClipWeights read(Path file, Device device, DataType computeType) {
        Format format = detect(file);
        try (NDManager staging = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> tensors;
            String source = file.toString();
            if (format == Format.TORCHSCRIPT) {
                tensors = readTorchScript(file, staging);
            } else {
                tensors = SafeTensors.read(file, staging);
                if (HuggingFaceNames.matches(tensors.keySet())) {
                    tensors = HuggingFaceNames.toOpenAi(source, tensors);
                }
            }
            tensors.keySet().removeAll(OPENAI_EXTRAS);
            return new ClipWeights(source, tensors, device, computeType);
        }
    }

    /** Finds the format from the file's first bytes and, for zip archives, its entries. */
    public static Format detect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KitException("CLIP checkpoint " + file + " not found. Download ViT-B/16 with "
                    + "data-scripts/clip_weights.sh, or point the 'clip.checkpoint' setting (COMMA_CLIP) at a "
                    + "TorchScript .pt or a .safetensors file.");
        }
        try {
            if (SafeTensors.looksLike(file)) {
                return Format.SAFETENSORS;
            }
            byte[] head = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.read(head);
                if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                    return zipKind(file);
                }
                if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] <= 5) {
                    throw pickle(file);
                }
            }
        } catch (IOException e) {
            throw new KitException("Cannot read CLIP checkpoint " + file + ": " + e.getMessage(), e);
        }
        throw new KitException("CLIP checkpoint " + file + " is neither a TorchScript archive nor a safetensors file. "
                + "The kit reads OpenAI's released .pt files and (Hugging Face) .safetensors files.");
    }

    private static Format zipKind(Path file) throws IOException {
        boolean code = false;
        boolean dataPkl = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                code |= name.contains("/code/") || name.endsWith("/constants.pkl");
                dataPkl |= name.endsWith("/data.pkl");
            }
        } catch (ZipException e) {
            throw new KitException("CLIP checkpoint " + file + " is a damaged zip archive (" + e.getMessage()
                    + "); the download was probably cut short. Delete it and run data-scripts/clip_weights.sh again.");
        }
        if (code) {
            return Format.TORCHSCRIPT;
        }
        if (dataPkl) {
            throw pickle(file);
        }
        throw new KitException("CLIP checkpoint " + file + " is a zip archive but not a TorchScript model (no code/ "
                + "or constants.pkl entry).");
    }

    private static KitException pickle(Path file) {
        return new KitException("CLIP checkpoint " + file + " is a pickled torch.save() state dict. The kit never "
                + "executes pickle; export the weights as safetensors (fixtures/clip/make_tiny_clip.py shows a "
                + "20-line writer) or use OpenAI's TorchScript .pt release.");
    }

    private static Map<String, NDArray> readTorchScript(Path file, NDManager staging) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (Model model = Model.newInstance("clip", Device.cpu(), "PyTorch")) {
            model.load(file, null, Map.of("mapLocation", "true"));
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                NDArray a = p.getValue().getArray().duplicate();
                a.attach(staging);
                out.put(p.getKey(), a);
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new KitException("Cannot load TorchScript checkpoint " + file + ": " + e.getMessage()
                    + ". The file may be truncated; delete it and run data-scripts/clip_weights.sh again.", e);
        }
        return out;
    }
}
