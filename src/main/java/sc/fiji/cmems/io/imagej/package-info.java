/**
 * Bridge between ImageJ 1.x {@code ImagePlus} and imglib2 images (copies, with
 * calibration), used instead of imglib2-ij, which this project does not depend
 * on.
 */
package sc.fiji.cmems.io.imagej;
