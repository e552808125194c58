/**
 * The course's API: what the chapters under {@code notebooks/} call so that a cell says what it teaches. One call
 * each for the zero-shot accuracy of a dataset ({@link org.commakit.course.Course#zeroShot}), a short training of a
 * prompt learner ({@link org.commakit.course.Course#train}), a learner's accuracy, CLIP's image features of a list
 * of images, base/new tables and columns of points ({@link org.commakit.course.CourseTables}), image galleries and
 * thumbnails ({@link org.commakit.course.Gallery}), a learner's trainable tensors, and checks for the exercises
 * ({@link org.commakit.course.Check}). See docs/course.md.
 */
package org.commakit.course;
