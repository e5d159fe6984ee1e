package sc.fiji.cmems.engine.data;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedLongType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * The bridge between imglib2 images and the primitive arrays that become
 * tensors: one 2D slice (x fastest) at a time, copied in one
 * {@link PrimitiveBlocks} call for every native pixel type, then widened to
 * {@code float[]} or {@code int[]} in a tight loop. Images are 2D
 * {@code (x, y)} or 3D {@code (x, y, z)}; a 3D image is a stack of z slices.
 */
public final class ImgSlices {

	private ImgSlices() {}

	/** @return the number of 2D slices: 1 for a 2D image, the z size for a 3D one */
	public static int count(final RandomAccessibleInterval<?> image) {
		checkDimensions(image);
		return image.numDimensions() == 2 ? 1 : (int) image.dimension(2);
	}

	/** @return {width, height} of the image's slices */
	public static int[] sliceSize(final RandomAccessibleInterval<?> image) {
		checkDimensions(image);
		return new int[] { (int) image.dimension(0), (int) image.dimension(1) };
	}

	/** @return slice {@code z} (0-based) as {@code float[]}, x fastest */
	public static float[] readFloats(final RandomAccessibleInterval<? extends RealType<?>> image, final int z) {
		final RandomAccessibleInterval<? extends RealType<?>> slice = slice(image, z);
		final Object block = copyBlock(slice);
		final Object type = Util.getTypeFromInterval(slice);
		if (block == null) {
			final float[] out = new float[pixels(slice)];
			int i = 0;
			for (final RealType<?> t : Views.flatIterable(slice)) out[i++] = t.getRealFloat();
			return out;
		}
		return toFloats(block, isUnsigned(type));
	}

	/** @return slice {@code z} of a label image as {@code int[]}, x fastest */
	public static int[] readInts(final RandomAccessibleInterval<? extends IntegerType<?>> labels, final int z) {
		final RandomAccessibleInterval<? extends IntegerType<?>> slice = slice(labels, z);
		final Object block = copyBlock(slice);
		final Object type = Util.getTypeFromInterval(slice);
		if (block == null) {
			final int[] out = new int[pixels(slice)];
			int i = 0;
			for (final IntegerType<?> t : Views.flatIterable(slice)) out[i++] = t.getInteger();
			return out;
		}
		return toInts(block, isUnsigned(type));
	}

	/** @return every slice of a 2D or 3D label image in one array: x fastest, then y, then z */
	public static int[] readAllInts(final RandomAccessibleInterval<? extends IntegerType<?>> labels) {
		final int slices = count(labels);
		final int area = pixels(slice(labels, 0));
		final int[] values = new int[Math.multiplyExact(area, slices)];
		for (int z = 0; z < slices; z++) System.arraycopy(readInts(labels, z), 0, values, z * area, area);
		return values;
	}

	/** Writes {@code values} (x fastest) into slice {@code z} of {@code output}. */
	public static void writeInts(final RandomAccessibleInterval<? extends IntegerType<?>> output, final int z, final int[] values) {
		final RandomAccessibleInterval<? extends IntegerType<?>> slice = slice(output, z);
		if (values.length != pixels(slice))
			throw new IllegalArgumentException(values.length + " values for a slice of " + pixels(slice) + " pixels");
		final Cursor<? extends IntegerType<?>> c = Views.flatIterable(slice).cursor();
		for (final int v : values) c.next().setInteger(v);
	}

	/** @return slice {@code z} of a 2D or 3D image as a 2D view */
	public static <T> RandomAccessibleInterval<T> slice(final RandomAccessibleInterval<T> image, final int z) {
		checkDimensions(image);
		if (image.numDimensions() == 2) {
			if (z != 0) throw new IndexOutOfBoundsException("slice " + z + " of a 2D image");
			return image;
		}
		if (z < 0 || z >= image.dimension(2)) throw new IndexOutOfBoundsException("slice " + z + " of " + image.dimension(2));
		return Views.hyperSlice(image, 2, image.min(2) + z);
	}

	private static void checkDimensions(final RandomAccessibleInterval<?> image) {
		final int n = image.numDimensions();
		if (n != 2 && n != 3)
			throw new IllegalArgumentException("images must be 2D (x, y) or 3D (x, y, z), got " + n + "D with size "
				+ java.util.Arrays.toString(Intervals.dimensionsAsLongArray(image)));
	}

	private static int pixels(final RandomAccessibleInterval<?> slice) {
		final long n = Intervals.numElements(slice);
		if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("slice too large: " + n + " pixels");
		return (int) n;
	}

	/** @return the slice's pixels in a primitive array of its native type, or null if the type is not native */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Object copyBlock(final RandomAccessibleInterval<?> slice) {
		final Object type = Util.getTypeFromInterval(slice);
		if (!(type instanceof NativeType)) return null;
		final int n = pixels(slice);
		final Object dest;
		switch (((NativeType) type).getNativeTypeFactory().getPrimitiveType()) {
			case BYTE: dest = new byte[n]; break;
			case SHORT: dest = new short[n]; break;
			case INT: dest = new int[n]; break;
			case LONG: dest = new long[n]; break;
			case FLOAT: dest = new float[n]; break;
			case DOUBLE: dest = new double[n]; break;
			default: return null;
		}
		if (((NativeType) type).getEntitiesPerPixel().getRatio() != 1) return null; // e.g. complex or sub-byte types
		final PrimitiveBlocks blocks = PrimitiveBlocks.of((RandomAccessible) slice, PrimitiveBlocks.OnFallback.ACCEPT);
		blocks.copy(Intervals.minAsLongArray(slice), dest, new int[] { (int) slice.dimension(0), (int) slice.dimension(1) });
		return dest;
	}

	private static boolean isUnsigned(final Object type) {
		return type instanceof UnsignedByteType || type instanceof UnsignedShortType || type instanceof UnsignedIntType
			|| type instanceof UnsignedLongType;
	}

	private static float[] toFloats(final Object block, final boolean unsigned) {
		if (block instanceof float[]) return (float[]) block;
		final int n = java.lang.reflect.Array.getLength(block);
		final float[] out = new float[n];
		if (block instanceof byte[]) {
			final byte[] b = (byte[]) block;
			for (int i = 0; i < n; i++) out[i] = unsigned ? b[i] & 0xff : b[i];
		}
		else if (block instanceof short[]) {
			final short[] s = (short[]) block;
			for (int i = 0; i < n; i++) out[i] = unsigned ? s[i] & 0xffff : s[i];
		}
		else if (block instanceof int[]) {
			final int[] v = (int[]) block;
			for (int i = 0; i < n; i++) out[i] = unsigned ? (float) (v[i] & 0xffffffffL) : v[i];
		}
		else if (block instanceof long[]) {
			final long[] v = (long[]) block;
			for (int i = 0; i < n; i++) out[i] = v[i];
		}
		else {
			final double[] d = (double[]) block;
			for (int i = 0; i < n; i++) out[i] = (float) d[i];
		}
		return out;
	}

	private static int[] toInts(final Object block, final boolean unsigned) {
		if (block instanceof int[] && !unsigned) return (int[]) block;
		final int n = java.lang.reflect.Array.getLength(block);
		final int[] out = new int[n];
		if (block instanceof byte[]) {
			final byte[] b = (byte[]) block;
			for (int i = 0; i < n; i++) out[i] = unsigned ? b[i] & 0xff : b[i];
		}
		else if (block instanceof short[]) {
			final short[] s = (short[]) block;
			for (int i = 0; i < n; i++) out[i] = unsigned ? s[i] & 0xffff : s[i];
		}
		else if (block instanceof int[]) {
			final int[] v = (int[]) block;
			for (int i = 0; i < n; i++) out[i] = (int) Math.min(v[i] & 0xffffffffL, Integer.MAX_VALUE);
		}
		else if (block instanceof long[]) {
			final long[] v = (long[]) block;
			for (int i = 0; i < n; i++) out[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v[i]));
		}
		else throw new IllegalArgumentException("label images must have an integer pixel type");
		return out;
	}
}
