package org.commakit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-crafted templates of docs/data-protocol.md#templates. */
class TemplatesTest {

    @Test
    void everyBenchmarkHasACoOpAndAKnowledgeTemplateThatDifferOnlyForDtd() {
        assertEquals(new HashSet<>(Benchmarks.names()), Templates.COOP.keySet());
        for (String name : Benchmarks.names()) {
            assertEquals(name.equals("DescribableTextures"), !Templates.coop(name).equals(Templates.knowledge(name)),
                    name);
        }
        assertEquals("{} texture.", Templates.coop("DescribableTextures"));
        assertEquals("a photo of a {}, a type of texture.", Templates.knowledge("DescribableTextures"));
        assertEquals("a centered satellite photo of {}.", Templates.coop("EuroSAT"));
        assertEquals("a photo of {}, a type of food.", Templates.coop("Food101"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Templates.coop("Pets"));
        assertTrue(e.getMessage().contains("'Pets'"), e.getMessage());
    }

    @Test
    void promptsReplaceUnderscoresBySpacesAndKeepCase() {
        assertEquals("a photo of a american pit bull terrier, a type of pet.",
                Templates.prompt(Templates.coop("OxfordPets"), "american_pit_bull_terrier"));
        assertEquals("a centered satellite photo of Annual Crop Land.",
                Templates.prompt(Templates.coop("EuroSAT"), "Annual Crop Land"));
        assertEquals("banded texture.", Templates.prompt(Templates.coop("DescribableTextures"), "banded"));
    }

    @Test
    void theImageNetListsHaveTheirSizesOrderAndEnds() {
        List<String> all = Templates.IMAGENET_80;
        assertEquals(80, all.size());
        assertEquals(80, new HashSet<>(all).size());
        assertEquals("a bad photo of a {}.", all.get(0));
        assertEquals("a photo of a {}.", all.get(39));
        assertEquals("a tattoo of the {}.", all.get(79));
        assertTrue(all.stream().allMatch(t -> t.indexOf("{}") >= 0 && t.indexOf("{}") == t.lastIndexOf("{}")));
        assertTrue(all.containsAll(Templates.IMAGENET_SELECT));
        assertEquals(List.of("itap of a {}.", "a bad photo of the {}.", "a origami {}.", "a photo of the large {}.",
                "a {} in a video game.", "art of the {}.", "a photo of the small {}."), Templates.IMAGENET_SELECT);
    }
}
