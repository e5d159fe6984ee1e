package sc.fiji.cmems.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.io.TestData;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.io.formats.TiffWriter;

/** A folder run with hostile files among good ones: every good file is segmented, every hostile one reported with its reason. */
class FolderSegmentationTest {

	@Test
	void hostileFilesAreReportedAndTheRestSegmented(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		final List<Path> files = new ArrayList<>();
		for (int i = 0; i < 90; i++) {
			final Path p = in.resolve(String.format("good-%02d.tif", i));
			TiffWriter.writeImage(ToyData.sample(i, 40, 36).image, null, null, p);
			files.add(p);
		}
		final byte[] tiff = Files.readAllBytes(files.get(0));
		final List<Path> hostile = new ArrayList<>();
		hostile.add(write(in.resolve("loop.tif"), tiffWithNextDirectory(tiff, -1)));
		hostile.add(write(in.resolve("strips.tif"), tiffWithTag(tiff, 279, Integer.MAX_VALUE)));
		hostile.add(write(in.resolve("huge.tif"), tiffWithTag(tiff, 256, 1 << 30)));
		hostile.add(write(in.resolve("cut.tif"), Arrays.copyOf(tiff, tiff.length / 3)));
		hostile.add(write(in.resolve("huge.nii"), niftiWithDims(32767)));
		hostile.add(write(in.resolve("garbage.h5"), "\u0089HDF\r\n\u001a\n and then nothing an HDF5 reader needs".getBytes("ISO-8859-1")));
		hostile.add(write(in.resolve("cut.h5"), Arrays.copyOf(Files.readAllBytes(TestData.file(TestData.acdcDir(), "slices/patient003_frame01_slice_1.h5")),
			3000)));
		hostile.add(Files.createFile(in.resolve("empty.tif")));
		hostile.add(write(in.resolve("text.png"), "not a picture".getBytes("UTF-8")));
		hostile.add(write(in.resolve("folder-like.nii.gz"), new byte[] { 0x1f, (byte) 0x8b, 8, 0, 0, 0 }));
		files.addAll(hostile);
		Collections.shuffle(files, new java.util.Random(3));

		final Path out = dir.resolve("out");
		final List<String> log = new ArrayList<>();
		final FolderSegmentation.Summary summary;
		try (SegmentationModel model = new Trainer(TinyRuns.settings("cmems", 2)).train(ToyData.inputs(2, 32, 4, 0)).model()) {
			summary = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> FolderSegmentation.run(new Segmenter(model, Ensemble.MEAN), files, out, false,
				ReadOptions.defaults(), log::add, null, null));
		}
		assertEquals(90, summary.done, summary.text());
		assertEquals(10, summary.failed(), String.join("\n", summary.failures));
		for (final Path h : hostile) {
			assertFalse(Files.exists(FolderSegmentation.target(out, h)), "no labels for " + h);
			assertTrue(summary.failures.stream().anyMatch(f -> f.startsWith(h.getFileName() + ": ") && f.length() > h.getFileName().toString().length() + 10),
				"a reason for " + h + " in " + summary.failures);
		}
		try (java.util.stream.Stream<Path> written = Files.list(out)) {
			assertEquals(90, written.filter(p -> p.toString().endsWith(".tif")).count());
		}
	}

	private static Path write(final Path p, final byte[] bytes) throws Exception {
		Files.write(p, bytes);
		return p;
	}

	private static ByteBuffer buffer(final byte[] tiff) {
		return ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
	}

	/** @param next the first directory's next-directory offset; -1 for the first directory itself */
	private static byte[] tiffWithNextDirectory(final byte[] tiff, final int next) {
		final byte[] t = tiff.clone();
		final ByteBuffer b = buffer(t);
		final int first = b.getInt(4);
		b.putInt(first + 2 + 12 * (b.getShort(first) & 0xffff), next < 0 ? first : next);
		return t;
	}

	/** Sets the count of a table tag (StripByteCounts) or the value of a single-value tag (ImageWidth). */
	private static byte[] tiffWithTag(final byte[] tiff, final int tag, final int value) {
		final byte[] t = tiff.clone();
		final ByteBuffer b = buffer(t);
		final int first = b.getInt(4);
		for (int k = 0; k < (b.getShort(first) & 0xffff); k++) {
			final int at = first + 2 + 12 * k;
			if ((b.getShort(at) & 0xffff) != tag) continue;
			if (tag == 279) b.putInt(at + 4, value);
			else {
				b.putShort(at + 2, (short) 4); // LONG
				b.putInt(at + 8, value);
			}
		}
		return t;
	}

	/** The shared atlas's header claiming {@code side}^3 voxels (its data stays as it is). */
	private static byte[] niftiWithDims(final int side) throws Exception {
		final byte[] gz = Files.readAllBytes(TestData.file(TestData.niftiDir(), "aal.nii.gz"));
		final byte[] nii;
		try (InputStream s = new GZIPInputStream(new ByteArrayInputStream(gz))) {
			nii = s.readAllBytes();
		}
		final ByteBuffer b = ByteBuffer.wrap(nii).order(ByteOrder.LITTLE_ENDIAN);
		if (b.getInt(0) != 348) b.order(ByteOrder.BIG_ENDIAN);
		for (int d = 1; d <= 3; d++) b.putShort(40 + 2 * d, (short) side);
		return nii;
	}
}
