package sc.fiji.cmems.io.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.plugin.Duplicator;
import ij.process.ImageProcessor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * Copies between ImageJ 1.x {@link ImagePlus} and imglib2 images, for
 * single-channel grayscale images of 8, 16 or 32 bits, 2D or 3D (a stack of
 * slices), keeping the calibration (pixel width, height, depth and unit).
 * Axes are x (fastest), y and z = slice, in both worlds; copies are
 * slice-wise {@code System.arraycopy} wherever the image is an
 * {@link ArrayImg} of the matching type.
 * <p>
 * Types: 8-bit is {@link UnsignedByteType}, 16-bit is
 * {@link UnsignedShortType} (or {@link ShortType} when the ImagePlus carries
 * ImageJ's signed 16-bit calibration), 32-bit is {@link FloatType}. A
 * single-slice ImagePlus becomes a 2D image, so a 3D image with one slice
 * comes back 2D.
 */
public final class ImagePlusImgs {

	/** ImageJ's unit for uncalibrated images. */
	public static final String NO_UNIT = "pixel";

	private ImagePlusImgs() {}

	/**
	 * Copies the pixels of a single-channel, single-time-point ImagePlus.
	 *
	 * @throws IllegalArgumentException for RGB images, several channels or
	 *           several time frames
	 */
	public static Img<? extends RealType<?>> toImg(final ImagePlus imp) {
		checkGrayscaleSingleChannel(imp);
		final int w = imp.getWidth();
		final int h = imp.getHeight();
		final int nz = imp.getStackSize();
		final int plane = w * h;
		final long total = (long) plane * nz;
		if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("image " + imp.getTitle() +
			" has more than 2^31 pixels");
		final long[] dims = nz == 1 ? new long[] { w, h } : new long[] { w, h, nz };
		final ImageStack stack = imp.getStack();
		switch (imp.getBitDepth()) {
			case 8: {
				final byte[] a = new byte[(int) total];
				for (int z = 0; z < nz; z++)
					System.arraycopy(stack.getPixels(z + 1), 0, a, z * plane, plane);
				return ArrayImgs.unsignedBytes(a, dims);
			}
			case 16: {
				final short[] a = new short[(int) total];
				for (int z = 0; z < nz; z++)
					System.arraycopy(stack.getPixels(z + 1), 0, a, z * plane, plane);
				if (imp.getCalibration().isSigned16Bit()) {
					// ImageJ stores signed 16-bit data offset by 32768; flipping the sign bit undoes that
					for (int i = 0; i < a.length; i++)
						a[i] ^= (short) 0x8000;
					return ArrayImgs.shorts(a, dims);
				}
				return ArrayImgs.unsignedShorts(a, dims);
			}
			case 32: {
				final float[] a = new float[(int) total];
				for (int z = 0; z < nz; z++)
					System.arraycopy(stack.getPixels(z + 1), 0, a, z * plane, plane);
				return ArrayImgs.floats(a, dims);
			}
			default:
				throw new IllegalArgumentException("image " + imp.getTitle() + " has unsupported bit depth " + imp
					.getBitDepth());
		}
	}

	/**
	 * The channels of an image, one image each (a hyperstack's channels: co-registered modalities); a
	 * single-channel image is one.
	 *
	 * @throws IllegalArgumentException for RGB images or several time frames
	 */
	public static List<Img<? extends RealType<?>>> channels(final ImagePlus imp) {
		if (imp.getNChannels() <= 1) return Collections.singletonList(toImg(imp));
		if (imp.getNFrames() > 1)
			throw new IllegalArgumentException("image " + imp.getTitle() + " has " + imp.getNFrames() + " time frames; segment one frame at a time");
		final List<Img<? extends RealType<?>>> out = new ArrayList<>();
		for (int c = 1; c <= imp.getNChannels(); c++) {
			final ImagePlus channel = new Duplicator().run(imp, c, c, 1, imp.getNSlices(), 1, 1);
			channel.setTitle(imp.getTitle() + " channel " + c);
			out.add(toImg(channel));
		}
		return out;
	}

	/** Voxel size per axis of {@link #toImg(ImagePlus)}: pixel width, height[, depth]. */
	public static double[] voxelSize(final ImagePlus imp) {
		final Calibration c = imp.getCalibration();
		return imp.getStackSize() == 1 ? new double[] { c.pixelWidth, c.pixelHeight } : new double[] {
			c.pixelWidth, c.pixelHeight, c.pixelDepth };
	}

	/**
	 * The calibration unit, {@value #NO_UNIT} when uncalibrated. ImageJ's
	 * spellings of micrometres ({@code micron}, {@code um}, ...) become
	 * {@code µm}, the spelling the other readers use.
	 */
	public static String unit(final ImagePlus imp) {
		final String u = imp.getCalibration().getUnit();
		if (u == null || u.trim().isEmpty()) return NO_UNIT;
		switch (u.trim()) {
			case "micron":
			case "microns":
			case "um":
			case "\u03bcm": // Greek small letter mu
			case "\u00b5m": // micro sign
				return "\u00b5m";
			default:
				return u;
		}
	}

	/**
	 * Copies a 2D or 3D image into a new ImagePlus: {@link UnsignedByteType} to
	 * 8-bit, {@link UnsignedShortType} to 16-bit, {@link ShortType} to 16-bit
	 * with ImageJ's signed calibration, anything else to 32-bit float (values
	 * beyond float precision are rounded).
	 *
	 * @param voxelSize one entry per axis, or {@code null} for uncalibrated
	 * @param unit calibration unit, or {@code null}
	 * @param title the ImagePlus title, or {@code null}
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final double[] voxelSize, final String unit, final String title)
	{
		final int[] whd = planeDims(img);
		final int w = whd[0], h = whd[1], nz = whd[2], plane = w * h;
		final RealType<?> t = Util.getTypeFromInterval(img);
		final Object flat = storage(img);
		final ImageStack stack = new ImageStack(w, h);
		boolean signed16 = false;
		if (t instanceof UnsignedByteType) {
			final byte[] src = flat instanceof byte[] ? (byte[]) flat : null;
			final Cursor<? extends RealType<?>> c = src == null ? Views.flatIterable(img).cursor() : null;
			for (int z = 0; z < nz; z++) {
				final byte[] p = new byte[plane];
				if (src != null) System.arraycopy(src, z * plane, p, 0, plane);
				else for (int i = 0; i < plane; i++)
					p[i] = (byte) (int) c.next().getRealDouble();
				stack.addSlice(null, p);
			}
		}
		else if (t instanceof UnsignedShortType || t instanceof ShortType) {
			signed16 = t instanceof ShortType;
			final short[] src = flat instanceof short[] ? (short[]) flat : null;
			final Cursor<? extends RealType<?>> c = src == null ? Views.flatIterable(img).cursor() : null;
			for (int z = 0; z < nz; z++) {
				final short[] p = new short[plane];
				if (src != null) System.arraycopy(src, z * plane, p, 0, plane);
				else for (int i = 0; i < plane; i++)
					p[i] = (short) (int) c.next().getRealDouble();
				if (signed16) for (int i = 0; i < plane; i++)
					p[i] ^= (short) 0x8000;
				stack.addSlice(null, p);
			}
		}
		else {
			final float[] src = flat instanceof float[] && t instanceof FloatType ? (float[]) flat : null;
			final Cursor<? extends RealType<?>> c = src == null ? Views.flatIterable(img).cursor() : null;
			for (int z = 0; z < nz; z++) {
				final float[] p = new float[plane];
				if (src != null) System.arraycopy(src, z * plane, p, 0, plane);
				else for (int i = 0; i < plane; i++)
					p[i] = c.next().getRealFloat();
				stack.addSlice(null, p);
			}
		}
		final ImagePlus imp = new ImagePlus(title == null ? "image" : title, stack);
		if (nz > 1) imp.setDimensions(1, nz, 1);
		final Calibration cal = imp.getCalibration();
		calibrate(cal, voxelSize, unit, img.numDimensions());
		if (signed16) cal.setSigned16BitCalibration();
		imp.setCalibration(cal);
		resetDisplayRange(imp);
		return imp;
	}

	/**
	 * Copies an integer label image into an 8-bit ImagePlus when its largest
	 * label is below 256, else a 16-bit one.
	 *
	 * @throws IllegalArgumentException when a label is negative or above 65535
	 */
	public static ImagePlus labelsToImagePlus(final RandomAccessibleInterval<? extends IntegerType<?>> labels,
		final double[] voxelSize, final String unit, final String title)
	{
		final int[] whd = planeDims(labels);
		final int w = whd[0], h = whd[1], nz = whd[2], plane = w * h;
		long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
		for (final IntegerType<?> v : Views.flatIterable(labels)) {
			final long l = v.getIntegerLong();
			if (l < min) min = l;
			if (l > max) max = l;
		}
		if (min < 0) throw new IllegalArgumentException("label image has a negative label " + min);
		if (max > 65535) throw new IllegalArgumentException("label image has label " + max +
			"; ImageJ label images hold at most 65535");
		final boolean eight = max < 256;
		final IntegerType<?> t = Util.getTypeFromInterval(labels);
		final Object flat = storage(labels);
		final byte[] srcBytes = eight && t instanceof UnsignedByteType && flat instanceof byte[] ? (byte[]) flat
			: null;
		final short[] srcShorts = !eight && t instanceof UnsignedShortType && flat instanceof short[] ? (short[]) flat
			: null;
		final Cursor<? extends IntegerType<?>> c = srcBytes == null && srcShorts == null ? Views.flatIterable(labels)
			.cursor() : null;
		final ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < nz; z++) {
			if (eight) {
				final byte[] p = new byte[plane];
				if (srcBytes != null) System.arraycopy(srcBytes, z * plane, p, 0, plane);
				else for (int i = 0; i < plane; i++)
					p[i] = (byte) c.next().getIntegerLong();
				stack.addSlice(null, p);
			}
			else {
				final short[] p = new short[plane];
				if (srcShorts != null) System.arraycopy(srcShorts, z * plane, p, 0, plane);
				else for (int i = 0; i < plane; i++)
					p[i] = (short) c.next().getIntegerLong();
				stack.addSlice(null, p);
			}
		}
		final ImagePlus imp = new ImagePlus(title == null ? "labels" : title, stack);
		if (nz > 1) imp.setDimensions(1, nz, 1);
		final Calibration cal = imp.getCalibration();
		calibrate(cal, voxelSize, unit, labels.numDimensions());
		imp.setCalibration(cal);
		final int top = (int) Math.max(max, 1);
		imp.setDisplayRange(0, top);
		return imp;
	}

	// -- internals --

	private static void checkGrayscaleSingleChannel(final ImagePlus imp) {
		if (imp == null) throw new NullPointerException("imp");
		if (imp.getBitDepth() == 24) throw new IllegalArgumentException("image " + imp.getTitle() +
			" is RGB; only single-channel grayscale images (8, 16 or 32 bit) are supported");
		if (imp.getNChannels() > 1) throw new IllegalArgumentException("image " + imp.getTitle() + " has " + imp
			.getNChannels() + " channels; only single-channel images are supported");
		if (imp.getNFrames() > 1) throw new IllegalArgumentException("image " + imp.getTitle() + " has " + imp
			.getNFrames() + " time frames; only single 2D or 3D images are supported");
	}

	/** Width, height and slice count of a 2D or 3D interval with a plane below 2^31 pixels. */
	private static int[] planeDims(final RandomAccessibleInterval<?> img) {
		final int n = img.numDimensions();
		if (n < 2 || n > 3) throw new IllegalArgumentException("expected a 2D or 3D image, got " + n + "D");
		final long w = img.dimension(0), h = img.dimension(1), d = n == 3 ? img.dimension(2) : 1;
		if (w * h > Integer.MAX_VALUE - 8 || d > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"image too large for ImageJ: " + w + "x" + h + "x" + d);
		return new int[] { (int) w, (int) h, (int) d };
	}

	/**
	 * The backing primitive array of an {@link ArrayImg} (whose flat order is
	 * x fastest), or {@code null} for anything else.
	 */
	private static Object storage(final RandomAccessibleInterval<?> img) {
		if (!(img instanceof ArrayImg)) return null;
		final Object access = ((ArrayImg<?, ?>) img).update(null);
		return access instanceof ArrayDataAccess ? ((ArrayDataAccess<?>) access).getCurrentStorageArray() : null;
	}

	private static void calibrate(final Calibration cal, final double[] voxelSize, final String unit,
		final int nDims)
	{
		if (voxelSize != null) {
			if (voxelSize.length != nDims) throw new IllegalArgumentException("voxel size has " + voxelSize.length +
				" entries for a " + nDims + "D image");
			cal.pixelWidth = voxelSize[0];
			cal.pixelHeight = voxelSize[1];
			if (nDims == 3) cal.pixelDepth = voxelSize[2];
		}
		if (unit != null && !unit.isEmpty()) cal.setUnit(unit);
	}

	private static void resetDisplayRange(final ImagePlus imp) {
		final ImageProcessor ip = imp.getProcessor();
		ip.resetMinAndMax();
		if (imp.getStackSize() > 1 && imp.getBitDepth() != 8) {
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			final ImageStack s = imp.getStack();
			for (int z = 1; z <= s.getSize(); z++) {
				final ImageProcessor p = s.getProcessor(z);
				p.resetMinAndMax();
				lo = Math.min(lo, p.getMin());
				hi = Math.max(hi, p.getMax());
			}
			imp.setDisplayRange(lo, hi);
		}
	}
}
