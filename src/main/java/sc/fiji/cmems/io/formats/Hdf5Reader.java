package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import net.imglib2.img.array.ArrayImg;

/**
 * Reads 2D {@code (H, W)} and 3D {@code (Z, H, W)} datasets from HDF5 files
 * with jHDF. C order maps to imglib2 without copying element by element:
 * x = W (fastest), y = H, z = Z. Integer (8 to 64 bit, signed and unsigned) and
 * float32/float64 datasets keep their type. Leading axes of size 1 beyond the
 * third are dropped, so {@code (1, Z, H, W)} reads as {@code (Z, H, W)}.
 * <p>
 * HDF5 has no standard voxel-size field; the {@code element_size_um}
 * attribute (ilastik's and the Fiji HDF5 plugin's convention, in dataset axis
 * order) is honoured when present; otherwise the voxel size is 1.0 with an
 * unknown unit.
 * <p>
 * Files up to {@value #IN_MEMORY_LIMIT} bytes are read into memory first, so a
 * truncated file fails with an exception rather than a memory-mapping fault.
 */
public final class Hdf5Reader {

	/** Files up to this size are parsed from an in-memory copy. */
	public static final long IN_MEMORY_LIMIT = 1L << 30;

	/** Attribute holding the voxel size in micrometres, in dataset axis order. */
	public static final String ELEMENT_SIZE_ATTRIBUTE = "element_size_um";

	private static final byte[] SIGNATURE = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

	private Hdf5Reader() {}

	/** Reads the dataset {@value ReadOptions#DEFAULT_IMAGE_DATASET}. */
	public static LoadedImage read(final Path file) throws IOException {
		return read(file, ReadOptions.DEFAULT_IMAGE_DATASET);
	}

	/**
	 * Reads one dataset.
	 *
	 * @param dataset its path in the file, e.g. {@code "label"} or {@code "/a/b"}
	 */
	public static LoadedImage read(final Path file, final String dataset) throws IOException {
		return read(file, dataset, ReadOptions.defaults().getMaxImageBytes());
	}

	/**
	 * Reads one dataset, refusing one that would take more than
	 * {@code maxImageBytes} in memory.
	 */
	public static LoadedImage read(final Path file, final String dataset, final long maxImageBytes) throws IOException {
		try (HdfFile hdf = open(file)) {
			return readDataset(file, hdf, dataset, maxImageBytes);
		}
	}

	/** Reads the image and label datasets named in {@code options} and checks their shapes agree. */
	public static LoadedPair readPair(final Path file, final ReadOptions options) throws IOException {
		try (HdfFile hdf = open(file)) {
			final LoadedImage image = readDataset(file, hdf, options.getImageDataset(), options.getMaxImageBytes());
			final LoadedImage label = readDataset(file, hdf, options.getLabelDataset(), options.getMaxImageBytes());
			return ImageReaders.checkSameShape(image, label);
		}
	}

	/** Paths of all datasets in the file, e.g. {@code [/image, /label]}. */
	public static List<String> listDatasets(final Path file) throws IOException {
		try (HdfFile hdf = open(file)) {
			return datasetsIn(file, hdf);
		}
	}

	// -- internals --

	private static HdfFile open(final Path file) throws IOException {
		FileChecks.requireReadableFile(file);
		final long size = Files.size(file);
		if (!hasSignature(file, size)) throw new ImageFormatException(file,
			"not an HDF5 file (no HDF5 signature at offset 0, 512, 1024, ...)");
		try {
			if (size <= IN_MEMORY_LIMIT) return HdfFile.fromBytes(Files.readAllBytes(file));
			return new HdfFile(file);
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw new ImageFormatException(file, "corrupt or unsupported HDF5 file (" + describe(e) + ")", e);
		}
	}

	/** HDF5 puts its signature at 0, 512, 1024, 2048, ... (after an optional user block). */
	private static boolean hasSignature(final Path file, final long size) throws IOException {
		final byte[] b = new byte[SIGNATURE.length];
		try (InputStream in = Files.newInputStream(file)) {
			long pos = 0;
			long next = 0;
			while (next + SIGNATURE.length <= size) {
				final long skip = next - pos;
				if (in.skip(skip) != skip) return false;
				int n = 0;
				while (n < b.length) {
					final int r = in.read(b, n, b.length - n);
					if (r < 0) return false;
					n += r;
				}
				pos = next + b.length;
				if (Arrays.equals(b, SIGNATURE)) return true;
				next = next == 0 ? 512 : next * 2;
			}
		}
		return false;
	}

	private static LoadedImage readDataset(final Path file, final HdfFile hdf, final String name, final long maxImageBytes)
		throws IOException
	{
		final Node node;
		try {
			node = resolve(hdf, name);
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw new ImageFormatException(file, "cannot look up dataset '" + name + "': corrupt HDF5 file (" +
				describe(e) + ")", e);
		}
		if (node == null) throw new ImageFormatException(file, "no dataset '" + name +
			"' in this HDF5 file; its datasets are " + datasetsIn(file, hdf));
		if (!(node instanceof Dataset)) throw new ImageFormatException(file, "'" + name + "' is a " + (node
			.isGroup() ? "group" : node.getType().toString()) + ", not a dataset; the datasets are " + datasetsIn(
				file, hdf));
		try {
			return toImage(file, (Dataset) node, name, maxImageBytes);
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw new ImageFormatException(file, "cannot read dataset '" + name +
				"': corrupt or unsupported HDF5 data (" + describe(e) + ")", e);
		}
	}

	/**
	 * Follows a slash-separated path from the root group; {@code null} when a
	 * part is missing. (jHDF's own lookup cannot report a missing path in a
	 * file parsed from memory.)
	 */
	private static Node resolve(final HdfFile hdf, final String path) {
		Node node = hdf;
		for (final String part : path.split("/")) {
			if (part.isEmpty() || part.equals(".")) continue;
			if (!(node instanceof Group)) return null;
			node = ((Group) node).getChildren().get(part);
			if (node == null) return null;
		}
		return node;
	}

	private static LoadedImage toImage(final Path file, final Dataset ds, final String name, final long maxImageBytes) throws IOException {
		if (ds.isScalar()) throw new ImageFormatException(file, "dataset '" + name +
			"' is a scalar, not an image");
		if (ds.isCompound() || ds.isVariableLength()) throw new ImageFormatException(file, "dataset '" + name +
			"' has a compound or variable-length type, not numbers");
		final int[] shape = ds.getDimensions();
		int first = 0;
		while (shape.length - first > 3 && shape[first] == 1)
			first++;
		final int nDims = shape.length - first;
		if (nDims < 2 || nDims > 3) throw new ImageFormatException(file, "dataset '" + name + "' has shape " +
			Arrays.toString(shape) + "; expected 2D (H, W) or 3D (Z, H, W)");
		final long[] dims = new long[nDims];
		long n = 1;
		for (int d = 0; d < nDims; d++) {
			dims[d] = shape[shape.length - 1 - d];
			if (dims[d] < 1) throw new ImageFormatException(file, "dataset '" + name + "' is empty, shape " + Arrays
				.toString(shape));
			n = FileChecks.times(n, dims[d]);
		}
		final DataType dt = ds.getDataType();
		final SampleType type = sampleType(file, name, dt);
		final ByteOrder order = dt instanceof FixedPoint ? ((FixedPoint) dt).getByteOrder() : ((FloatingPoint) dt)
			.getByteOrder();
		final long bytes = FileChecks.times(n, type.bytes);
		FileChecks.requireWithinLimit(file, "dataset '" + name + "' of shape " + Arrays.toString(shape), bytes, maxImageBytes);

		if (ds instanceof ContiguousDataset) {
			final long address = ((ContiguousDataset) ds).getDataAddress();
			final long size = Files.size(file);
			if (address < 0 || address + bytes > size) throw new ImageFormatException(file,
				"truncated HDF5 file: dataset '" + name + "' needs " + bytes + " bytes from offset " + address +
					", but the file has only " + Math.max(0, size - address) + " bytes from there (file size " + size +
					")");
		}

		final Object array;
		if (ds instanceof DatasetBase) {
			final ByteBuffer raw = ((DatasetBase) ds).getDataBuffer();
			if (raw.remaining() < bytes) throw new ImageFormatException(file, "dataset '" + name + "' holds " + raw
				.remaining() + " bytes, expected " + bytes);
			array = type.decodeAll(raw, order, (int) n);
		}
		else array = fromJavaArray(ds.getDataFlat(), type, (int) n);

		final ArrayImg<?, ?> img = type.wrap(array, dims);
		final double[] voxel = elementSize(ds, shape.length, nDims);
		@SuppressWarnings({ "unchecked", "rawtypes" })
		final LoadedImage loaded = new LoadedImage((ArrayImg) img, voxel, voxel == null ? null : "µm", file);
		return loaded;
	}

	private static SampleType sampleType(final Path file, final String name, final DataType dt)
		throws ImageFormatException
	{
		if (dt instanceof FixedPoint) {
			final FixedPoint fp = (FixedPoint) dt;
			final boolean signed = fp.isSigned();
			switch (fp.getSize()) {
				case 1:
					return signed ? SampleType.INT8 : SampleType.UINT8;
				case 2:
					return signed ? SampleType.INT16 : SampleType.UINT16;
				case 4:
					return signed ? SampleType.INT32 : SampleType.UINT32;
				case 8:
					return signed ? SampleType.INT64 : SampleType.UINT64;
				default:
			}
		}
		else if (dt instanceof FloatingPoint) {
			if (dt.getSize() == 4) return SampleType.FLOAT32;
			if (dt.getSize() == 8) return SampleType.FLOAT64;
		}
		throw new ImageFormatException(file, "dataset '" + name + "' has unsupported type " + dt.getClass()
			.getSimpleName() + " of " + dt.getSize() + " bytes; supported: 8/16/32/64-bit integers, float32, float64");
	}

	/** Fallback for dataset classes that do not expose their raw buffer. */
	private static Object fromJavaArray(final Object flat, final SampleType type, final int n) {
		final Object array = type.allocate(n);
		if (flat.getClass() == array.getClass()) return flat;
		// jHDF widens unsigned types: uint8/uint16 -> int[], uint32 -> long[]
		for (int i = 0; i < n; i++) {
			final long v = ((Number) Array.get(flat, i)).longValue();
			switch (type) {
				case UINT8:
					((byte[]) array)[i] = (byte) v;
					break;
				case UINT16:
					((short[]) array)[i] = (short) v;
					break;
				case UINT32:
					((int[]) array)[i] = (int) v;
					break;
				case UINT64:
					((long[]) array)[i] = v;
					break;
				default:
					throw new IllegalStateException("unexpected " + flat.getClass().getSimpleName() + " for " + type);
			}
		}
		return array;
	}

	/** The {@code element_size_um} attribute in x, y[, z] order, or {@code null}. */
	private static double[] elementSize(final Dataset ds, final int rank, final int nDims) {
		final Attribute a;
		try {
			a = ds.getAttribute(ELEMENT_SIZE_ATTRIBUTE);
		}
		catch (final RuntimeException e) {
			return null;
		}
		if (a == null) return null;
		final Object data = a.getData();
		if (data == null || !data.getClass().isArray() || Array.getLength(data) != rank) return null;
		final double[] v = new double[nDims];
		for (int d = 0; d < nDims; d++) {
			final Object e = Array.get(data, rank - 1 - d);
			if (!(e instanceof Number)) return null;
			v[d] = ((Number) e).doubleValue();
		}
		return v;
	}

	private static List<String> datasetsIn(final Path file, final HdfFile hdf) throws ImageFormatException {
		final List<String> out = new ArrayList<>();
		try {
			collect(hdf, out, new HashSet<>(), 0);
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw new ImageFormatException(file, "cannot list the datasets: corrupt HDF5 file (" + describe(e) + ")",
				e);
		}
		return out;
	}

	private static void collect(final Group group, final List<String> out, final Set<Long> seen, final int depth) {
		if (depth > 32 || !seen.add(group.getAddress())) return;
		for (final Map.Entry<String, Node> e : group.getChildren().entrySet()) {
			final Node child = e.getValue();
			try {
				if (child instanceof Dataset) out.add(child.getPath());
				else if (child instanceof Group) collect((Group) child, out, seen, depth + 1);
			}
			catch (final RuntimeException brokenLink) {
				// a dangling soft or external link: not a dataset we could read anyway
			}
		}
	}

	static String describe(final Throwable e) {
		final String m = e.getMessage();
		return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
	}
}
