package sc.fiji.cmems.io.formats;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Reads NIfTI-1 images: single files ({@code .nii}, {@code .nii.gz}, magic
 * {@code n+1}) and header/image pairs ({@code .hdr} + {@code .img} or
 * {@code .img.gz}, magic {@code ni1}). The 348-byte header is parsed here; the
 * byte order is detected from {@code sizeof_hdr}; gzip is detected from the
 * file's first bytes, not its name.
 * <p>
 * The voxels are returned in the order they are stored (x fastest, then y,
 * then z), in their native type, with no reorientation by qform/sform.
 * {@code scl_slope}/{@code scl_inter} are applied when the slope is non-zero,
 * finite and the pair is not the identity: the result is then
 * {@code FloatType}, or {@code DoubleType} for float64 and 32/64-bit integer
 * data (which float would round). The voxel size comes from {@code pixdim},
 * the unit from {@code xyzt_units}.
 */
public final class NiftiReader {

	/** The most entries along dim[4] read as channels (the most a network reads). */
	public static final int MAX_CHANNELS = 16;

	/** Size of a NIfTI-1 header. */
	public static final int HEADER_SIZE = 348;

	private static final int NIFTI2_HEADER_SIZE = 540;
	private static final int CHUNK = 1 << 24; // 16 MiB, a multiple of every sample size

	private NiftiReader() {}

	/** The parts of a NIfTI-1 header this reader uses. */
	public static final class Header {

		/** Byte order of the file. */
		public final ByteOrder order;
		/** {@code dim[0..7]}. */
		public final short[] dim;
		/** NIfTI datatype code. */
		public final short datatype;
		public final short bitpix;
		/** {@code pixdim[0..7]}. */
		public final float[] pixdim;
		public final float voxOffset;
		public final float sclSlope;
		public final float sclInter;
		public final byte xyztUnits;
		/** {@code "n+1"} (single file) or {@code "ni1"} (header/image pair). */
		public final String magic;

		Header(final ByteBuffer b) {
			order = b.order();
			dim = new short[8];
			for (int i = 0; i < 8; i++)
				dim[i] = b.getShort(40 + 2 * i);
			datatype = b.getShort(70);
			bitpix = b.getShort(72);
			pixdim = new float[8];
			for (int i = 0; i < 8; i++)
				pixdim[i] = b.getFloat(76 + 4 * i);
			voxOffset = b.getFloat(108);
			sclSlope = b.getFloat(112);
			sclInter = b.getFloat(116);
			xyztUnits = b.get(123);
			final byte[] m = new byte[4];
			for (int i = 0; i < 4; i++)
				m[i] = b.get(344 + i);
			int len = 0;
			while (len < 4 && m[len] != 0)
				len++;
			magic = new String(m, 0, len, StandardCharsets.ISO_8859_1);
		}

		/** Whether {@code scl_slope}/{@code scl_inter} change the stored values. */
		public boolean isScaled() {
			if (sclSlope == 0 || !Float.isFinite(sclSlope)) return false;
			final float inter = Float.isFinite(sclInter) ? sclInter : 0f;
			return !(sclSlope == 1f && inter == 0f);
		}
	}

	/** Reads a NIfTI-1 image ({@code .nii}, {@code .nii.gz}, or a {@code .hdr} with its {@code .img}). */
	public static LoadedImage read(final Path file) throws IOException {
		return read(file, ReadOptions.defaults().getMaxImageBytes());
	}

	/**
	 * Reads a NIfTI-1 image, refusing one that would take more than
	 * {@code maxImageBytes} in memory (as stored, and as a float or double image
	 * where {@code scl_slope} scales it).
	 */
	public static LoadedImage read(final Path file, final long maxImageBytes) throws IOException {
		FileChecks.requireReadableFile(file);
		final Header h = readHeader(file);
		final int nDims = checkDims(file, h), channels = channelsOf(h);
		final SampleType type = sampleType(file, h.datatype);
		final long[] dims = new long[Math.max(2, nDims)];
		long n = channels;
		for (int d = 0; d < dims.length; d++) {
			dims[d] = d < nDims ? h.dim[d + 1] : 1;
			n *= dims[d];
		}
		final long dataBytes = n * type.bytes;
		final long inMemory = h.isScaled() ? n * Math.max(type.bytes, 4) : dataBytes;
		FileChecks.requireWithinLimit(file, "image of " + LoadedImage.shapeString(dims) + " voxels", inMemory, maxImageBytes);

		final Path dataFile;
		final long offset;
		if ("n+1".equals(h.magic)) {
			dataFile = file;
			if (!Float.isFinite(h.voxOffset) || h.voxOffset < HEADER_SIZE) throw new ImageFormatException(file,
				"invalid vox_offset " + h.voxOffset + " (must be at least " + HEADER_SIZE + " in a single .nii file)");
			offset = (long) h.voxOffset;
		}
		else if ("ni1".equals(h.magic)) {
			dataFile = imageFileOf(file);
			if (!Float.isFinite(h.voxOffset) || h.voxOffset < 0) throw new ImageFormatException(file,
				"invalid vox_offset " + h.voxOffset);
			offset = (long) h.voxOffset;
		}
		else throw new IllegalStateException("magic checked in readHeader");

		final Object array = readData(dataFile, offset, dataBytes, type, h.order, (int) n);

		// channels: the 4th axis, after x, y and z (a 2D image of several channels is a stack of one slice)
		final long[] stored = channels == 1 ? dims : new long[] { dims[0], dims[1], dims[2], channels };
		final ArrayImg<?, ?> img;
		if (h.isScaled()) {
			final boolean toDouble = type == SampleType.FLOAT64 || (!type.floating && type.bytes >= 4);
			final double inter = Float.isFinite(h.sclInter) ? h.sclInter : 0;
			final Object scaled = type.scale(array, h.sclSlope, inter, toDouble);
			img = (toDouble ? SampleType.FLOAT64 : SampleType.FLOAT32).wrap(scaled, stored);
		}
		else img = type.wrap(array, stored);

		final double[] voxel = new double[dims.length];
		for (int d = 0; d < dims.length; d++) {
			final double p = d < nDims ? Math.abs(h.pixdim[d + 1]) : 1.0;
			voxel[d] = Double.isFinite(p) && p > 0 ? p : 1.0;
		}
		if (channels > 1) {
			final List<RandomAccessibleInterval<? extends RealType<?>>> each = new ArrayList<>();
			for (int c = 0; c < channels; c++) {
				@SuppressWarnings({ "unchecked", "rawtypes" })
				final RandomAccessibleInterval<? extends RealType<?>> slice = (RandomAccessibleInterval) Views.hyperSlice((ArrayImg) img, 3, c);
				each.add(slice);
			}
			return new LoadedImage(each, voxel, unit(h.xyztUnits), file);
		}
		@SuppressWarnings({ "unchecked", "rawtypes" })
		final LoadedImage loaded = new LoadedImage((ArrayImg) img, voxel, unit(h.xyztUnits), file);
		return loaded;
	}

	/** Reads and checks the header only. */
	public static Header readHeader(final Path file) throws IOException {
		FileChecks.requireReadableFile(file);
		final byte[] bytes = new byte[HEADER_SIZE];
		final int got;
		try (InputStream in = open(file)) {
			got = readFully(in, bytes, 0, HEADER_SIZE);
		}
		catch (final EOFException | ZipException e) {
			throw new ImageFormatException(file, (e instanceof EOFException ? "truncated" : "corrupt") +
				" gzip stream while reading the " + HEADER_SIZE + "-byte NIfTI-1 header: " + e.getMessage(), e);
		}
		if (got < 4) throw new ImageFormatException(file, "not a NIfTI-1 file: only " + got +
			" bytes, a NIfTI-1 header has " + HEADER_SIZE);
		final ByteBuffer b = ByteBuffer.wrap(bytes);
		final int le = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
		final int be = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
		if (le == HEADER_SIZE) b.order(ByteOrder.LITTLE_ENDIAN);
		else if (be == HEADER_SIZE) b.order(ByteOrder.BIG_ENDIAN);
		else if (le == NIFTI2_HEADER_SIZE || be == NIFTI2_HEADER_SIZE) throw new ImageFormatException(file,
			"NIfTI-2 files are not supported (sizeof_hdr 540); convert to NIfTI-1");
		else throw new ImageFormatException(file, "not a NIfTI-1 file: sizeof_hdr is " + le +
			" (little-endian) / " + be + " (big-endian), expected " + HEADER_SIZE);
		if (got < HEADER_SIZE) throw new ImageFormatException(file, "truncated NIfTI-1 header: expected " +
			HEADER_SIZE + " bytes, the file has " + got);
		final Header h = new Header(b);
		if (!"n+1".equals(h.magic) && !"ni1".equals(h.magic)) throw new ImageFormatException(file,
			"not a NIfTI-1 file: magic is '" + printable(h.magic) + "', expected 'n+1' or 'ni1' (old ANALYZE 7.5 " +
				"files are not supported)");
		return h;
	}

	private static int checkDims(final Path file, final Header h) throws ImageFormatException {
		final int nDims = h.dim[0];
		if (nDims < 1 || nDims > 7) throw new ImageFormatException(file, "invalid dim[0] = " + nDims +
			" (must be 1..7)");
		for (int d = 1; d <= nDims; d++) {
			if (h.dim[d] < 1) throw new ImageFormatException(file, "invalid dim[" + d + "] = " + h.dim[d]);
		}
		for (int d = 5; d <= nDims; d++) {
			if (h.dim[d] != 1) throw new ImageFormatException(file, "has " + nDims + " dimensions " + dimString(h) +
				"; 2D and 3D images of up to " + MAX_CHANNELS + " channels (dim[4]) are supported (dim[" + d + "] = " + h.dim[d] + ", must be 1)");
		}
		if (nDims >= 4 && h.dim[4] > MAX_CHANNELS) throw new ImageFormatException(file, "has " + h.dim[4] + " entries along dim[4] " + dimString(h)
			+ "; a 4th dimension of up to " + MAX_CHANNELS + " is read as channels (co-registered sequences), a longer one (a time series) is not: "
			+ "save the frames as files of their own");
		return Math.min(nDims, 3);
	}

	/** @return the channels along dim[4] (1 when it has none) */
	private static int channelsOf(final Header h) {
		return h.dim[0] >= 4 ? h.dim[4] : 1;
	}

	private static String dimString(final Header h) {
		final StringBuilder sb = new StringBuilder("[");
		for (int d = 1; d <= h.dim[0] && d < 8; d++) {
			if (d > 1) sb.append(", ");
			sb.append(h.dim[d]);
		}
		return sb.append(']').toString();
	}

	static SampleType sampleType(final Path file, final short code) throws ImageFormatException {
		switch (code) {
			case 2:
				return SampleType.UINT8;
			case 4:
				return SampleType.INT16;
			case 8:
				return SampleType.INT32;
			case 16:
				return SampleType.FLOAT32;
			case 64:
				return SampleType.FLOAT64;
			case 256:
				return SampleType.INT8;
			case 512:
				return SampleType.UINT16;
			case 768:
				return SampleType.UINT32;
			case 1024:
				return SampleType.INT64;
			case 1280:
				return SampleType.UINT64;
			default:
				throw new ImageFormatException(file, "unsupported NIfTI datatype " + code + " (" + datatypeName(code) +
					"); supported: uint8 (2), int8 (256), int16 (4), uint16 (512), int32 (8), uint32 (768), " +
					"int64 (1024), uint64 (1280), float32 (16), float64 (64)");
		}
	}

	private static String datatypeName(final short code) {
		switch (code) {
			case 0:
				return "unknown";
			case 1:
				return "binary";
			case 32:
				return "complex64";
			case 128:
				return "rgb24";
			case 1536:
				return "float128";
			case 1792:
				return "complex128";
			case 2048:
				return "complex256";
			case 2304:
				return "rgba32";
			default:
				return "not a NIfTI-1 datatype code";
		}
	}

	private static String unit(final byte xyztUnits) {
		switch (xyztUnits & 0x07) {
			case 1:
				return "m";
			case 2:
				return "mm";
			case 3:
				return "µm";
			default:
				return LoadedImage.UNKNOWN_UNIT;
		}
	}

	private static Path imageFileOf(final Path hdr) throws ImageFormatException {
		final String name = hdr.getFileName().toString();
		final String lower = name.toLowerCase(Locale.ROOT);
		final String base;
		if (lower.endsWith(".hdr.gz")) base = name.substring(0, name.length() - 7);
		else if (lower.endsWith(".hdr")) base = name.substring(0, name.length() - 4);
		else throw new ImageFormatException(hdr, "has magic 'ni1' (separate header and image files) but is not " +
			"named .hdr, so its .img file cannot be found");
		for (final String ext : new String[] { ".img", ".img.gz", ".IMG", ".IMG.GZ" }) {
			final Path img = hdr.resolveSibling(base + ext);
			if (Files.isRegularFile(img)) return img;
		}
		throw new ImageFormatException(hdr, "NIfTI-1 header whose image file " + hdr.resolveSibling(base + ".img") +
			" (or .img.gz) does not exist");
	}

	/**
	 * Reads {@code dataBytes} bytes from {@code offset} and decodes them. The
	 * bytes are first collected in chunks so that a corrupt header claiming a
	 * huge image cannot make us allocate more than the file really holds.
	 */
	private static Object readData(final Path file, final long offset, final long dataBytes, final SampleType type,
		final ByteOrder order, final int n) throws IOException
	{
		final boolean gz = isGzip(file);
		if (!gz) {
			final long size = Files.size(file);
			if (size < offset + dataBytes) throw new ImageFormatException(file, "truncated NIfTI data: expected " +
				dataBytes + " bytes of voxel data from offset " + offset + ", but only " + Math.max(0, size - offset) +
				" bytes are available (file size " + size + ")");
		}
		final List<byte[]> chunks = new ArrayList<>();
		long total = 0;
		try (InputStream in = open(file)) {
			long skipped = 0;
			final byte[] skip = new byte[8192];
			while (skipped < offset) {
				final int r = in.read(skip, 0, (int) Math.min(skip.length, offset - skipped));
				if (r < 0) throw new ImageFormatException(file, "truncated NIfTI file: it ends at byte " + skipped +
					", before the voxel data at vox_offset " + offset + " (expected " + dataBytes +
					" bytes of voxel data, 0 available)");
				skipped += r;
			}
			boolean eof = false;
			while (total < dataBytes && !eof) {
				final int want = (int) Math.min(CHUNK, dataBytes - total);
				final byte[] chunk = new byte[want];
				chunks.add(chunk);
				int got = 0;
				while (got < want) {
					final int r = in.read(chunk, got, want - got);
					if (r < 0) {
						eof = true;
						break;
					}
					got += r;
					total += r;
				}
			}
			// Read to the end so that GZIPInputStream checks the CRC and length in its trailer:
			// corrupted deflate data can otherwise decompress to wrong voxels without an error.
			if (gz && !eof) {
				final byte[] rest = new byte[8192];
				while (in.read(rest) >= 0) {
					// discard bytes after the voxel data
				}
			}
		}
		catch (final EOFException e) {
			throw new ImageFormatException(file, "truncated gzip stream: expected " + dataBytes +
				" bytes of voxel data, the stream ended after " + total + " (" + e.getMessage() + ")", e);
		}
		catch (final ZipException e) {
			throw new ImageFormatException(file, "corrupt gzip stream (" + e.getMessage() + ") after " + total +
				" of " + dataBytes + " bytes of voxel data", e);
		}
		if (total < dataBytes) throw new ImageFormatException(file, "truncated NIfTI data: expected " + dataBytes +
			" bytes of voxel data, only " + total + " are available");

		final Object array = type.allocate(n);
		int at = 0;
		for (final byte[] chunk : chunks)
			at += type.decode(ByteBuffer.wrap(chunk).order(order), array, at);
		if (at != n) throw new IllegalStateException("decoded " + at + " of " + n + " voxels");
		return array;
	}

	private static boolean isGzip(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.read() == 0x1f && in.read() == 0x8b;
		}
	}

	private static InputStream open(final Path file) throws IOException {
		final InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		raw.mark(2);
		final boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
		raw.reset();
		return gz ? new GZIPInputStream(raw, 1 << 16) : raw;
	}

	/** Reads until {@code len} bytes or the end of the stream; returns the count read. */
	private static int readFully(final InputStream in, final byte[] b, final int off, final int len)
		throws IOException
	{
		int n = 0;
		while (n < len) {
			final int r = in.read(b, off + n, len - n);
			if (r < 0) break;
			n += r;
		}
		return n;
	}

	private static String printable(final String s) {
		final StringBuilder sb = new StringBuilder();
		for (final char c : s.toCharArray())
			sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
		return sb.toString();
	}
}
