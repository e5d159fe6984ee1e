package sc.fiji.cmems.io.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.cmems.io.formats.Hdf5ReaderTest.expected;
import static sc.fiji.cmems.io.formats.Hdf5ReaderTest.minMaxSum;
import static sc.fiji.cmems.io.formats.Hdf5ReaderTest.value;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.RandomAccess;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.cmems.io.TestData;

/**
 * NIfTI-1 reading: the real Colin27 brain and AAL atlas, files written by
 * nibabel, and synthetic files written by {@link NiftiTestFile} for every
 * datatype, both byte orders, gzip or not, and scl_slope/scl_inter.
 * <p>
 * Reference numbers for ch2.nii.gz and aal.nii.gz were decoded with Python's
 * gzip and struct modules plus numpy (not with this reader):
 *
 * <pre>
 * b = gzip.open(f).read(); dim = struct.unpack('&lt;8h', b[40:56]) -&gt; (3, 181, 217, 181, 1, 1, 1, 1)
 * datatype, bitpix = (2, 8); pixdim[1:4] = (1, 1, 1); vox_offset 352; scl_slope 1, scl_inter 0; xyzt_units 0
 * a = np.frombuffer(b[352:], 'u1').reshape(181, 217, 181)   # (z, y, x)
 * ch2: a[80,120,100] = 97, a[100,150,60] = 117, a[90,108,90] = 33, max 254, sum 317151210
 * aal: a[80,120,100] = 78, a[100,150,60] = 0, 117 distinct labels 0..116, sum 76656511
 * </pre>
 */
class NiftiReaderTest {

	private static final String[] DTYPES = { "u1", "i1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8" };

	@Test
	void colin27Brain() throws Exception {
		final Path file = TestData.file(TestData.niftiDir(), "ch2.nii.gz");
		final LoadedImage img = ImageReaders.open(file);
		assertArrayEquals(new long[] { 181, 217, 181 }, img.getDimensions());
		// datatype 2 with scl_slope 1 / scl_inter 0 (identity): stays uint8
		assertTrue(img.getType() instanceof UnsignedByteType, img.toString());
		assertArrayEquals(new double[] { 1, 1, 1 }, img.getVoxelSize(), 0);
		assertEquals(LoadedImage.UNKNOWN_UNIT, img.getUnit()); // xyzt_units 0
		assertEquals(97, value(img, 100, 120, 80), 0);
		assertEquals(117, value(img, 60, 150, 100), 0);
		assertEquals(33, value(img, 90, 108, 90), 0);
		assertEquals(0, value(img, 0, 0, 0), 0);
		final double[] s = minMaxSum(img.getImage());
		assertEquals(0, s[0], 0);
		assertEquals(254, s[1], 0);
		assertEquals(317151210.0, s[2], 0);
	}

	@Test
	void aalAtlasLabels() throws Exception {
		final Path file = TestData.file(TestData.niftiDir(), "aal.nii.gz");
		final LoadedImage img = ImageReaders.open(file);
		assertArrayEquals(new long[] { 181, 217, 181 }, img.getDimensions());
		assertTrue(img.getType() instanceof UnsignedByteType);
		assertEquals(78, value(img, 100, 120, 80), 0);
		assertEquals(0, value(img, 60, 150, 100), 0);
		final Set<Integer> labels = new HashSet<>();
		long sum = 0;
		for (final RealType<?> v : Views.flatIterable(img.getImage())) {
			labels.add((int) v.getRealDouble());
			sum += (long) v.getRealDouble();
		}
		assertEquals(117, labels.size());
		for (int l = 0; l <= 116; l++)
			assertTrue(labels.contains(l), "label " + l);
		assertEquals(76656511L, sum);
	}

	/** Files written by nibabel 5.0 (independent writer); expected values are what nibabel reads back. */
	@Test
	void nibabelBigEndianScaledInt16() throws Exception {
		final Path f = TestData.resource(getClass(), "nib_i16_be_scaled.nii");
		final LoadedImage img = ImageReaders.open(f);
		// nibabel chose scl_slope 0.00153048 / scl_inter 9.90077 for int16 storage
		assertTrue(img.getType() instanceof FloatType, img.toString());
		assertArrayEquals(new long[] { 5, 4, 3 }, img.getDimensions());
		assertArrayEquals(new double[] { 1.5, 2.0, 2.5 }, img.getVoxelSize(), 0);
		assertEquals("mm", img.getUnit());
		assertValues(img, expectedFile(f), 1e-4);
	}

	@Test
	void nibabelFloat64TwoDimensionalGzip() throws Exception {
		final Path f = TestData.resource(getClass(), "nib_f64_2d.nii.gz");
		final LoadedImage img = ImageReaders.open(f);
		assertTrue(img.getType() instanceof DoubleType, img.toString());
		assertArrayEquals(new long[] { 6, 5 }, img.getDimensions());
		assertArrayEquals(new double[] { 0.3f, 0.4f }, img.getVoxelSize(), 0); // pixdim is float32
		assertEquals("µm", img.getUnit());
		assertValues(img, expectedFile(f), 0);
	}

	@Test
	void nibabelHeaderImagePair() throws Exception {
		final Path f = TestData.resource(getClass(), "nib_u16_pair.hdr");
		final LoadedImage img = ImageReaders.open(f);
		assertTrue(img.getType() instanceof UnsignedShortType, img.toString());
		assertArrayEquals(new long[] { 3, 4, 2 }, img.getDimensions());
		assertValues(img, expectedFile(f), 0);
	}

	static Stream<Arguments> everyDatatype() {
		final List<Arguments> args = new ArrayList<>();
		for (final String dt : DTYPES)
			for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN })
				for (final boolean gz : new boolean[] { false, true })
					args.add(Arguments.of(dt, order.toString(), gz));
		return args.stream();
	}

	@ParameterizedTest(name = "{0} {1} gzip={2}")
	@MethodSource("everyDatatype")
	void everyDatatypeByteOrderAndCompression(final String dtype, final String orderName, final boolean gz,
		@TempDir final Path dir) throws Exception
	{
		final ByteOrder order = orderName.equals(ByteOrder.BIG_ENDIAN.toString()) ? ByteOrder.BIG_ENDIAN
			: ByteOrder.LITTLE_ENDIAN;
		final NiftiTestFile nf = NiftiTestFile.of(dtype, order, gz);
		nf.pixdim = new float[] { 1, 0.7f, 0.8f, 2.5f, 1, 1, 1, 1 };
		nf.xyztUnits = 2;
		final Path f = nf.write(dir.resolve("t" + (gz ? ".nii.gz" : ".nii")));
		final LoadedImage img = ImageReaders.open(f);
		assertEquals(typeOf(dtype), img.getType().getClass());
		assertArrayEquals(new long[] { 5, 4, 3 }, img.getDimensions());
		assertArrayEquals(new double[] { 0.7f, 0.8f, 2.5f }, img.getVoxelSize(), 0);
		assertEquals("mm", img.getUnit());
		final RandomAccess<? extends RealType<?>> ra = img.getImage().randomAccess();
		for (int z = 0; z < 3; z++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 5; x++) {
					final int flat = (z * 4 + y) * 5 + x; // NIfTI: x fastest
					ra.setPosition(new int[] { x, y, z });
					if (dtype.equals("u8") && flat == 0) assertEquals(BigInteger.ONE.shiftLeft(64).subtract(
						BigInteger.ONE), ((UnsignedLongType) ra.get()).getBigInteger());
					else assertEquals(expected(dtype, flat), ra.get().getRealDouble(), 0, dtype + " at " + flat);
				}
	}

	@Test
	void sclSlopeAndInterAreApplied(@TempDir final Path dir) throws Exception {
		// int16, slope 2, inter -1 -> FloatType, raw * 2 - 1
		final NiftiTestFile i16 = NiftiTestFile.of("i2", ByteOrder.BIG_ENDIAN, true);
		i16.sclSlope = 2;
		i16.sclInter = -1;
		final LoadedImage a = ImageReaders.open(i16.write(dir.resolve("a.nii.gz")));
		assertTrue(a.getType() instanceof FloatType);
		assertEquals(Short.MAX_VALUE * 2.0 - 1, value(a, 0, 0, 0), 0);
		assertEquals(Short.MIN_VALUE * 2.0 - 1, value(a, 1, 0, 0), 0);
		assertEquals(expected("i2", 17) * 2 - 1, value(a, 2, 3, 0), 0);

		// uint8, slope 0.5, inter 10 -> FloatType, unsigned raw
		final NiftiTestFile u8 = NiftiTestFile.of("u1", ByteOrder.LITTLE_ENDIAN, false);
		u8.sclSlope = 0.5f;
		u8.sclInter = 10;
		final LoadedImage b = ImageReaders.open(u8.write(dir.resolve("b.nii")));
		assertTrue(b.getType() instanceof FloatType);
		assertEquals(255 * 0.5 + 10, value(b, 0, 0, 0), 0);
		assertEquals(expected("u1", 59) * 0.5 + 10, value(b, 4, 3, 2), 0);

		// float64 -> DoubleType; int32 -> DoubleType (float would round 32-bit integers)
		final NiftiTestFile f8 = NiftiTestFile.of("f8", ByteOrder.LITTLE_ENDIAN, false);
		f8.sclSlope = 3;
		f8.sclInter = 1;
		final LoadedImage c = ImageReaders.open(f8.write(dir.resolve("c.nii")));
		assertTrue(c.getType() instanceof DoubleType);
		assertEquals(expected("f8", 30) * 3 + 1, value(c, 0, 2, 1), 0);
		final NiftiTestFile i32 = NiftiTestFile.of("i4", ByteOrder.BIG_ENDIAN, false);
		i32.sclSlope = 2;
		final LoadedImage d = ImageReaders.open(i32.write(dir.resolve("d.nii")));
		assertTrue(d.getType() instanceof DoubleType);
		assertEquals(Integer.MAX_VALUE * 2.0, value(d, 0, 0, 0), 0);

		// identity, zero and NaN slopes leave the data and type alone
		for (final float[] si : new float[][] { { 1, 0 }, { 0, 5 }, { Float.NaN, 3 } }) {
			final NiftiTestFile id = NiftiTestFile.of("i2", ByteOrder.LITTLE_ENDIAN, false);
			id.sclSlope = si[0];
			id.sclInter = si[1];
			final LoadedImage e = ImageReaders.open(id.write(dir.resolve("id" + si[0] + ".nii")));
			assertTrue(e.getType() instanceof ShortType, "slope " + si[0]);
			assertEquals(expected("i2", 17), value(e, 2, 3, 0), 0);
		}
	}

	@Test
	void voxOffsetPixdimAndDimensionVariants(@TempDir final Path dir) throws Exception {
		// data after a 400-byte vox_offset with a non-empty gap
		final NiftiTestFile off = NiftiTestFile.of("i2", ByteOrder.LITTLE_ENDIAN, false);
		off.voxOffset = 400;
		off.gap = new byte[52];
		java.util.Arrays.fill(off.gap, (byte) 0x7f);
		off.pixdim = new float[] { -1, -0.5f, 0, Float.NaN, 1, 1, 1, 1 };
		final LoadedImage a = ImageReaders.open(off.write(dir.resolve("off.nii")));
		assertEquals(expected("i2", 59), value(a, 4, 3, 2), 0);
		// negative pixdim -> absolute value; zero or NaN -> 1
		assertArrayEquals(new double[] { 0.5, 1, 1 }, a.getVoxelSize(), 0);

		// 4D with dim[4] == 1 reads as 3D
		final NiftiTestFile four = NiftiTestFile.of("u1", ByteOrder.LITTLE_ENDIAN, false);
		four.dim = new short[] { 4, 5, 4, 3, 1, 1, 1, 1 };
		assertArrayEquals(new long[] { 5, 4, 3 }, ImageReaders.open(four.write(dir.resolve("four.nii")))
			.getDimensions());

		// 4D with dim[4] == 3: three channels of 5 x 4 x 3, the 4th axis slowest
		final NiftiTestFile channels = NiftiTestFile.of("i2", ByteOrder.LITTLE_ENDIAN, false);
		channels.dim = new short[] { 4, 5, 4, 3, 3, 1, 1, 1 };
		channels.data = NiftiTestFile.encode("i2", 180, ByteOrder.LITTLE_ENDIAN);
		final LoadedImage c = ImageReaders.open(channels.write(dir.resolve("channels.nii")));
		assertEquals(3, c.getChannels().size());
		assertArrayEquals(new long[] { 5, 4, 3 }, c.getDimensions());
		for (int ch = 0; ch < 3; ch++) {
			final net.imglib2.RandomAccess<? extends net.imglib2.type.numeric.RealType<?>> ra = c.getChannels().get(ch).randomAccess();
			ra.setPosition(new long[] { 4, 3, 2 });
			assertEquals(expected("i2", ch * 60 + 59), ra.get().getRealDouble(), 0, "channel " + ch);
		}

		// 2D
		final NiftiTestFile two = NiftiTestFile.of("u1", ByteOrder.LITTLE_ENDIAN, false);
		two.dim = new short[] { 2, 5, 4, 1, 1, 1, 1, 1 };
		two.data = NiftiTestFile.encode("u1", 20, ByteOrder.LITTLE_ENDIAN);
		final LoadedImage t = ImageReaders.open(two.write(dir.resolve("two.nii")));
		assertArrayEquals(new long[] { 5, 4 }, t.getDimensions());
		assertEquals(expected("u1", 19), value(t, 4, 3), 0);

		// header/image pair written here (magic ni1)
		final NiftiTestFile pair = NiftiTestFile.of("u2", ByteOrder.BIG_ENDIAN, false);
		pair.magic = "ni1";
		pair.voxOffset = 0;
		final Path hdr = pair.writePair(dir, "pair");
		assertEquals(expected("u2", 0), value(ImageReaders.open(hdr), 0, 0, 0), 0);
		Files.delete(dir.resolve("pair.img"));
		final ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageReaders.open(hdr));
		assertTrue(e.getMessage().contains("pair.img"), e.getMessage());
	}

	@ParameterizedTest
	@ValueSource(strings = { "rgb", "complex", "fiveD", "timeSeries", "nifti2", "magic", "voxOffset", "negativeDim" })
	void invalidHeadersFailWithTheReason(final String what, @TempDir final Path dir) throws Exception {
		final NiftiTestFile f = NiftiTestFile.of("u1", ByteOrder.LITTLE_ENDIAN, true);
		String expect;
		switch (what) {
			case "rgb":
				f.datatype = 128;
				expect = "datatype 128 (rgb24)";
				break;
			case "complex":
				f.datatype = 32;
				expect = "datatype 32 (complex64)";
				break;
			case "fiveD":
				f.dim = new short[] { 5, 5, 4, 3, 1, 2, 1, 1 };
				expect = "dim[5] = 2";
				break;
			case "timeSeries":
				f.dim = new short[] { 4, 5, 4, 3, 30, 1, 1, 1 };
				expect = "30 entries along dim[4]";
				break;
			case "nifti2":
				f.sizeofHdr = 540;
				expect = "NIfTI-2";
				break;
			case "magic":
				f.magic = "abc";
				expect = "magic is 'abc'";
				break;
			case "voxOffset":
				f.voxOffset = 100;
				expect = "vox_offset 100";
				break;
			case "negativeDim":
				f.dim = new short[] { 3, 5, -4, 3, 1, 1, 1, 1 };
				expect = "dim[2] = -4";
				break;
			default:
				throw new IllegalArgumentException(what);
		}
		final Path p = f.write(dir.resolve(what + ".nii.gz"));
		final ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageReaders.open(p));
		assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
		assertTrue(e.getMessage().contains(expect), e.getMessage());
	}

	@Test
	void headerOnlyAccessReportsFields() throws Exception {
		final NiftiReader.Header h = NiftiReader.readHeader(TestData.resource(getClass(), "nib_i16_be_scaled.nii"));
		assertEquals(ByteOrder.BIG_ENDIAN, h.order);
		assertEquals(4, h.datatype);
		assertEquals("n+1", h.magic);
		assertTrue(h.isScaled());
	}

	// -- helpers --

	private static Class<?> typeOf(final String dtype) {
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

	private static double[] expectedFile(final Path nifti) throws Exception {
		final Path txt = nifti.resolveSibling(nifti.getFileName() + ".expected.txt");
		final List<String> lines = Files.readAllLines(txt).stream().filter(l -> !l.startsWith("#") && !l.trim()
			.isEmpty()).collect(Collectors.toList());
		final double[] v = new double[lines.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = Double.parseDouble(lines.get(i));
		return v;
	}

	/** Compares in x-fastest order, relative tolerance {@code tol}. */
	private static void assertValues(final LoadedImage img, final double[] expected, final double tol) {
		int i = 0;
		for (final RealType<?> v : Views.flatIterable(img.getImage())) {
			assertTrue(i < expected.length, "more voxels than expected");
			assertEquals(expected[i], v.getRealDouble(), tol * Math.max(1, Math.abs(expected[i])), "voxel " + i);
			i++;
		}
		assertEquals(expected.length, i);
		// guard against a constant image agreeing with a constant expectation
		assertTrue(expected[0] != expected[expected.length - 1]);
	}
}
