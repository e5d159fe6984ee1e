package sc.fiji.cmems.io;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * Label images as the engine takes them ({@link IntegerType}) from whatever a
 * file held: integer images pass through; real-valued ones (a 32-bit label TIFF,
 * a float NIfTI) are accepted only if every value is a non-negative integer.
 */
public final class LabelImages {

	private LabelImages() {}

	/**
	 * @param name names the image in messages
	 * @throws IllegalArgumentException naming the first value that is not a label
	 */
	@SuppressWarnings("unchecked")
	public static RandomAccessibleInterval<? extends IntegerType<?>> asLabels(final RandomAccessibleInterval<? extends RealType<?>> image,
		final String name)
	{
		if (Util.getTypeFromInterval(image) instanceof IntegerType) return (RandomAccessibleInterval<? extends IntegerType<?>>) (RandomAccessibleInterval<?>) image;
		final RandomAccessibleInterval<UnsignedShortType> out = ArrayImgs.unsignedShorts(Intervals.dimensionsAsLongArray(image));
		final Cursor<? extends RealType<?>> in = Views.flatIterable(image).localizingCursor();
		final Cursor<UnsignedShortType> o = Views.flatIterable(out).cursor();
		while (in.hasNext()) {
			final double v = in.next().getRealDouble();
			if (v != Math.rint(v) || v < 0 || v > 65535)
				throw new IllegalArgumentException("label image '" + name + "' has value " + v + " at " + java.util.Arrays.toString(in.positionAsLongArray())
					+ "; labels must be whole numbers 0, 1, 2, ...");
			o.next().setInteger((int) v);
		}
		return out;
	}
}
