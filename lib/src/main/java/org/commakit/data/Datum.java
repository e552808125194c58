package org.commakit.data;

import java.nio.file.Path;

/**
 * One labelled image, as Dassl's {@code Datum}: the resolved image path, the 0-based label and the class name
 * exactly as the split file stores it (underscores are replaced by spaces only when a prompt is built).
 */
public record Datum(Path impath, int label, String classname) {}
