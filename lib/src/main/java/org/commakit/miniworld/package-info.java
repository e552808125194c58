/**
 * The mini world: procedurally drawn datasets that mirror the benchmarks of CoOp, CoCoOp, MaPLe and COMMA at
 * 32 x 32 pixels, so that the whole kit (pretraining a small CLIP, prompt learning, every protocol) runs on a laptop
 * CPU.
 *
 * <ul>
 *   <li>{@link org.commakit.miniworld.MiniDatasets}: the registry (one source, four shifted variants, seven targets),
 *       each described by a {@link org.commakit.miniworld.MiniDataset};
 *   <li>{@link org.commakit.miniworld.MiniWorld}: writes every dataset in the real benchmarks' layouts from a seed;
 *   <li>{@link org.commakit.miniworld.MiniCaptions}: the noisy (image, caption) pretraining corpus, with held-out
 *       classes for measuring zero-shot transfer;
 *   <li>{@link org.commakit.miniworld.MiniBpeTrainer}: the small BPE vocabulary in OpenAI's merges format.
 * </ul>
 *
 * <p>Why 32 x 32: the mini CLIP the team calibrated uses 32-pixel images with 8-pixel patches (16 tokens), the cost of
 * a ViT grows with the token count (36 tokens at 48 pixels), and every concept here is drawn to stay legible at that
 * size (objects of 10 pixels and more, texture periods of 3 pixels and more, strokes of 2 pixels and more). Images are
 * drawn at 4x with antialiasing off and box-filtered down, which is both smooth and deterministic.
 */
package org.commakit.miniworld;

import org.commakit.miniworld.MiniBpeTrainer;
import org.commakit.miniworld.MiniCaptions;
import org.commakit.miniworld.MiniDataset;
import org.commakit.miniworld.MiniDatasets;
import org.commakit.miniworld.MiniWorld;
