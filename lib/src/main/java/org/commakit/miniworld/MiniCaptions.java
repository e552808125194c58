package org.commakit.miniworld;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.commakit.miniworld.ObjectScene.Layout;

/**
 * The pretraining corpus of the mini world: (image, caption) pairs drawn on the fly by the same renderer as the
 * datasets, over a broad set of concepts (coloured shapes, objects, drawings, textures, counts, symbols, satellite
 * tiles, scenes, pairs of objects). Captions are broad but noisy, like web alt-text: synonyms, varied word order,
 * partial descriptions, position and background words, filler, and a few wrong words.
 *
 * <p>Some dataset classes are <em>held out</em> ({@link #heldOutClassnames()}): no pretraining image shows them and
 * no caption names them, although every word in them is seen in other combinations. Zero-shot accuracy on those
 * classes measures compositional transfer.
 *
 * <p>Pair {@code i} depends only on the corpus seed and {@code i}: {@link #sample(long)} is deterministic and can be
 * called from any thread in any order.
 */
public final class MiniCaptions {
    /** The seed the kit's vocabulary and default pretraining use. */
    public static final long DEFAULT_SEED = 0;

    /**
     * Classes never shown or named in pretraining: six colour-shape compositions chosen among MiniImageNet's, six of
     * MiniShapes (12 compositions, as the team's calibration), two counts and one symbol. Part of the corpus, so of
     * the committed MiniCLIP: since world generator 4 (a 40-class MiniImageNet) purple star, pink triangle and white
     * square are in no dataset, and the other twelve are dataset classes.
     */
    private static final List<String> HELD_OUT = List.of("purple star", "pink triangle", "orange circle",
            "white square", "yellow triangle", "green star", "brown heart", "black diamond", "yellow hexagon",
            "blue heart", "red diamond", "black hexagon", "four squares", "six dots", "left arrow");
    private static final Pattern HELD_OUT_PATTERN =
            Pattern.compile("\\b(" + String.join("|", HELD_OUT) + ")\\b");

    /** Wider nuisances than the datasets', so that position words ("on the left") are visibly true. */
    private static final Nuisance CAPTION_NUISANCE = new Nuisance(0.42, 0.88, 1.0, 25, 0.45, 100, 0, 9, 0.1, 0, 0.05);
    private static final List<RenderStyle> DRAWN = List.of(RenderStyle.SKETCH, RenderStyle.CARTOON,
            RenderStyle.HATCHED, RenderStyle.MOSAIC, RenderStyle.PIXEL);
    private static final List<String> PREFIXES = List.of("", "", "", "", "a photo of ", "a picture of ",
            "an image of ", "a close-up photo of ", "this is ", "here is ", "look at ", "a nice photo of ",
            "my photo of ", "a small image of ");
    private static final List<String> FILLERS = List.of("wow", "nice", "#art", "#shapes", "lol", "cool",
            "so pretty", "i like it", "today", "new", "hd", "stock image", "free download", "found this");
    /**
     * Chatty openings and endings of web alt-text, none naming a concept of the world. Without them no caption's
     * end-of-text token lay past position 21 (99.5 % at 16 or before), so MiniCLIP's text encoder never learned to
     * read a class name that comes after CoOp's 16 context tokens: a prompt of 16 words before "a photo of a {}."
     * lost up to 15 points of zero-shot accuracy.
     */
    private static final List<String> OPENINGS = List.of("i took this picture last weekend and here is",
            "my friend shared this with me and it shows", "found this on an old website, it looks like",
            "uploaded from my phone without any editing:", "not sure what to call this but it is",
            "random picture from my collection showing", "a quick snapshot i made at my desk of",
            "the best picture i could find of", "look what i saw on my way to work,",
            "after a long day i finally got a picture of");
    private static final List<String> ENDINGS = List.of("taken with my old phone last weekend",
            "shared with friends on a quiet afternoon", "please do not use without asking first",
            "high quality picture, free download for personal use", "#photo #picture #daily #instagood",
            "what do you think about it? let me know", "more pictures like this on my page",
            "from the archive of an old website", "i really like how this picture turned out",
            "uploaded by a user, all rights reserved", "this took me quite a while to get right",
            "nothing special but i like it");
    private static final List<String> GENERIC = List.of("a picture", "an image", "untitled", "my favourite picture",
            "something", "img", "photo", "look at this", "what is this", "no description");

    private final long seed;

    /** A caption corpus; the same seed gives the same pairs. */
    public MiniCaptions(long seed) {
        this.seed = seed;
    }

    /** One image and its caption. */
    public record Pair(BufferedImage image, String caption) {}

    /**
     * A batch as arrays: {@code pixels} is [size, 3, {@link #imageSize()}, {@link #imageSize()}] in channel-major
     * order with values in [0, 1] (no normalisation), {@code captions} has {@code size} entries.
     */
    public record Batch(float[] pixels, int size, List<String> captions) {}

    /** Side of every image in pixels. */
    public static int imageSize() {
        return Canvas.SIZE;
    }

    /** The class names of all datasets that pretraining never shows, in a fixed order. */
    public static List<String> heldOutClassnames() {
        return HELD_OUT;
    }

    /** Whether a class name is held out of pretraining (compared case-insensitively, underscores as spaces). */
    public static boolean isHeldOut(String classname) {
        return HELD_OUT.contains(classname.replace('_', ' ').toLowerCase(Locale.ROOT));
    }

    /** Pair number {@code index}. */
    public Pair sample(long index) {
        Item item = item(index);
        return new Pair(item.renderer.render(Seeds.random(seed, index, 2)), item.caption);
    }

    /** The caption of pair {@code index}, without drawing its image (for vocabulary training). */
    public String caption(long index) {
        return item(index).caption;
    }

    /** Pairs {@code step * batchSize} to {@code step * batchSize + batchSize - 1}. */
    public List<Pair> batch(long step, int batchSize) {
        List<Pair> out = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            out.add(sample(step * batchSize + i));
        }
        return out;
    }

    /** As {@link #batch}, as a float array in CHW layout plus the captions. */
    public Batch chwBatch(long step, int batchSize) {
        int plane = imageSize() * imageSize();
        float[] pixels = new float[batchSize * 3 * plane];
        List<String> captions = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            Pair p = sample(step * batchSize + i);
            System.arraycopy(toChw(p.image), 0, pixels, i * 3 * plane, 3 * plane);
            captions.add(p.caption);
        }
        return new Batch(pixels, batchSize, captions);
    }

    /** An RGB image as [3, H, W] floats in [0, 1]. */
    public static float[] toChw(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = image.getRGB(x, y);
                int p = y * w + x;
                out[p] = ((v >> 16) & 0xff) / 255f;
                out[w * h + p] = ((v >> 8) & 0xff) / 255f;
                out[2 * w * h + p] = (v & 0xff) / 255f;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // One pair: the facts are drawn first (concept, colours, layout, style), then the caption from the facts, and
    // the image from the facts plus a second random stream.

    private interface Renderer {
        BufferedImage render(SplittableRandom r);
    }

    private record Item(String caption, Renderer renderer) {}

    private Item item(long index) {
        for (int attempt = 0; attempt < 16; attempt++) {
            SplittableRandom r = Seeds.random(seed, index, 1, attempt);
            Item it = describe(r);
            String caption = noise(it.caption, r);
            if (!HELD_OUT_PATTERN.matcher(caption.toLowerCase(Locale.ROOT)).find()) {
                return new Item(caption, it.renderer);
            }
        }
        throw new IllegalStateException("caption " + index + " of seed " + seed + " keeps naming a held-out class");
    }

    private Item describe(SplittableRandom r) {
        int u = r.nextInt(100);
        if (u < 22) {
            return object(r);
        } else if (u < 44) {
            return pictogram(r);
        } else if (u < 52) {
            return drawing(r);
        } else if (u < 61) {
            return texture(r);
        } else if (u < 69) {
            return count(r);
        } else if (u < 77) {
            return glyph(r);
        } else if (u < 84) {
            return satellite(r);
        } else if (u < 92) {
            return scene(r);
        }
        return pair(r);
    }

    /** A single coloured shape, with optional size, position and background words. */
    private Item object(SplittableRandom r) {
        ColouredShape thing = allowedShape(r);
        Color main = thing.colour().sample(r);
        Color bg = NamedColour.background(r, CAPTION_NUISANCE.backgroundSaturation(), main, 100);
        Layout layout = Layout.sample(CAPTION_NUISANCE, r);
        String core = shapePhrase(thing, r, true);
        int v = r.nextInt(10);
        if (v == 0) {
            core = article(shapeWord(thing.shape(), r)) + " in " + colourWord(thing.colour(), r);
        } else if (v == 1) {
            core = article(colourWord(thing.colour(), r) + " coloured " + shapeWord(thing.shape(), r));
        } else if (v == 2) {
            core = shapeWord(thing.shape(), r) + ", " + colourWord(thing.colour(), r);
        } else if (v == 3 && layout.scale() < 0.6) {
            core = "a small " + colourWord(thing.colour(), r) + " " + shapeWord(thing.shape(), r);
        } else if (v == 4 && layout.scale() > 0.8) {
            core = "a big " + colourWord(thing.colour(), r) + " " + shapeWord(thing.shape(), r);
        }
        core = core + where(layout, r) + background(bg, r);
        double noise = CAPTION_NUISANCE.noise(r);
        return new Item(prefix(r) + core, rr -> {
            Canvas c = new Canvas(RenderStyle.PHOTO, rr);
            ObjectScene.drawBackground(c, bg, CAPTION_NUISANCE, rr);
            ObjectScene.drawThing(c, thing, main, layout, rr);
            return c.finish(noise, rr);
        });
    }

    /** A single pictogram, its colour named when it varies. */
    private Item pictogram(SplittableRandom r) {
        Pictogram p = Pictogram.values()[r.nextInt(Pictogram.values().length)];
        NamedColour colour = p.colourOptions().get(r.nextInt(p.colourOptions().size()));
        Color main = colour.sample(r);
        Color bg = NamedColour.background(r, CAPTION_NUISANCE.backgroundSaturation(), main, 100);
        Layout layout = Layout.sample(CAPTION_NUISANCE, r);
        String core = pictogramPhrase(p, colour, r) + where(layout, r) + background(bg, r);
        double noise = CAPTION_NUISANCE.noise(r);
        return new Item(prefix(r) + core, rr -> {
            Canvas c = new Canvas(RenderStyle.PHOTO, rr);
            ObjectScene.drawBackground(c, bg, CAPTION_NUISANCE, rr);
            ObjectScene.drawThing(c, p, main, layout, rr);
            return c.finish(noise, rr);
        });
    }

    /** A shape or pictogram drawn as a sketch, cartoon, hatched drawing, mosaic or pixel art. */
    private Item drawing(SplittableRandom r) {
        RenderStyle style = DRAWN.get(r.nextInt(DRAWN.size()));
        Thing thing;
        NamedColour colour;
        String phrase;
        if (r.nextBoolean()) {
            ColouredShape s = allowedShape(r);
            thing = s;
            colour = s.colour();
            phrase = style == RenderStyle.SKETCH ? article(shapeWord(s.shape(), r)) : shapePhrase(s, r, false);
        } else {
            Pictogram p = Pictogram.values()[r.nextInt(Pictogram.values().length)];
            thing = p;
            colour = p.colourOptions().get(r.nextInt(p.colourOptions().size()));
            phrase = style == RenderStyle.SKETCH ? article(nameWord(p, r)) : pictogramPhrase(p, colour, r);
        }
        Color main = colour.sample(r);
        Color bg = NamedColour.background(r, 0.35, main, 110);
        Layout layout = Layout.sample(Nuisance.DRAWING, r);
        String core = switch (style) {
            case SKETCH -> pick(r, "a sketch of ", "a pencil sketch of ", "a pencil drawing of ",
                    "a black and white drawing of ") + phrase;
            case CARTOON -> pick(r, "a cartoon of ", "a cartoon drawing of ", "a comic drawing of ") + phrase;
            case HATCHED -> pick(r, "a hatched drawing of ", "a line drawing of ", "an ink drawing of ") + phrase;
            case MOSAIC -> pick(r, "a mosaic of ", "a tile mosaic of ", "a mosaic showing ") + phrase;
            default -> pick(r, "pixel art of ", "a pixelated image of ", "a low resolution image of ") + phrase;
        };
        double noise = Nuisance.DRAWING.noise(r);
        return new Item(core, rr -> {
            Canvas c = new Canvas(style, rr);
            c.background(bg);
            ObjectScene.drawThing(c, thing, main, layout, rr);
            return c.finish(noise, rr);
        });
    }

    private Item texture(SplittableRandom r) {
        Texture t = Texture.values()[r.nextInt(Texture.values().length)];
        NamedColour fgName = NamedColour.values()[r.nextInt(NamedColour.values().length)];
        Color fg = fgName.sample(r);
        Color bg = NamedColour.background(r, 0.5, fg, 120);
        String noun = pick(r, t.nouns());
        String core = switch (r.nextInt(7)) {
            case 0 -> article(t.classname()) + " pattern";
            case 1 -> article(t.classname()) + " texture";
            case 2 -> noun;
            case 3 -> colourWord(fgName, r) + " and " + NamedColour.nearest(bg).word() + " " + noun;
            case 4 -> article(colourWord(fgName, r) + " " + t.classname()) + " pattern";
            case 5 -> t.classname() + " " + pick(r, "fabric", "wallpaper", "surface", "paper");
            default -> article(t.classname()) + " " + pick(r, "pattern", "texture", "design") + " in "
                    + colourWord(fgName, r);
        };
        return new Item(prefix(r) + core, rr -> {
            Canvas c = new Canvas(RenderStyle.PHOTO, rr);
            c.background(bg);
            t.paint(c, fg, bg, rr);
            return c.finish(Nuisance.STANDARD.noise(rr), rr);
        });
    }

    private static final ShapeKind[] COUNTED =
            {ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE, ShapeKind.STAR, ShapeKind.HEART};

    private Item count(SplittableRandom r) {
        Count count;
        do {
            count = new Count(1 + r.nextInt(6), COUNTED[r.nextInt(COUNTED.length)]);
        } while (isHeldOut(count.classname()));
        NamedColour colour;
        do {
            colour = NamedColour.values()[r.nextInt(NamedColour.values().length)];
        } while (isHeldOut(colour.word() + " " + count.kind().word()));
        int n = count.n();
        if (r.nextInt(20) == 0) { // a miscount
            int wrong = n == 1 ? 2 : n + (r.nextBoolean() ? 1 : -1);
            if (!isHeldOut(new Count(wrong, count.kind()).classname())) {
                n = wrong;
            }
        }
        String noun = count.kind() == ShapeKind.CIRCLE && r.nextInt(4) == 0 ? (n > 1 ? "circles" : "circle")
                : new Count(n, count.kind()).noun(n > 1);
        String number = r.nextInt(6) == 0 ? Integer.toString(n) : Count.NUMBERS[n - 1];
        String colourPart = r.nextBoolean() ? colourWord(colour, r) + " " : "";
        String core = switch (r.nextInt(5)) {
            case 0 -> "a group of " + number + " " + colourPart + noun;
            case 1 -> "exactly " + number + " " + colourPart + noun;
            case 2 -> n == 1 ? "a single " + colourPart + noun : number + " " + noun + " in " + colourWord(colour, r);
            default -> number + " " + colourPart + noun;
        };
        Color main = colour.sample(r);
        Color bg = NamedColour.background(r, 0.35, main, 110);
        Count drawn = count;
        return new Item(prefix(r) + core, rr -> {
            Canvas c = new Canvas(RenderStyle.PHOTO, rr);
            c.background(bg);
            drawn.draw(c, main, false, rr);
            return c.finish(Nuisance.STANDARD.noise(rr), rr);
        });
    }

    private Item glyph(SplittableRandom r) {
        Glyph g;
        do {
            g = Glyph.values()[r.nextInt(Glyph.values().length)];
        } while (isHeldOut(g.classname()));
        NamedColour colour = NamedColour.values()[r.nextInt(NamedColour.values().length)];
        String word = r.nextInt(4) == 0 ? pick(r, g.synonyms()) : g.classname();
        String core = switch (r.nextInt(6)) {
            case 0 -> "the " + word;
            case 1 -> article(colourWord(colour, r) + " " + word);
            case 2 -> article(word) + " symbol";
            case 3 -> "a sign showing " + article(word);
            default -> article(word);
        };
        Glyph drawn = g;
        return new Item(prefix(r) + core, rr -> {
            Canvas c = new Canvas(RenderStyle.PHOTO, rr);
            Color main = colour.sample(rr);
            Color bg = NamedColour.background(rr, 0.35, main, 110);
            c.background(bg);
            ObjectScene.drawThing(c, drawn, main, Layout.sample(Nuisance.UPRIGHT, rr), rr);
            return c.finish(Nuisance.UPRIGHT.noise(rr), rr);
        });
    }

    private Item satellite(SplittableRandom r) {
        LandUse land = LandUse.values()[r.nextInt(LandUse.values().length)];
        String what = r.nextBoolean() ? land.classname() : pick(r, land.nouns());
        String core = pick(r, "a satellite photo of ", "a satellite image of ", "an aerial view of ",
                "an aerial photo of ", "a centered satellite photo of ", "a top-down view of ", "") + what
                + (r.nextInt(6) == 0 ? " seen from above" : "");
        return new Item(core, rr -> land.render(RenderStyle.PHOTO, Nuisance.STANDARD, rr));
    }

    private Item scene(SplittableRandom r) {
        SceneKind scene = SceneKind.values()[r.nextInt(SceneKind.values().length)];
        String name = r.nextInt(4) == 0 ? pick(r, scene.synonyms()) : scene.classname();
        List<String> contents = scene.contents();
        String core = switch (r.nextInt(4)) {
            case 0 -> article(name) + " with " + pick(r, contents);
            case 1 -> contents.size() > 1 ? String.join(" and ", contents) : pick(r, contents) + " in "
                    + article(name);
            default -> article(name);
        };
        return new Item(prefix(r) + core, rr -> scene.render(RenderStyle.PHOTO, Nuisance.STANDARD, rr));
    }

    /** Two objects side by side or one above the other, with a relation word. */
    private Item pair(SplittableRandom r) {
        boolean horizontal = r.nextBoolean();
        Thing[] things = new Thing[2];
        Color[] mains = new Color[2];
        String[] phrases = new String[2];
        for (int i = 0; i < 2; i++) {
            if (r.nextBoolean()) {
                ColouredShape s = allowedShape(r);
                things[i] = s;
                mains[i] = s.colour().sample(r);
                phrases[i] = shapePhrase(s, r, false);
            } else {
                Pictogram p = Pictogram.values()[r.nextInt(Pictogram.values().length)];
                NamedColour colour = p.colourOptions().get(r.nextInt(p.colourOptions().size()));
                things[i] = p;
                mains[i] = colour.sample(r);
                phrases[i] = pictogramPhrase(p, colour, r);
            }
        }
        Color bg = NamedColour.background(r, 0.3, mains[0], 100);
        if (NamedColour.distance(bg, mains[1]) < 80) {
            bg = NamedColour.background(r, 0.3, mains[1], 100);
        }
        Layout[] layouts = new Layout[2];
        for (int i = 0; i < 2; i++) {
            double along = i == 0 ? 0.27 : 0.73;
            double across = 0.5 + (r.nextDouble() - 0.5) * 0.2;
            double scale = 0.36 + r.nextDouble() * 0.1;
            double degrees = (r.nextDouble() - 0.5) * 30;
            layouts[i] = horizontal ? new Layout(along, across, scale, degrees) : new Layout(across, along, scale,
                    degrees);
        }
        String a = phrases[0];
        String b = phrases[1];
        String core = switch (r.nextInt(5)) {
            case 0 -> a + " next to " + b;
            case 1 -> horizontal ? a + " to the left of " + b : a + " above " + b;
            case 2 -> horizontal ? b + " to the right of " + a : b + " below " + a;
            case 3 -> b + " and " + a;
            default -> a + " and " + b;
        };
        Color background = bg;
        return new Item(prefix(r) + core, rr -> {
            Canvas c = new Canvas(RenderStyle.PHOTO, rr);
            c.background(background);
            for (int i = 0; i < 2; i++) {
                ObjectScene.drawThing(c, things[i], mains[i], layouts[i], rr);
            }
            return c.finish(Nuisance.STANDARD.noise(rr), rr);
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Words

    /** Any colour and any shape, except the held-out compositions. */
    private static ColouredShape allowedShape(SplittableRandom r) {
        ColouredShape s;
        do {
            s = new ColouredShape(NamedColour.values()[r.nextInt(NamedColour.values().length)],
                    ShapeKind.values()[r.nextInt(ShapeKind.values().length)]);
        } while (isHeldOut(s.classname()));
        return s;
    }

    /** "a red circle" (sometimes with a synonym, a wrong colour, or only one of the two words). */
    private static String shapePhrase(ColouredShape s, SplittableRandom r, boolean allowPartial) {
        NamedColour colour = s.colour();
        if (r.nextInt(20) == 0) { // a wrong colour word, never naming a held-out class
            NamedColour wrong = NamedColour.values()[r.nextInt(NamedColour.values().length)];
            if (!isHeldOut(wrong.word() + " " + s.shape().word())) {
                colour = wrong;
            }
        }
        int v = r.nextInt(20);
        if (allowPartial && v == 0) {
            return article(shapeWord(s.shape(), r));
        } else if (allowPartial && v == 1) {
            return article(colourWord(colour, r)) + " " + pick(r, "shape", "thing", "object");
        }
        return article(colourWord(colour, r) + " " + shapeWord(s.shape(), r));
    }

    /** "a house", "a red car" (the colour for objects that come in several colours, or sometimes). */
    private static String pictogramPhrase(Pictogram p, NamedColour colour, SplittableRandom r) {
        String name = nameWord(p, r);
        if (r.nextInt(33) == 0) { // a wrong object word
            name = Pictogram.values()[r.nextInt(Pictogram.values().length)].classname();
        }
        boolean sayColour = p.colourVaries() ? r.nextInt(10) < 6 : r.nextInt(10) < 2;
        return article(sayColour ? colourWord(colour, r) + " " + name : name);
    }

    private static String nameWord(Pictogram p, SplittableRandom r) {
        return !p.synonyms().isEmpty() && r.nextInt(5) == 0 ? pick(r, p.synonyms()) : p.classname();
    }

    private static String colourWord(NamedColour c, SplittableRandom r) {
        return r.nextInt(6) == 0 ? pick(r, c.synonyms()) : c.word();
    }

    private static String shapeWord(ShapeKind s, SplittableRandom r) {
        return r.nextInt(6) == 0 ? pick(r, s.synonyms()) : s.word();
    }

    /** " on the left", " at the top", " in the middle", or nothing (most of the time). */
    private static String where(Layout l, SplittableRandom r) {
        if (r.nextInt(10) >= 3) {
            return "";
        }
        double dx = l.cx() - 0.5;
        double dy = l.cy() - 0.5;
        if (Math.max(Math.abs(dx), Math.abs(dy)) < 0.07) {
            return pick(r, " in the middle", " in the centre");
        } else if (Math.abs(dx) >= Math.abs(dy)) {
            return dx < 0 ? " on the left" : " on the right";
        }
        return dy < 0 ? " at the top" : " at the bottom";
    }

    private static String background(Color bg, SplittableRandom r) {
        if (r.nextInt(10) >= 2) {
            return "";
        }
        return " on " + article(NamedColour.nearest(bg).word()) + " background";
    }

    private static String prefix(SplittableRandom r) {
        return pick(r, PREFIXES);
    }

    /** Filler words, generic captions, dropped words, chatty openings and endings, capitals and end punctuation. */
    private static String noise(String caption, SplittableRandom r) {
        String text = caption;
        int v = r.nextInt(100);
        if (v < 2) {
            text = pick(r, GENERIC);
        } else if (v < 8) {
            text = r.nextBoolean() ? text + " " + pick(r, FILLERS) : pick(r, FILLERS) + " " + text;
        } else if (v < 11) {
            List<String> words = new ArrayList<>(Arrays.asList(text.split(" ")));
            if (words.size() > 2) {
                words.remove(r.nextInt(words.size()));
                text = String.join(" ", words);
            }
        }
        int chat = r.nextInt(100); // about 30 % longer captions: 12 % opening, 12 % ending, 6 % both
        if (chat < 18) {
            text = pick(r, OPENINGS) + " " + text;
        }
        if (chat >= 12 && chat < 30) {
            text = text + ", " + pick(r, ENDINGS);
        }
        if (r.nextInt(7) == 0) {
            text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        }
        int p = r.nextInt(20);
        return text + (p < 14 ? "." : p < 19 ? "" : "!");
    }

    private static String article(String phrase) {
        char c = phrase.charAt(0);
        return ("aeiou".indexOf(c) >= 0 ? "an " : "a ") + phrase;
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String pick(SplittableRandom r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }
}
