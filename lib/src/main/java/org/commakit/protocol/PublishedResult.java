package org.commakit.protocol;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One row of {@code published_results.csv}: numbers as a paper or an official README reports them. An empty value
 * means the number could not be read; it is never filled in.
 *
 * @param method the method's name in the papers (e.g. {@code CLIP} for zero-shot CLIP)
 * @param protocol {@code base2new}, {@code xd} or {@code dg}
 * @param dataset a dataset name or {@code Average}
 * @param baseAccuracy Base accuracy (base2new)
 * @param newAccuracy New accuracy (base2new)
 * @param harmonicMean the HM exactly as reported, which need not equal the HM of the reported Base and New
 *     (COMMA reports 79.04 where its averages give 79.01, docs/official-code-notes.md#the-reported-comma-hm)
 * @param accuracy the accuracy of an xd or dg cell (an optional {@code accuracy} column)
 * @param epochs training epochs of the reported run
 * @param source where the numbers come from
 */
public record PublishedResult(String method, String protocol, String dataset, OptionalDouble baseAccuracy,
                              OptionalDouble newAccuracy, OptionalDouble harmonicMean, OptionalDouble accuracy,
                              OptionalInt epochs, String source) {}
