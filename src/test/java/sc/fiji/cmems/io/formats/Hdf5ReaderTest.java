package sc.fiji.cmems.io.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.LongType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedLongType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.cmems.io.TestData;

/**
 * HDF5 reading on real ACDC files and on a synthetic fixture written by h5py.
 * <p>
 * Reference values for the ACDC files were read with h5py 3.7 (Debian
 * python3-h5py), not with jHDF:
 *
 * <pre>
 * f = h5py.File(path); im = f['image'][()]; lb = f['label'][()]
 * im[y, x] / im[z, y, x]; np.bincount(lb.ravel()); im.astype(np.float64).sum()
 * </pre>
 *
 * The fixture {@code dtypes.h5} comes from
 * {@code src/test/fixtures/make_io_fixtures.py} (h5py); its values follow
 * {@link #expected}.
 */
class Hdf5ReaderTest {

	private static final String SLICE = "slices/patient003_frame01_slice_1.h5";
	private static final String VOLUME = "volumes/patient002_frame01.h5";

	@Test
	void acdcSliceHasShapeTypeAndKnownPixels() throws Exception {
		final Path file = TestData.file(TestData.acdcDir(), SLICE);
		final LoadedPair pair = ImageReaders.openPair(file, file);
		final LoadedImage image = pair.getImage();
		final LoadedImage label = pair.getLabel();
		// MANIFEST.tsv: shape 256x256; h5py: image float32, label uint8
		assertArrayEquals(new long[] { 256, 256 }, image.getDimensions());
		assertArrayEquals(new long[] { 256, 256 }, label.getDimensions());
		assertTrue(image.getType() instanceof FloatType, image.toString());
		assertTrue(label.getType() instanceof UnsignedByteType, label.toString());
		assertArrayEquals(new double[] { 1, 1 }, image.getVoxelSize());
		assertEquals(LoadedImage.UNKNOWN_UNIT, image.getUnit());
		assertEquals(file, image.getSource());

		// h5py: im[100,150], im[128,128], im[200,50] (row y, column x)
		assertEquals(0.040673211216926575, value(image, 150, 100), 0);
		assertEquals(0.2594670355319977, value(image, 128, 128), 0);
		assertEquals(0.18934081494808197, value(image, 50, 200), 0);
		assertEquals(0.0, value(image, 0, 0), 0);
		// transposed position must hold a different value (catches x/y swaps)
		assertTrue(value(image, 100, 150) != 0.040673211216926575);

		final double[] stats = minMaxSum(image.getImage());
		assertEquals(0.0, stats[0], 0);
		assertEquals(1.0, stats[1], 0);
		assertEquals(5865.819080005633, stats[2], 1e-6); // h5py float64 sum

		// h5py: np.bincount(label) = [63805, 0, 695, 1036]; lb[128,128] = 3
		assertArrayEquals(new long[] { 63805, 0, 695, 1036 }, labelCounts(label.getImage(), 4));
		assertEquals(3.0, value(label, 128, 128), 0);
	}

	@Test
	void acdcVolumeMapsZHWToXYZ() throws Exception {
		final Path file = TestData.file(TestData.acdcDir(), VOLUME);
		final LoadedPair pair = ImageReaders.openPair(file, ReadOptions.defaults());
		final LoadedImage image = pair.getImage();
		final LoadedImage label = pair.getLabel();
		// MANIFEST.tsv: 10x256x232 as (Z, H, W) -> x=232, y=256, z=10
		assertArrayEquals(new long[] { 232, 256, 10 }, image.getDimensions());
		assertArrayEquals(new long[] { 232, 256, 10 }, label.getDimensions());
		assertTrue(image.getType() instanceof FloatType);
		assertTrue(label.getType() instanceof UnsignedByteType);

		// h5py im[z, y, x]
		assertEquals(0.5493716597557068, value(image, 116, 128, 5), 0);
		assertEquals(0.07899461686611176, value(image, 150, 100, 3), 0);
		assertEquals(0.01077199261635542, value(image, 50, 200, 9), 0);
		assertEquals(1.0, value(image, 21, 93, 5), 0); // np.argwhere(im == im.max())[0] = [5, 93, 21]
		final double[] stats = minMaxSum(image.getImage());
		assertEquals(0.0, stats[0], 0);
		assertEquals(1.0, stats[1], 0);
		assertEquals(96871.18671321613, stats[2], 1e-5);

		// h5py: bincount [566068, 5052, 8583, 14217]; first LV voxel [0,105,96], first RV [0,109,69]
		assertArrayEquals(new long[] { 566068, 5052, 8583, 14217 }, labelCounts(label.getImage(), 4));
		assertEquals(3.0, value(label, 96, 105, 0), 0);
		assertEquals(1.0, value(label, 69, 109, 0), 0);
		assertEquals(3.0, value(label, 116, 128, 5), 0);
	}

	/** The whole volume agrees with jHDF's own typed-array path (the reader decodes raw bytes instead). */
	@Test
	void acdcVolumeAgreesWithJhdfJavaArrays() throws Exception {
		final Path file = TestData.file(TestData.acdcDir(), VOLUME);
		final LoadedImage image = Hdf5Reader.read(file, "image");
		final LoadedImage label = Hdf5Reader.read(file, "/label");
		final float[] refImage;
		final int[] refLabel; // jHDF widens uint8 to int
		try (HdfFile hdf = new HdfFile(file)) {
			refImage = (float[]) hdf.getDatasetByPath("image").getDataFlat();
			refLabel = (int[]) hdf.getDatasetByPath("label").getDataFlat();
		}
		int i = 0;
		for (final RealType<?> v : Views.flatIterable(image.getImage()))
			assertEquals(refImage[i++], v.getRealFloat(), 0, "image flat index " + (i - 1));
		assertEquals(refImage.length, i);
		i = 0;
		for (final RealType<?> v : Views.flatIterable(label.getImage()))
			assertEquals(refLabel[i++], (int) v.getRealDouble(), "label flat index " + (i - 1));
		assertEquals(refLabel.length, i);
	}

	@Test
	void missingDatasetNamesFileDatasetAndListsTheOthers() throws Exception {
		final Path file = TestData.file(TestData.acdcDir(), SLICE);
		final ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageReaders.openPair(file,
			ReadOptions.defaults().withLabelDataset("mask")));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("'mask'"), e.getMessage());
		assertTrue(e.getMessage().contains("[/image, /label]"), e.getMessage());
		assertEquals(Arrays.asList("/image", "/label"), Hdf5Reader.listDatasets(file));
	}

	@ParameterizedTest
	@ValueSource(strings = { "u1_le", "i1_le", "i2_le", "i2_be", "u2_le", "u2_be", "i4_le", "i4_be", "u4_le",
		"u4_be", "i8_le", "i8_be", "u8_le", "u8_be", "f4_le", "f4_be", "f8_le", "f8_be" })
	void everyDtypeAndByteOrderKeepsTypeAndValues(final String name) throws Exception {
		final LoadedImage img = Hdf5Reader.read(fixture(), name);
		final String dtype = name.substring(0, 2);
		assertEquals(expectedType(dtype), img.getType().getClass(), name);
		assertArrayEquals(new long[] { 5, 4, 3 }, img.getDimensions());
		final RandomAccess<? extends RealType<?>> ra = img.getImage().randomAccess();
		for (int z = 0; z < 3; z++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 5; x++) {
					ra.setPosition(new int[] { x, y, z });
					final int flat = (z * 4 + y) * 5 + x; // C order of (Z, H, W)
					final RealType<?> v = ra.get();
					if (dtype.equals("u8")) assertEquals(expectedU64(flat), ((UnsignedLongType) v).getBigInteger(),
						name + " at " + flat);
					else assertEquals(expected(dtype, flat), v.getRealDouble(), 0, name + " at " + flat);
				}
	}

	@Test
	void layoutsOtherThanPlain3D() throws Exception {
		final Path f = fixture();
		final LoadedImage twoD = Hdf5Reader.read(f, "u1_2d");
		assertArrayEquals(new long[] { 5, 4 }, twoD.getDimensions());
		assertEquals(expected("u1", 1 * 5 + 3), value(twoD, 3, 1), 0);

		final LoadedImage nested = Hdf5Reader.read(f, "/nested/group/f4");
		assertArrayEquals(new long[] { 5, 4, 3 }, nested.getDimensions());
		assertEquals(expected("f4", (2 * 4 + 3) * 5 + 4), value(nested, 4, 3, 2), 0);

		final LoadedImage squeezed = Hdf5Reader.read(f, "four_d"); // (1, Z, H, W)
		assertArrayEquals(new long[] { 5, 4, 3 }, squeezed.getDimensions());
		assertTrue(squeezed.getType() instanceof ShortType);
		assertEquals(expected("i2", (1 * 4 + 2) * 5 + 1), value(squeezed, 1, 2, 1), 0);

		final LoadedImage sized = Hdf5Reader.read(f, "sized"); // element_size_um = (z 2.5, y 0.5, x 0.25)
		assertArrayEquals(new double[] { 0.25, 0.5, 2.5 }, sized.getVoxelSize(), 0);
		assertEquals("µm", sized.getUnit());

		final List<String> all = Hdf5Reader.listDatasets(f);
		assertTrue(all.contains("/nested/group/f4") && all.contains("/u1_le") && all.contains("/sized"), all
			.toString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "four_d_bad", "vector", "scalar", "f2", "compound", "nested", "nested/missing" })
	void unsupportedDatasetsFailClearly(final String name) throws Exception {
		final Path f = fixture();
		final ImageFormatException e = assertThrows(ImageFormatException.class, () -> Hdf5Reader.read(f, name));
		assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
		assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
	}

	@Test
	void pairWithDifferentShapesNamesBothShapes() throws Exception {
		final Path f = fixture();
		final ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageReaders.openPair(f,
			ReadOptions.defaults().withImageDataset("img_a").withLabelDataset("lab_b")));
		assertTrue(e.getMessage().contains("5x4x3") && e.getMessage().contains("6x4x3"), e.getMessage());
		assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
	}

	/** Files written by jHDF's own writer (contiguous, signed types) read back exactly. */
	@Test
	void readsFilesWrittenByJhdf(@TempDir final Path dir) throws Exception {
		final Path p = dir.resolve("written.h5");
		final float[][][] f = new float[2][3][4];
		final short[][] s = new short[3][4];
		final long[][] l = new long[3][4];
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 4; x++) {
					f[z][y][x] = z * 100 + y * 10 + x + 0.5f;
					if (z == 0) {
						s[y][x] = (short) (-1000 * y + x);
						l[y][x] = Long.MIN_VALUE + y * 4 + x;
					}
				}
		try (WritableHdfFile w = HdfFile.write(p)) {
			w.putDataset("image", f);
			w.putDataset("s", s);
			w.putDataset("l", l);
		}
		final LoadedImage img = ImageReaders.open(p);
		assertArrayEquals(new long[] { 4, 3, 2 }, img.getDimensions());
		assertEquals(123.5, value(img, 3, 2, 1), 0);
		final LoadedImage si = Hdf5Reader.read(p, "s");
		assertTrue(si.getType() instanceof ShortType);
		assertEquals(-2000 + 3, value(si, 3, 2), 0);
		final LoadedImage li = Hdf5Reader.read(p, "l");
		assertTrue(li.getType() instanceof LongType);
		final RandomAccess<? extends RealType<?>> ra = li.getImage().randomAccess();
		ra.setPosition(new int[] { 1, 2 });
		assertEquals(Long.MIN_VALUE + 9, ((LongType) ra.get()).get());
	}

	// -- helpers --

	static Path fixture() {
		return TestData.resource(Hdf5ReaderTest.class, "dtypes.h5");
	}

	private static Class<?> expectedType(final String dtype) {
		switch (dtype) {
			case "u1":
				return UnsignedByteType.class;
			case "i1":
				return ByteType.class;
			case "i2":
				return ShortType.class;
			case "u2":
				return UnsignedShortType.class;
			case "i4":
				return IntType.class;
			case "u4":
				return UnsignedIntType.class;
			case "i8":
				return LongType.class;
			case "u8":
				return UnsignedLongType.class;
			case "f4":
				return FloatType.class;
			case "f8":
				return DoubleType.class;
			default:
				throw new IllegalArgumentException(dtype);
		}
	}

	/** Mirror of make_io_fixtures.py base_values: extremes at flat 0 and 1, a ramp elsewhere. */
	static double expected(final String dtype, final int flat) {
		final long b = (flat * 37L) % 101;
		switch (dtype) {
			case "u1":
				return flat == 0 ? 255 : flat == 1 ? 0 : b;
			case "u2":
				return flat == 0 ? 65535 : flat == 1 ? 0 : b;
			case "u4":
				return flat == 0 ? 4294967295.0 : flat == 1 ? 0 : b;
			case "u8": // 2^64 - 1 as a double; exact checks use expectedU64
				return flat == 0 ? 18446744073709551615.0 : flat == 1 ? 0 : b;
			case "i1":
				return flat == 0 ? Byte.MAX_VALUE : flat == 1 ? Byte.MIN_VALUE : b - 50;
			case "i2":
				return flat == 0 ? Short.MAX_VALUE : flat == 1 ? Short.MIN_VALUE : b - 50;
			case "i4":
				return flat == 0 ? Integer.MAX_VALUE : flat == 1 ? Integer.MIN_VALUE : b - 50;
			case "i8":
				return flat == 0 ? Long.MAX_VALUE : flat == 1 ? Long.MIN_VALUE : b - 50;
			case "f4":
				return flat == 0 ? Float.MAX_VALUE : flat == 1 ? -Float.MAX_VALUE : (float) (b * 0.25 - 7.5);
			case "f8":
				return flat == 0 ? Double.MAX_VALUE : flat == 1 ? -Double.MAX_VALUE : b * 0.25 - 7.5;
			default:
				throw new IllegalArgumentException(dtype);
		}
	}

	private static BigInteger expectedU64(final int flat) {
		if (flat == 0) return BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
		if (flat == 1) return BigInteger.ZERO;
		return BigInteger.valueOf((flat * 37L) % 101);
	}

	static double value(final LoadedImage img, final long... pos) {
		final RandomAccess<? extends RealType<?>> ra = img.getImage().randomAccess();
		ra.setPosition(pos);
		return ra.get().getRealDouble();
	}

	static double[] minMaxSum(final RandomAccessibleInterval<? extends RealType<?>> img) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
		for (final RealType<?> v : Views.flatIterable(img)) {
			final double d = v.getRealDouble();
			min = Math.min(min, d);
			max = Math.max(max, d);
			sum += d;
		}
		return new double[] { min, max, sum };
	}

	/** Counts of each label value; fails on a value outside 0..n-1. */
	static long[] labelCounts(final RandomAccessibleInterval<? extends RealType<?>> img, final int n) {
		final long[] counts = new long[n];
		for (final RealType<?> v : Views.flatIterable(img)) {
			final double d = v.getRealDouble();
			assertTrue(d >= 0 && d < n && d == Math.rint(d), "label value " + d + " outside 0.." + (n - 1));
			counts[(int) d]++;
		}
		return counts;
	}
}
