package sc.fiji.cmems.io.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;

/**
 * The sample types the readers decode, with bulk conversion from raw bytes
 * into the primitive array that backs an {@link ArrayImg}. Signed and unsigned
 * types of one width share a Java array type; only the imglib2 type differs.
 */
enum SampleType {
	UINT8(1, false, true), INT8(1, false, false), INT16(2, false, false), UINT16(2, false, true),
	INT32(4, false, false), UINT32(4, false, true), INT64(8, false, false), UINT64(8, false, true),
	FLOAT32(4, true, false), FLOAT64(8, true, false);

	final int bytes;
	final boolean floating;
	final boolean unsigned;

	SampleType(final int bytes, final boolean floating, final boolean unsigned) {
		this.bytes = bytes;
		this.floating = floating;
		this.unsigned = unsigned;
	}

	/** A Java primitive array for {@code n} samples. */
	Object allocate(final int n) {
		switch (this) {
			case UINT8:
			case INT8:
				return new byte[n];
			case INT16:
			case UINT16:
				return new short[n];
			case INT32:
			case UINT32:
				return new int[n];
			case INT64:
			case UINT64:
				return new long[n];
			case FLOAT32:
				return new float[n];
			case FLOAT64:
				return new double[n];
			default:
				throw new AssertionError(this);
		}
	}

	/**
	 * Decodes all whole samples remaining in {@code src} (whose byte order must
	 * already be set) into {@code array} from sample index {@code offset}.
	 *
	 * @return the number of samples decoded
	 */
	int decode(final ByteBuffer src, final Object array, final int offset) {
		final int n = src.remaining() / bytes;
		switch (this) {
			case UINT8:
			case INT8:
				src.get((byte[]) array, offset, n);
				break;
			case INT16:
			case UINT16:
				src.asShortBuffer().get((short[]) array, offset, n);
				break;
			case INT32:
			case UINT32:
				src.asIntBuffer().get((int[]) array, offset, n);
				break;
			case INT64:
			case UINT64:
				src.asLongBuffer().get((long[]) array, offset, n);
				break;
			case FLOAT32:
				src.asFloatBuffer().get((float[]) array, offset, n);
				break;
			case FLOAT64:
				src.asDoubleBuffer().get((double[]) array, offset, n);
				break;
			default:
				throw new AssertionError(this);
		}
		if (this != UINT8 && this != INT8) src.position(src.position() + n * bytes);
		return n;
	}

	/** Decodes a whole buffer of {@code n} samples in the given byte order. */
	Object decodeAll(final ByteBuffer raw, final ByteOrder order, final int n) {
		final ByteBuffer src = raw.duplicate().order(order);
		final Object array = allocate(n);
		final int got = decode(src, array, 0);
		if (got != n) throw new IllegalStateException("expected " + n + " samples, decoded " + got);
		return array;
	}

	/** Wraps a primitive array of this type as an image of the given dimensions (x fastest). */
	ArrayImg<?, ?> wrap(final Object array, final long... dims) {
		switch (this) {
			case UINT8:
				return ArrayImgs.unsignedBytes((byte[]) array, dims);
			case INT8:
				return ArrayImgs.bytes((byte[]) array, dims);
			case INT16:
				return ArrayImgs.shorts((short[]) array, dims);
			case UINT16:
				return ArrayImgs.unsignedShorts((short[]) array, dims);
			case INT32:
				return ArrayImgs.ints((int[]) array, dims);
			case UINT32:
				return ArrayImgs.unsignedInts((int[]) array, dims);
			case INT64:
				return ArrayImgs.longs((long[]) array, dims);
			case UINT64:
				return ArrayImgs.unsignedLongs((long[]) array, dims);
			case FLOAT32:
				return ArrayImgs.floats((float[]) array, dims);
			case FLOAT64:
				return ArrayImgs.doubles((double[]) array, dims);
			default:
				throw new AssertionError(this);
		}
	}

	/**
	 * The samples of {@code array} as doubles times {@code slope} plus
	 * {@code inter} (unsigned types read as unsigned), into a new float or
	 * double array.
	 */
	Object scale(final Object array, final double slope, final double inter, final boolean toDouble) {
		final int n = java.lang.reflect.Array.getLength(array);
		final double[] d = toDouble ? new double[n] : null;
		final float[] f = toDouble ? null : new float[n];
		for (int i = 0; i < n; i++) {
			final double v = valueAt(array, i) * slope + inter;
			if (toDouble) d[i] = v;
			else f[i] = (float) v;
		}
		return toDouble ? d : f;
	}

	/** One sample as a double; for the loop in {@link #scale}, not for bulk copies. */
	private double valueAt(final Object array, final int i) {
		switch (this) {
			case UINT8:
				return ((byte[]) array)[i] & 0xff;
			case INT8:
				return ((byte[]) array)[i];
			case INT16:
				return ((short[]) array)[i];
			case UINT16:
				return ((short[]) array)[i] & 0xffff;
			case INT32:
				return ((int[]) array)[i];
			case UINT32:
				return ((int[]) array)[i] & 0xffffffffL;
			case INT64:
				return ((long[]) array)[i];
			case UINT64: {
				final long v = ((long[]) array)[i];
				return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
			}
			case FLOAT32:
				return ((float[]) array)[i];
			case FLOAT64:
				return ((double[]) array)[i];
			default:
				throw new AssertionError(this);
		}
	}

	String lowerName() {
		return name().toLowerCase();
	}
}
