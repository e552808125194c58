package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.commakit.KitException;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header {name: {dtype, shape,
 * data_offsets}}, then raw little-endian tensor bytes. Read through a memory map (files over 2 GB work), written
 * atomically (temp file + rename).
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** True when the file starts like a safetensors file (a plausible header length followed by '{'). */
    public static boolean looksLike(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < 10) {
                return false;
            }
            ByteBuffer b = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            long n = b.getLong(0);
            return n > 1 && n <= ch.size() - 8 && b.get(8) == '{';
        }
    }

    /** The file's {@code __metadata__} strings (empty when it has none). */
    public static Map<String, String> metadata(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            JsonObject header = header(file, ch);
            Map<String, String> out = new LinkedHashMap<>();
            if (header.has("__metadata__")) {
                header.getAsJsonObject("__metadata__").entrySet()
                        .forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
            }
            return out;
        } catch (IOException e) {
            throw new KitException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonObject header(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw corrupt(file, "it is " + size + " bytes long, shorter than the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen <= 0 || headerLen > size - 8 || headerLen > Integer.MAX_VALUE) {
            throw corrupt(file, "its header length " + headerLen + " does not fit the file size " + size);
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
        ch.read(headerBuf, 8);
        try {
            return new Gson().fromJson(new String(headerBuf.array(), StandardCharsets.UTF_8), JsonObject.class);
        } catch (JsonParseException e) {
            throw corrupt(file, "its JSON header does not parse (" + e.getMessage() + ")");
        }
    }

    /** Reads every tensor into {@code manager} (on its device), keeping the stored data type. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            JsonObject header = header(file, ch);
            long dataStart = 8 + headerLength(ch);
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonObject info = e.getValue().getAsJsonObject();
                DataType type = dataType(file, e.getKey(), info.get("dtype").getAsString());
                JsonArray dims = info.getAsJsonArray("shape");
                long[] shape = new long[dims.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dims.get(i).getAsLong();
                    count *= shape[i];
                }
                JsonArray off = info.getAsJsonArray("data_offsets");
                long begin = off.get(0).getAsLong();
                long end = off.get(1).getAsLong();
                if (end - begin != count * type.getNumOfBytes()) {
                    throw corrupt(file, "tensor '" + e.getKey() + "' has " + (end - begin) + " bytes for shape "
                            + new Shape(shape) + " of " + type);
                }
                if (dataStart + end > size) {
                    throw corrupt(file, "tensor '" + e.getKey() + "' ends at byte " + (dataStart + end)
                            + " but the file has " + size + " bytes (truncated download?)");
                }
                ByteBuffer data = ByteBuffer.allocateDirect((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(data, dataStart + begin);
                data.flip();
                // create() wraps the Java buffer without copying; duplicate() gives libtorch-owned memory, so
                // views of the tensor stay valid after the buffer is garbage-collected
                try (NDArray wrapped = manager.create(data, new Shape(shape), type)) {
                    out.put(e.getKey(), wrapped.duplicate());
                }
            }
            return out;
        } catch (IOException e) {
            throw new KitException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static long headerLength(FileChannel ch) throws IOException {
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(lenBuf, 0);
        return lenBuf.getLong(0);
    }

    /** Writes tensors (fp32, fp16, int64, int32) atomically: a temp file in the same folder, then a rename. */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            byte[] bytes = new byte[(int) (a.size() * a.getDataType().getNumOfBytes())];
            a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN).get(bytes);
            JsonObject info = new JsonObject();
            info.addProperty("dtype", code(a.getDataType(), e.getKey()));
            JsonArray shape = new JsonArray();
            for (long d : a.getShape().getShape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(offset);
            off.add(offset + bytes.length);
            info.add("data_offsets", off);
            header.add(e.getKey(), info);
            blobs.put(e.getKey(), bytes);
            offset += bytes.length;
        }
        byte[] h = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - h.length % 8) % 8;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length + pad);
                out.write(len.array());
                out.write(h);
                out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
                for (byte[] b : blobs.values()) {
                    out.write(b);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KitException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataType dataType(Path file, String name, String code) {
        switch (code) {
            case "F32":
                return DataType.FLOAT32;
            case "F16":
                return DataType.FLOAT16;
            case "F64":
                return DataType.FLOAT64;
            case "I64":
                return DataType.INT64;
            case "I32":
                return DataType.INT32;
            case "U8":
                return DataType.UINT8;
            default:
                throw new KitException("safetensors file " + file + ": tensor '" + name + "' has dtype " + code
                        + "; the kit reads F32, F16, F64, I64, I32 and U8 (BF16 is not supported by DJL on CPU: "
                        + "convert the file to F16 or F32).");
        }
    }

    private static String code(DataType t, String name) {
        switch (t) {
            case FLOAT32:
                return "F32";
            case FLOAT16:
                return "F16";
            case FLOAT64:
                return "F64";
            case INT64:
                return "I64";
            case INT32:
                return "I32";
            case UINT8:
                return "U8";
            default:
                throw new IllegalArgumentException("cannot write tensor '" + name + "' of type " + t);
        }
    }

    private static KitException corrupt(Path file, String why) {
        return new KitException("safetensors file " + file + " is damaged: " + why
                + ". Re-download or re-export it.");
    }
}
