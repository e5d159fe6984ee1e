package sc.fiji.cmems.engine.infer;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/**
 * A square box in an image's pixel grid ({@code x0, y0, side}) and a range of
 * slices, around the structures of one image. {@link #crop} cuts it out as a
 * view (pixels outside the image are mirrored), {@link #paste} puts a label
 * slice of the box back into the image's grid; the two are exact inverses on
 * the pixels that lie inside the image.
 */
public final class CropBox {

	private final long x0, y0;
	private final int side;
	private final int z0, z1;

	public CropBox(final long x0, final long y0, final int side, final int z0, final int z1) {
		if (side < 1) throw new IllegalArgumentException("crop side must be at least 1, was " + side);
		if (z0 < 0 || z1 < z0) throw new IllegalArgumentException("slice range " + z0 + ".." + z1 + " is empty or negative");
		this.x0 = x0;
		this.y0 = y0;
		this.side = side;
		this.z0 = z0;
		this.z1 = z1;
	}

	/**
	 * The square box centred on a bounding box, its side the bounding box's
	 * longer side times {@code 1 + 2 * margin}.
	 *
	 * @param minX first column of the structures (inclusive), likewise the others
	 */
	public static CropBox around(final int minX, final int maxX, final int minY, final int maxY, final int z0, final int z1, final double margin) {
		final int extent = Math.max(maxX - minX + 1, maxY - minY + 1);
		final int side = (int) Math.ceil(extent * (1 + 2 * margin));
		final double cx = (minX + maxX + 1) / 2.0, cy = (minY + maxY + 1) / 2.0;
		return new CropBox(Math.round(cx - side / 2.0), Math.round(cy - side / 2.0), side, z0, z1);
	}

	public long x0() {
		return x0;
	}

	public long y0() {
		return y0;
	}

	public int side() {
		return side;
	}

	/** @return the first slice of the range */
	public int firstSlice() {
		return z0;
	}

	/** @return the last slice of the range (inclusive) */
	public int lastSlice() {
		return z1;
	}

	/** @return the same box scaled about its centre so that its side is {@code newSide} */
	public CropBox withSide(final int newSide) {
		final double cx = x0 + side / 2.0, cy = y0 + side / 2.0;
		return new CropBox(Math.round(cx - newSide / 2.0), Math.round(cy - newSide / 2.0), newSide, z0, z1);
	}

	/**
	 * @param image a 2D image or a 3D stack (its slice range must lie inside the stack)
	 * @return the box's pixels as a view with its origin at 0: {@code side x side}, or {@code side x side x slices}
	 */
	public <T> RandomAccessibleInterval<T> crop(final RandomAccessibleInterval<T> image) {
		final RandomAccessibleInterval<T> origin = Views.zeroMin(image);
		final boolean stack = origin.numDimensions() == 3;
		if (stack && z1 >= origin.dimension(2)) throw new IllegalArgumentException("slices " + z0 + ".." + z1 + " of a stack of " + origin.dimension(2));
		final long[] min = stack ? new long[] { x0, y0, z0 } : new long[] { x0, y0 };
		final long[] max = stack ? new long[] { x0 + side - 1, y0 + side - 1, z1 } : new long[] { x0 + side - 1, y0 + side - 1 };
		return Views.zeroMin(Views.interval(Views.extendMirrorSingle(origin), new FinalInterval(min, max)));
	}

	/**
	 * Writes a label slice of the box ({@code side * side}, x fastest) into a
	 * slice of the image's grid; pixels of the box outside the image are dropped.
	 */
	public void paste(final int[] box, final int[] slice, final int width, final int height) {
		if (box.length != side * side) throw new IllegalArgumentException(box.length + " labels for a box of " + side + "x" + side);
		if (slice.length != width * height) throw new IllegalArgumentException(slice.length + " labels for a slice of " + width + "x" + height);
		for (int y = 0; y < side; y++) {
			final long iy = y0 + y;
			if (iy < 0 || iy >= height) continue;
			for (int x = 0; x < side; x++) {
				final long ix = x0 + x;
				if (ix >= 0 && ix < width) slice[(int) (iy * width + ix)] = box[y * side + x];
			}
		}
	}

	@Override
	public String toString() {
		return side + "x" + side + " at (" + x0 + ", " + y0 + "), slices " + z0 + ".." + z1;
	}
}
