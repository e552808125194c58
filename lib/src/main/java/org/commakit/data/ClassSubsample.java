package org.commakit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.commakit.KitException;

/**
 * CoOp's {@code subsample_classes} (docs/data-protocol.md#base-and-new-classes): base = the first ⌈n/2⌉ labels in sorted order, new = the rest;
 * every split is filtered to the selected labels and relabelled 0..m-1, keeping item order. Runs after few-shot
 * sampling; the labels come from the (few-shot) train split.
 */
public final class ClassSubsample {
    private ClassSubsample() {}

    public enum Subset { ALL, BASE, NEW }

    public static DatasetSplits apply(DatasetSplits s, Subset subset) {
        if (subset == Subset.ALL) {
            return s;
        }
        List<Integer> labels = new ArrayList<>(new TreeSet<>(s.train().stream().map(Datum::label).toList()));
        if (labels.isEmpty()) {
            throw new KitException("dataset " + s.name() + " has an empty train split: no classes to split into base "
                    + "and new.");
        }
        int m = (labels.size() + 1) / 2;
        List<Integer> selected = subset == Subset.BASE ? labels.subList(0, m) : labels.subList(m, labels.size());
        Map<Integer, Integer> relabel = new TreeMap<>();
        for (int i = 0; i < selected.size(); i++) {
            relabel.put(selected.get(i), i);
        }
        return new DatasetSplits(s.name(), filter(s.train(), relabel), filter(s.val(), relabel),
                filter(s.test(), relabel));
    }

    private static List<Datum> filter(List<Datum> items, Map<Integer, Integer> relabel) {
        List<Datum> out = new ArrayList<>();
        for (Datum d : items) {
            Integer l = relabel.get(d.label());
            if (l != null) {
                out.add(new Datum(d.impath(), l, d.classname()));
            }
        }
        return out;
    }
}
