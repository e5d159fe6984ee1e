package sc.fiji.cmems.io.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.cmems.io.TestData;

/**
 * Damaged inputs, made in a temporary folder from copies of real and
 * synthetic files: each read must end quickly with an
 * {@link ImageFormatException} naming the file, or (for an HDF5 cut that
 * leaves a dataset intact) return exactly the original pixels; never a
 * partial image.
 */
class CorruptFilesTest {

	private static final Duration LIMIT = Duration.ofSeconds(30);

	/** 181 * 217 * 181 voxels of uint8 in ch2.nii.gz. */
	private static final long CH2_BYTES = 181L * 217 * 181;

	@Test
	void truncatedNiftiGzNamesExpectedAndAvailableBytes(@TempDir final Path dir) throws Exception {
		final byte[] all = Files.readAllBytes(TestData.file(TestData.niftiDir(), "ch2.nii.gz"));
		final Path half = write(dir.resolve("half.nii.gz"), Arrays.copyOf(all, all.length / 2));
		final ImageFormatException e = fails(half);
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
		assertTrue(e.getMessage().contains("expected " + CH2_BYTES + " bytes"), e.getMessage());
		// what was decompressed is reported, and is less than needed
		final String after = e.getMessage().replaceAll(".*ended after (\\d+).*", "$1");
		assertTrue(Long.parseLong(after) > 0 && Long.parseLong(after) < CH2_BYTES, e.getMessage());

		// cuts inside the gzip header, the NIfTI header, the data, and the 8-byte gzip trailer
		for (final int keep : new int[] { 1, 10, 100, 1000, all.length - 100, all.length - 5, all.length - 1 }) {
			final Path p = write(dir.resolve("cut" + keep + ".nii.gz"), Arrays.copyOf(all, keep));
			fails(p);
		}
	}

	@Test
	void truncatedUncompressedNiftiNamesExpectedAndAvailableBytes(@TempDir final Path dir) throws Exception {
		final NiftiTestFile f = NiftiTestFile.of("i2", ByteOrder.LITTLE_ENDIAN, false); // 5x4x3 int16 = 120 bytes
		final byte[] all = f.singleFileBytes();
		final Path p = write(dir.resolve("short.nii"), Arrays.copyOf(all, all.length - 10));
		final ImageFormatException e = fails(p);
		assertTrue(e.getMessage().contains("expected 120 bytes of voxel data from offset 352"), e.getMessage());
		assertTrue(e.getMessage().contains("only 110 bytes are available"), e.getMessage());
		// cut inside the header
		final ImageFormatException h = fails(write(dir.resolve("hdr.nii"), Arrays.copyOf(all, 200)));
		assertTrue(h.getMessage().contains("truncated NIfTI-1 header"), h.getMessage());
	}

	@Test
	void corruptGzipDataIsDetected(@TempDir final Path dir) throws Exception {
		final byte[] all = Files.readAllBytes(TestData.file(TestData.niftiDir(), "ch2.nii.gz"));
		final Random rnd = new Random(42);
		// garbled compressed bytes: in the gzip/NIfTI header region and deep in the data
		for (final int offset : new int[] { 8, 40, 300, all.length / 2 }) {
			final byte[] g = all.clone();
			for (int i = offset; i < offset + 64; i++)
				g[i] = (byte) rnd.nextInt();
			final ImageFormatException e = fails(write(dir.resolve("g" + offset + ".nii.gz"), g));
			assertTrue(e.getMessage().contains("gzip") || e.getMessage().contains("NIfTI"), e.getMessage());
		}
	}

	@Test
	void garbledNiftiHeader(@TempDir final Path dir) throws Exception {
		final NiftiTestFile f = NiftiTestFile.of("u1", ByteOrder.LITTLE_ENDIAN, true);
		f.sizeofHdr = 0x12345678;
		final ImageFormatException e = fails(f.write(dir.resolve("sizeof.nii.gz")));
		assertTrue(e.getMessage().contains("not a NIfTI-1 file"), e.getMessage());
		// random bytes with a .nii name (not gzip: read as an uncompressed header)
		final byte[] junk = new byte[4000];
		new Random(7).nextBytes(junk);
		junk[0] = 0; // not the gzip magic
		assertTrue(fails(write(dir.resolve("junk.nii"), junk)).getMessage().contains("not a NIfTI-1 file"));
	}

	@Test
	void truncatedHdf5NeverYieldsAPartialImage(@TempDir final Path dir) throws Exception {
		final Path src = TestData.file(TestData.acdcDir(), "slices/patient003_frame01_slice_1.h5");
		final LoadedImage image = Hdf5Reader.read(src, "image");
		final byte[] all = Files.readAllBytes(src);

		final ImageFormatException e = fails(write(dir.resolve("half.h5"), Arrays.copyOf(all, all.length / 2)));
		assertTrue(e.getMessage().contains("'image'") || e.getMessage().contains("HDF5"), e.getMessage());

		// the last bytes of this file are label chunks: the pair must fail, the intact image may be read whole
		final Path nearEnd = write(dir.resolve("near-end.h5"), Arrays.copyOf(all, all.length - 20));
		final ImageFormatException pe = assertTimeoutPreemptively(LIMIT, () -> assertThrows(
			ImageFormatException.class, () -> ImageReaders.openPair(nearEnd, ReadOptions.defaults())));
		assertTrue(pe.getMessage().contains("'label'"), pe.getMessage());

		int failures = 0;
		for (final int keep : new int[] { 1, 8, 50, 100, 500, 1000, 4000, 4500, all.length / 4, all.length / 2,
			all.length * 9 / 10, all.length - 700, all.length - 600, all.length - 100, all.length - 1 })
		{
			final Path p = write(dir.resolve("cut" + keep + ".h5"), Arrays.copyOf(all, keep));
			final LoadedImage[] out = new LoadedImage[1];
			final Exception thrown = assertTimeoutPreemptively(LIMIT, () -> {
				try {
					out[0] = ImageReaders.open(p);
					return null;
				}
				catch (final ImageFormatException x) {
					return x;
				}
			});
			if (thrown != null) {
				failures++;
				assertTrue(thrown.getMessage().startsWith(p.toString() + ": "), thrown.getMessage());
			}
			else assertSamePixels(image, out[0], "cut at " + keep);
		}
		assertTrue(failures >= 10, failures + " of 15 cuts failed");
	}

	@Test
	void garbledHdf5(@TempDir final Path dir) throws Exception {
		final byte[] all = Files.readAllBytes(TestData.file(TestData.acdcDir(), "volumes/patient002_frame01.h5"));
		final byte[] sig = all.clone();
		sig[1] = 'X';
		assertTrue(fails(write(dir.resolve("sig.h5"), sig)).getMessage().contains("not an HDF5 file"));
		final Random rnd = new Random(3);
		for (final int offset : new int[] { 8, 40, 96, all.length / 2 }) {
			final byte[] g = all.clone();
			for (int i = offset; i < offset + 64; i++)
				g[i] = (byte) rnd.nextInt();
			fails(write(dir.resolve("g" + offset + ".h5"), g));
		}
		// plain text named .h5
		fails(write(dir.resolve("text.h5"), "just some text, not HDF5 at all\n".getBytes("UTF-8")));
	}

	@Test
	void garbledAndTruncatedTiff(@TempDir final Path dir) throws Exception {
		final Path tif = dir.resolve("labels.tif");
		final byte[] px = new byte[64 * 48 * 5];
		for (int i = 0; i < px.length; i++)
			px[i] = (byte) (i % 4);
		LabelTiffWriter.write(ArrayImgs.unsignedBytes(px, 64, 48, 5), null, null, tif);
		final byte[] all = Files.readAllBytes(tif);
		final ImageFormatException t = fails(write(dir.resolve("cut.tif"), Arrays.copyOf(all, all.length * 6 / 10)));
		assertTrue(t.getMessage().contains("truncated TIFF"), t.getMessage());
		final byte[] g = all.clone();
		for (int i = 0; i < 8; i++)
			g[i] = (byte) (0x55 + i);
		fails(write(dir.resolve("garbled.tif"), g));
	}

	/** ImageJ's decoder follows a directory chain that loops forever; the structure check stops it first. */
	@Test
	void tiffWhoseDirectoryChainLoopsIsRefused(@TempDir final Path dir) throws Exception {
		final byte[] all = labelTiff(dir);
		final ByteBuffer b = tiffBuffer(all);
		final int first = b.getInt(4);
		final int entries = b.getShort(first) & 0xffff;
		b.putInt(first + 2 + 12 * entries, first); // the next directory is this one
		final ImageFormatException e = fails(write(dir.resolve("loop.tif"), all));
		assertTrue(e.getMessage().contains("loops"), e.getMessage());
	}

	/** A strip table of 2^31 - 1 entries made ImageJ's decoder run out of memory. */
	@Test
	void tiffTableLongerThanTheFileIsRefused(@TempDir final Path dir) throws Exception {
		final byte[] all = labelTiff(dir);
		final ByteBuffer b = tiffBuffer(all);
		final int first = b.getInt(4);
		final int entries = b.getShort(first) & 0xffff;
		for (int k = 0; k < entries; k++) {
			final int at = first + 2 + 12 * k;
			if ((b.getShort(at) & 0xffff) == 279) b.putInt(at + 4, Integer.MAX_VALUE); // StripByteCounts
		}
		final ImageFormatException e = fails(write(dir.resolve("strips.tif"), all));
		assertTrue(e.getMessage().contains("tag 279") && e.getMessage().contains("beyond the end of the file"), e.getMessage());
	}

	/** No reader allocates an image above ReadOptions' limit, whatever the header says. */
	@Test
	void imagesAboveTheLimitAreRefusedBeforeReading(@TempDir final Path dir) throws Exception {
		final ReadOptions small = ReadOptions.defaults().withMaxImageBytes(1000);
		final Path tiff = write(dir.resolve("labels.tif"), labelTiff(dir));
		final Path nifti = TestData.file(TestData.niftiDir(), "aal.nii.gz");
		final Path hdf5 = TestData.file(TestData.acdcDir(), "slices/patient003_frame01_slice_1.h5");
		for (final Path p : new Path[] { tiff, nifti, hdf5 }) {
			final ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageReaders.open(p, small), p.toString());
			assertTrue(e.getMessage().contains("above the limit of 1000 bytes") && e.getMessage().contains(ReadOptions.MAX_IMAGE_BYTES_PROPERTY), e
				.getMessage());
			ImageReaders.open(p, ReadOptions.defaults()); // the default limit reads them
		}
	}

	private static ByteBuffer tiffBuffer(final byte[] all) {
		return ByteBuffer.wrap(all).order(all[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
	}

	private static byte[] labelTiff(final Path dir) throws Exception {
		final Path tif = dir.resolve("seed.tif");
		LabelTiffWriter.write(ArrayImgs.unsignedBytes(new byte[64 * 48 * 3], 64, 48, 3), null, null, tif);
		return Files.readAllBytes(tif);
	}

	@ParameterizedTest
	@ValueSource(strings = { "empty.h5", "empty.nii", "empty.nii.gz", "empty.tif", "empty.png" })
	void zeroLengthFiles(final String name, @TempDir final Path dir) throws Exception {
		final Path p = Files.createFile(dir.resolve(name));
		assertTrue(fails(p).getMessage().contains("file is empty (0 bytes)"));
	}

	@Test
	void missingDirectoryAndUnknownFormat(@TempDir final Path dir) throws Exception {
		for (final String name : new String[] { "none.h5", "none.nii.gz", "none.tif" })
			assertTrue(fails(dir.resolve(name)).getMessage().contains("file does not exist"));
		final Path sub = Files.createDirectory(dir.resolve("folder.tif"));
		assertTrue(fails(sub).getMessage().contains("is a directory"));
		final byte[] junk = new byte[2048];
		new Random(5).nextBytes(junk);
		junk[0] = 1;
		final ImageFormatException e = fails(write(dir.resolve("junk.xyz"), junk));
		assertTrue(e.getMessage().contains("junk.xyz"), e.getMessage());
		final ImageFormatException pair = assertThrows(ImageFormatException.class, () -> ImageReaders.openPair(dir
			.resolve("a.tif"), ReadOptions.defaults()));
		assertTrue(pair.getMessage().contains("HDF5"), pair.getMessage());
	}

	// -- helpers --

	private static Path write(final Path p, final byte[] bytes) throws Exception {
		Files.write(p, bytes);
		return p;
	}

	/** Opening must throw an ImageFormatException naming the file, within the time limit. */
	private static ImageFormatException fails(final Path p) {
		final ImageFormatException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(
			ImageFormatException.class, () -> ImageReaders.open(p), p.toString()));
		assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
		assertEquals(p, e.getFile());
		return e;
	}

	private static void assertSamePixels(final LoadedImage a, final LoadedImage b, final String what) {
		assertArrayEquals(a.getDimensions(), b.getDimensions(), what);
		final Iterator<? extends RealType<?>> ia = Views.flatIterable(a.getImage()).iterator();
		final Iterator<? extends RealType<?>> ib = Views.flatIterable(b.getImage()).iterator();
		int i = 0;
		while (ia.hasNext()) {
			assertEquals(ia.next().getRealDouble(), ib.next().getRealDouble(), 0, what + ", flat index " + i);
			i++;
		}
	}
}
