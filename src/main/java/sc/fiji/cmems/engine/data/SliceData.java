package sc.fiji.cmems.engine.data;

import java.util.Arrays;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;


/**
 * Reads the slices of an input image into arrays, checking what the engine
 * relies on: finite intensities, integer labels within the class range, and
 * matching image and label sizes. Every message names the input.
 */
public final class SliceData {

	private SliceData() {}

	/**
	 * @return the normalised slices of {@code input}'s image, each {@code channels * width * height} floats: its
	 *         channels one after the other, each normalised on its own, x fastest
	 */
	public static float[][] readNormalised(final ImageInput input, final Normalization normalization) {
		final List<RandomAccessibleInterval<? extends RealType<?>>> channels = input.channels();
		final RandomAccessibleInterval<? extends RealType<?>> image = input.image();
		final int n = slices(input.name(), image);
		final int width = (int) image.dimension(0), area = width * (int) image.dimension(1);
		final float[][] out = new float[n][];
		for (int z = 0; z < n; z++) {
			final float[] all = channels.size() == 1 ? null : new float[channels.size() * area];
			for (int c = 0; c < channels.size(); c++) {
				final float[] s = ImgSlices.readFloats(channels.get(c), z);
				for (int i = 0; i < s.length; i++)
					if (!Float.isFinite(s[i]))
						throw new InvalidInputException("image '" + input.name() + "' has a " + (Float.isNaN(s[i]) ? "NaN" : "infinite")
							+ " pixel at (x=" + i % width + ", y=" + i / width + (n > 1 ? ", z=" + z : "") + (channels.size() > 1 ? ", channel " + (c + 1) : "")
							+ "); replace it before training");
				normalization.apply(s);
				if (all == null) out[z] = s;
				else System.arraycopy(s, 0, all, c * area, area);
			}
			if (all != null) out[z] = all;
		}
		return out;
	}

	/**
	 * @param classes labels must lie in {@code [0, classes)}; 0 accepts any non-negative value
	 * @return the label slices of {@code input}, checked against its image's size
	 */
	public static int[][] readLabels(final ImageInput input, final int classes) {
		final RandomAccessibleInterval<? extends IntegerType<?>> labels = input.labels();
		checkSameSize(input);
		final int n = slices(input.name(), labels);
		final int width = (int) labels.dimension(0);
		final int[][] out = new int[n][];
		for (int z = 0; z < n; z++) {
			final int[] s = ImgSlices.readInts(labels, z);
			for (int i = 0; i < s.length; i++)
				if (s[i] < 0 || (classes > 0 && s[i] >= classes))
					throw new InvalidInputException("label image of '" + input.name() + "' has value " + s[i] + " at (x=" + i % width + ", y="
						+ i / width + (n > 1 ? ", z=" + z : "") + "), outside the " + (classes > 0 ? classes + " classes 0.." + (classes - 1) : "non-negative labels"));
			out[z] = s;
		}
		return out;
	}

	/** @throws InvalidInputException if the image and its labels differ in size */
	public static void checkSameSize(final ImageInput input) {
		final long[] a = Intervals.dimensionsAsLongArray(input.image());
		final long[] b = Intervals.dimensionsAsLongArray(input.labels());
		if (!Arrays.equals(a, b))
			throw new InvalidInputException("image '" + input.name() + "' is " + format(a) + " but its label image is " + format(b));
	}

	/** @return "256x216" or "256x216x10" */
	public static String format(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < dims.length; d++) sb.append(d == 0 ? "" : "x").append(dims[d]);
		return sb.toString();
	}

	private static int slices(final String name, final RandomAccessibleInterval<?> image) {
		final int n = image.numDimensions();
		if (n != 2 && n != 3)
			throw new InvalidInputException("image '" + name + "' is " + n + "D (" + format(Intervals.dimensionsAsLongArray(image)) + "); 2D or 3D (x, y, z) images are expected");
		return ImgSlices.count(image);
	}
}
