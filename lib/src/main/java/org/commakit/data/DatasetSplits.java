package org.commakit.data;

import java.util.List;
import java.util.TreeMap;

/**
 * The train / val / test lists of one dataset, in the order the reference code produces them.
 *
 * <p>As Dassl's {@code DatasetBase}: the class list comes from the train split, indexed by label.
 */
public record DatasetSplits(String name, List<Datum> train, List<Datum> val, List<Datum> test) {

    /** Class names by label, collected from the train split (Dassl {@code DatasetBase.get_lab2cname}). */
    public List<String> classnames() {
        TreeMap<Integer, String> byLabel = new TreeMap<>();
        for (Datum d : train.isEmpty() ? test : train) {
            byLabel.putIfAbsent(d.label(), d.classname());
        }
        return List.copyOf(byLabel.values());
    }

    /** Number of classes: max train label + 1. */
    public int numClasses() {
        int max = -1;
        for (Datum d : train.isEmpty() ? test : train) {
            max = Math.max(max, d.label());
        }
        return max + 1;
    }
}
