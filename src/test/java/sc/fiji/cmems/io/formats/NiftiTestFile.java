package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A minimal NIfTI-1 writer for tests, written from the NIfTI-1 header layout
 * (nifti1.h field offsets), not from the reader's code. Every field is public
 * so tests can write invalid headers on purpose.
 */
final class NiftiTestFile {

	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	boolean gzip;
	int sizeofHdr = 348;
	short[] dim = { 3, 5, 4, 3, 1, 1, 1, 1 };
	short datatype = 2;
	short bitpix = 8;
	float[] pixdim = { 1, 1, 1, 1, 1, 1, 1, 1 };
	float voxOffset = 352;
	float sclSlope = 0;
	float sclInter = 0;
	byte xyztUnits = 0;
	String magic = "n+1";
	/** Bytes between the header and vox_offset (default: the 4-byte empty extension flag). */
	byte[] gap;
	/** Voxel data, already in {@link #order}. */
	byte[] data = new byte[0];

	byte[] headerBytes() {
		final ByteBuffer b = ByteBuffer.allocate(348).order(order);
		b.putInt(0, sizeofHdr);
		for (int i = 0; i < 8; i++)
			b.putShort(40 + 2 * i, dim[i]);
		b.putShort(70, datatype);
		b.putShort(72, bitpix);
		for (int i = 0; i < 8; i++)
			b.putFloat(76 + 4 * i, pixdim[i]);
		b.putFloat(108, voxOffset);
		b.putFloat(112, sclSlope);
		b.putFloat(116, sclInter);
		b.put(123, xyztUnits);
		final byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < 4; i++)
			b.put(344 + i, i < m.length ? m[i] : 0);
		return b.array();
	}

	/** Header, gap and data as one file (magic n+1). */
	byte[] singleFileBytes() {
		final byte[] h = headerBytes();
		final byte[] g = gap != null ? gap : new byte[Math.max(0, (int) voxOffset - 348)];
		final byte[] all = new byte[h.length + g.length + data.length];
		System.arraycopy(h, 0, all, 0, h.length);
		System.arraycopy(g, 0, all, h.length, g.length);
		System.arraycopy(data, 0, all, h.length + g.length, data.length);
		return all;
	}

	Path write(final Path file) throws IOException {
		writeBytes(file, singleFileBytes());
		return file;
	}

	/** Writes {@code base.hdr} and {@code base.img} (set {@link #magic} to ni1 and {@link #voxOffset} to 0 first). */
	Path writePair(final Path dir, final String base) throws IOException {
		final Path hdr = dir.resolve(base + ".hdr");
		writeBytes(hdr, headerBytes());
		writeBytes(dir.resolve(base + ".img"), data);
		return hdr;
	}

	private void writeBytes(final Path file, final byte[] bytes) throws IOException {
		try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(
			file))
		{
			out.write(bytes);
		}
	}

	/** NIfTI datatype code and bytes per voxel for the fixture dtype names (u1, i2, f8, ...). */
	static short code(final String dtype) {
		switch (dtype) {
			case "u1":
				return 2;
			case "i1":
				return 256;
			case "i2":
				return 4;
			case "u2":
				return 512;
			case "i4":
				return 8;
			case "u4":
				return 768;
			case "i8":
				return 1024;
			case "u8":
				return 1280;
			case "f4":
				return 16;
			case "f8":
				return 64;
			default:
				throw new IllegalArgumentException(dtype);
		}
	}

	static int bytes(final String dtype) {
		return Integer.parseInt(dtype.substring(1));
	}

	/**
	 * Encodes {@code n} voxels whose values are
	 * {@link Hdf5ReaderTest#expected(String, int)} (extremes at flat index 0
	 * and 1, a ramp elsewhere) in the given byte order.
	 */
	static byte[] encode(final String dtype, final int n, final ByteOrder order) {
		final int size = bytes(dtype);
		final ByteBuffer b = ByteBuffer.allocate(n * size).order(order);
		for (int i = 0; i < n; i++) {
			final double v = Hdf5ReaderTest.expected(dtype, i);
			switch (dtype) {
				case "u1":
				case "i1":
					b.put((byte) (long) v);
					break;
				case "i2":
				case "u2":
					b.putShort((short) (long) v);
					break;
				case "i4":
				case "u4":
					b.putInt((int) (long) v);
					break;
				case "i8":
					b.putLong(i == 0 ? Long.MAX_VALUE : i == 1 ? Long.MIN_VALUE : (long) v);
					break;
				case "u8":
					b.putLong(i == 0 ? -1L : (long) v);
					break;
				case "f4":
					b.putFloat((float) v);
					break;
				case "f8":
					b.putDouble(v);
					break;
				default:
					throw new IllegalArgumentException(dtype);
			}
		}
		return b.array();
	}

	/** A valid 5x4x3 file of the given fixture dtype. */
	static NiftiTestFile of(final String dtype, final ByteOrder order, final boolean gzip) {
		final NiftiTestFile f = new NiftiTestFile();
		f.order = order;
		f.gzip = gzip;
		f.datatype = code(dtype);
		f.bitpix = (short) (8 * bytes(dtype));
		f.data = encode(dtype, 5 * 4 * 3, order);
		return f;
	}
}
