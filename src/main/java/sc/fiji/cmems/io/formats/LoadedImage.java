package sc.fiji.cmems.io.formats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;

/**
 * An image as read from a file: the pixels in their native type, with axes
 * x (fastest), y and, for volumes, z; the voxel size per axis; its unit; and
 * the file it came from.
 */
public final class LoadedImage {

	/** The unit used when a file says nothing about one (ImageJ's convention). */
	public static final String UNKNOWN_UNIT = "pixel";

	private final RandomAccessibleInterval<? extends RealType<?>> image;
	private final List<RandomAccessibleInterval<? extends RealType<?>>> channels;
	private final double[] voxelSize;
	private final String unit;
	private final Path source;

	/**
	 * @param image the pixels, 2D (x, y) or 3D (x, y, z)
	 * @param voxelSize one entry per axis of {@code image}; {@code null} means
	 *          all 1.0; non-finite or non-positive entries are replaced by 1.0
	 * @param unit unit of {@code voxelSize}; {@code null} or empty means
	 *          {@link #UNKNOWN_UNIT}
	 * @param source the file the image was read from, or {@code null}
	 */
	public LoadedImage(final RandomAccessibleInterval<? extends RealType<?>> image, final double[] voxelSize,
		final String unit, final Path source)
	{
		this(Collections.singletonList(image), voxelSize, unit, source);
	}

	/**
	 * An image of several channels (a hyperstack's, a 4D NIfTI's), one image each, of one size.
	 *
	 * @param voxelSize one entry per axis of each channel's image
	 */
	public LoadedImage(final List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels, final double[] voxelSize, final String unit,
		final Path source)
	{
		if (channels == null || channels.isEmpty() || channels.get(0) == null) throw new NullPointerException("image");
		final RandomAccessibleInterval<? extends RealType<?>> image = channels.get(0);
		this.channels = Collections.unmodifiableList(new ArrayList<>(channels));
		final int n = image.numDimensions();
		final double[] size = new double[n];
		Arrays.fill(size, 1.0);
		if (voxelSize != null) {
			if (voxelSize.length != n) throw new IllegalArgumentException("voxel size has " + voxelSize.length +
				" entries for a " + n + "D image");
			for (int d = 0; d < n; d++) {
				final double v = voxelSize[d];
				if (Double.isFinite(v) && v > 0) size[d] = v;
			}
		}
		this.image = image;
		this.voxelSize = size;
		this.unit = unit == null || unit.trim().isEmpty() ? UNKNOWN_UNIT : unit;
		this.source = source;
	}

	/** @return every channel's pixels, one image each (one for most files) */
	public List<RandomAccessibleInterval<? extends RealType<?>>> getChannels() {
		return channels;
	}

	/** The pixels (of the first channel), in the type the file stores them in (see {@link #getType()}). */
	public RandomAccessibleInterval<? extends RealType<?>> getImage() {
		return image;
	}

	/** Voxel size per axis (x, y[, z]); a copy. */
	public double[] getVoxelSize() {
		return voxelSize.clone();
	}

	/** Unit of {@link #getVoxelSize()}; {@link #UNKNOWN_UNIT} when the file has none. */
	public String getUnit() {
		return unit;
	}

	/** The file the image was read from; {@code null} when it did not come from a file. */
	public Path getSource() {
		return source;
	}

	public int numDimensions() {
		return image.numDimensions();
	}

	/** Size of each axis: x, y[, z]. */
	public long[] getDimensions() {
		return Intervals.dimensionsAsLongArray(image);
	}

	/** A pixel-type instance, e.g. {@code UnsignedByteType} or {@code FloatType}. */
	public RealType<?> getType() {
		return Util.getTypeFromInterval(image);
	}

	/** The dimensions as {@code "232x256x10"} (x, y, z). */
	public String shapeString() {
		return shapeString(getDimensions());
	}

	static String shapeString(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (int d = 0; d < dims.length; d++) {
			if (d > 0) sb.append('x');
			sb.append(dims[d]);
		}
		return sb.toString();
	}

	@Override
	public String toString() {
		return "LoadedImage[" + shapeString() + " (x,y" + (numDimensions() > 2 ? ",z" : "") + "), " +
			getType().getClass().getSimpleName() + ", voxel " + Arrays.toString(voxelSize) + " " + unit +
			(source == null ? "" : ", " + source) + "]";
	}
}
