package org.commakit.loss;

import java.util.ArrayList;
import java.util.List;
import org.commakit.KitException;
import org.commakit.clip.ClipTokenizer;
import org.commakit.data.Templates;

/**
 * A dataset's single hand-crafted prompt, e.g. "a photo of a {}, a type of pet." (docs/data-protocol.md#templates, docs/data-protocol.md#templates,
 * KgCoOp/COMMA column, {@link Templates#knowledge}): the frozen CLIP reads it filled with each class name to give
 * the references of {@link KnowledgePreservingLoss} and {@link KgCoOpLoss}.
 *
 * @param tokenizer CLIP's BPE tokenizer
 * @param template the text with exactly one {@code {}} where the class name goes
 */
public record HandCraftedTemplate(ClipTokenizer tokenizer, String template) {

    public HandCraftedTemplate {
        int at = template.indexOf("{}");
        if (at < 0 || template.indexOf("{}", at + 1) >= 0) {
            throw new KitException("hand-crafted template \"" + template + "\" must contain exactly one {} for the "
                    + "class name, e.g. \"a photo of a {}.\"");
        }
    }

    /** The template filled with each class name (underscores become spaces, as every trainer does). */
    public List<String> texts(List<String> classnames) {
        if (classnames.isEmpty()) {
            throw new KitException("no classes to fill the template \"" + template + "\" with: the class list is "
                    + "empty. The dataset's train split defines the classes; check its split file.");
        }
        List<String> out = new ArrayList<>();
        for (String c : classnames) {
            out.add(Templates.prompt(template, c));
        }
        return out;
    }

    /** Token ids [classes][77] of {@link #texts}. */
    public int[][] tokens(List<String> classnames) {
        return tokenizer.tokenize(texts(classnames));
    }
}
