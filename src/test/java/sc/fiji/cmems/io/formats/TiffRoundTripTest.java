package sc.fiji.cmems.io.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.data.ImgSlices;

/**
 * Label TIFFs written by {@link LabelTiffWriter} and read back by
 * {@link ImageJReader} (through {@link ImageReaders}): values, 8/16-bit choice,
 * 2D/3D, calibration, and the atomic write leaving no temporary file.
 */
class TiffRoundTripTest {

	@Test
	void twoDimensional8Bit(@TempDir final Path dir) throws Exception {
		final ArrayImg<UnsignedByteType, ?> labels = ArrayImgs.unsignedBytes(37, 23);
		int i = 0;
		for (final UnsignedByteType t : labels)
			t.set((i++ * 7) % 4);
		final Path tif = dir.resolve("seg.tif");
		LabelTiffWriter.write(labels, new double[] { 0.5, 0.75 }, "mm", tif);
		final LoadedImage back = ImageReaders.open(tif);
		assertTrue(back.getType() instanceof UnsignedByteType, back.toString());
		assertArrayEquals(new long[] { 37, 23 }, back.getDimensions());
		// TIFF stores 1/pixel size as a rational number, so ImageJ restores it to about 1e-6
		assertArrayEquals(new double[] { 0.5, 0.75 }, back.getVoxelSize(), 1e-6);
		assertEquals("mm", back.getUnit());
		assertSameValues(labels, back.getImage());
		assertOnlyFiles(dir, "seg.tif");
	}

	@Test
	void threeDimensional16BitFromIntLabels(@TempDir final Path dir) throws Exception {
		final ArrayImg<IntType, ?> labels = ArrayImgs.ints(19, 11, 6);
		int i = 0;
		for (final IntType t : labels)
			t.set((i++ * 131) % 1001); // max 1000 -> 16 bit
		final Path tif = dir.resolve("seg3d.tif");
		LabelTiffWriter.write(labels, new double[] { 0.7, 0.8, 2.5 }, "mm", tif);
		final LoadedImage back = ImageReaders.open(tif);
		assertTrue(back.getType() instanceof UnsignedShortType, back.toString());
		assertArrayEquals(new long[] { 19, 11, 6 }, back.getDimensions());
		assertArrayEquals(new double[] { 0.7, 0.8, 2.5 }, back.getVoxelSize(), 1e-6);
		assertEquals("mm", back.getUnit());
		assertSameValues(labels, back.getImage());
		assertOnlyFiles(dir, "seg3d.tif");
	}

	@Test
	void threeDimensional8BitFromIntLabelsAndLargest16BitLabel(@TempDir final Path dir) throws Exception {
		final ArrayImg<IntType, ?> small = ArrayImgs.ints(8, 9, 4);
		int i = 0;
		for (final IntType t : small)
			t.set(i++ % 256); // max 255 -> 8 bit
		final Path a = dir.resolve("a.tif");
		LabelTiffWriter.write(small, null, null, a);
		final LoadedImage backA = ImageReaders.open(a);
		assertTrue(backA.getType() instanceof UnsignedByteType);
		assertSameValues(small, backA.getImage());
		assertArrayEquals(new double[] { 1, 1, 1 }, backA.getVoxelSize(), 0);

		final ArrayImg<IntType, ?> big = ArrayImgs.ints(new int[] { 0, 256, 65535, 7 }, 2, 2);
		final Path b = dir.resolve("b.tif");
		LabelTiffWriter.write(big, null, null, b);
		final LoadedImage backB = ImageReaders.open(b);
		assertTrue(backB.getType() instanceof UnsignedShortType);
		assertSameValues(big, backB.getImage());
	}

	@Test
	void overwritingReplacesTheFileAtomicallyAndLeavesNoTemporaryFile(@TempDir final Path dir) throws Exception {
		final Path tif = dir.resolve("out.tif");
		LabelTiffWriter.write(ArrayImgs.unsignedBytes(new byte[] { 1, 1, 1, 1 }, 2, 2), null, null, tif);
		LabelTiffWriter.write(ArrayImgs.unsignedBytes(new byte[] { 2, 3, 2, 3 }, 2, 2), null, null, tif);
		final LoadedImage back = ImageReaders.open(tif);
		assertSameValues(ArrayImgs.unsignedBytes(new byte[] { 2, 3, 2, 3 }, 2, 2), back.getImage());
		assertOnlyFiles(dir, "out.tif");
	}

	@Test
	void failedWritesLeaveNothingBehind(@TempDir final Path dir) throws Exception {
		final Path tif = dir.resolve("bad.tif");
		final ImageFormatException neg = assertThrows(ImageFormatException.class, () -> LabelTiffWriter.write(
			ArrayImgs.ints(new int[] { 0, -1, 2, 3 }, 2, 2), null, null, tif));
		assertTrue(neg.getMessage().contains("negative"), neg.getMessage());
		final ImageFormatException big = assertThrows(ImageFormatException.class, () -> LabelTiffWriter.write(
			ArrayImgs.ints(new int[] { 0, 70000, 2, 3 }, 2, 2), null, null, tif));
		assertTrue(big.getMessage().contains("70000"), big.getMessage());
		assertOnlyFiles(dir);
		// an existing target stays untouched by a failed write
		LabelTiffWriter.write(ArrayImgs.unsignedBytes(new byte[] { 5, 6, 7, 8 }, 2, 2), null, null, tif);
		final byte[] before = Files.readAllBytes(tif);
		assertThrows(ImageFormatException.class, () -> LabelTiffWriter.write(ArrayImgs.ints(new int[] { -5, 0, 0,
			0 }, 2, 2), null, null, tif));
		assertArrayEquals(before, Files.readAllBytes(tif));
		assertOnlyFiles(dir, "bad.tif");
		// missing folder
		final ImageFormatException noDir = assertThrows(ImageFormatException.class, () -> LabelTiffWriter.write(
			ArrayImgs.unsignedBytes(2, 2), null, null, dir.resolve("no/such/dir/x.tif")));
		assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
	}

	@Test
	void floatTiffAndPngThroughImageJ(@TempDir final Path dir) throws Exception {
		final float[] f = { -1.5f, 0, 2.25f, Float.NaN, 1e6f, 3 };
		final ImagePlus imp = new ImagePlus("f", new FloatProcessor(3, 2, f.clone()));
		imp.getCalibration().pixelWidth = 0.25;
		imp.getCalibration().pixelHeight = 0.5;
		imp.getCalibration().setUnit("micron");
		final Path tif = dir.resolve("f.tif");
		assertTrue(new FileSaver(imp).saveAsTiff(tif.toString()));
		final LoadedImage back = ImageReaders.open(tif);
		assertTrue(back.getType() instanceof FloatType);
		assertSameValues(ArrayImgs.floats(f, 3, 2), back.getImage());
		assertArrayEquals(new double[] { 0.25, 0.5 }, back.getVoxelSize(), 1e-6);
		assertEquals("µm", back.getUnit());

		final byte[] g = { 0, 10, (byte) 200, (byte) 255, 1, 2 };
		final Path png = dir.resolve("g.png");
		assertTrue(new FileSaver(new ImagePlus("g", new ByteProcessor(3, 2, g.clone()))).saveAsPng(png.toString()));
		final LoadedImage p = ImageReaders.open(png);
		assertTrue(p.getType() instanceof UnsignedByteType, p.toString());
		assertSameValues(ArrayImgs.unsignedBytes(g, 3, 2), p.getImage());
	}

	/** A hyperstack's channels are read as the image's channels (modalities), each of the stack's own size. */
	@Test
	void channelsAreReadAsChannels(@TempDir final Path dir) throws Exception {
		final Path channels = dir.resolve("channels.tif");
		final ImagePlus imp = hyperstack(2, 3, 1);
		for (int i = 1; i <= imp.getStackSize(); i++) imp.getStack().getProcessor(i).set(10 * i); // channel, then z: each plane its value
		assertTrue(new FileSaver(imp).saveAsTiffStack(channels.toString()));
		final LoadedImage read = ImageReaders.open(channels);
		assertEquals(2, read.getChannels().size());
		for (final RandomAccessibleInterval<? extends RealType<?>> c : read.getChannels()) assertArrayEquals(new long[] { 4, 3, 3 }, c.dimensionsAsLongArray());
		assertEquals(3, read.getVoxelSize().length);
		// ImageJ's order is channel fastest: plane 1 is (c1, z1), plane 2 (c2, z1), plane 3 (c1, z2)
		assertEquals(10f, ImgSlices.readFloats(read.getChannels().get(0), 0)[0]);
		assertEquals(20f, ImgSlices.readFloats(read.getChannels().get(1), 0)[0]);
		assertEquals(30f, ImgSlices.readFloats(read.getChannels().get(0), 1)[0]);
	}

	@Test
	void timeSeriesAndRgbAreRejected(@TempDir final Path dir) throws Exception {
		final Path frames = dir.resolve("frames.tif");
		assertTrue(new FileSaver(hyperstack(1, 1, 3)).saveAsTiffStack(frames.toString()));
		final ImageFormatException t = assertThrows(ImageFormatException.class, () -> ImageReaders.open(frames));
		assertTrue(t.getMessage().contains("3 time frames"), t.getMessage());

		final Path rgb = dir.resolve("rgb.tif");
		assertTrue(new FileSaver(new ImagePlus("rgb", new ColorProcessor(4, 3))).saveAsTiff(rgb.toString()));
		final ImageFormatException r = assertThrows(ImageFormatException.class, () -> ImageReaders.open(rgb));
		assertTrue(r.getMessage().contains("RGB"), r.getMessage());
		assertTrue(r.getMessage().startsWith(rgb.toString()), r.getMessage());
	}

	// -- helpers --

	private static ImagePlus hyperstack(final int c, final int z, final int t) {
		final ImageStack s = new ImageStack(4, 3);
		for (int i = 0; i < c * z * t; i++)
			s.addSlice(new ByteProcessor(4, 3));
		final ImagePlus imp = new ImagePlus("h", s);
		imp.setDimensions(c, z, t);
		imp.setOpenAsHyperStack(true);
		return imp;
	}

	static void assertSameValues(final RandomAccessibleInterval<? extends RealType<?>> expected,
		final RandomAccessibleInterval<? extends RealType<?>> actual)
	{
		assertArrayEquals(net.imglib2.util.Intervals.dimensionsAsLongArray(expected), net.imglib2.util.Intervals
			.dimensionsAsLongArray(actual));
		final Iterator<? extends RealType<?>> e = Views.flatIterable(expected).iterator();
		final Iterator<? extends RealType<?>> a = Views.flatIterable(actual).iterator();
		int i = 0;
		boolean varied = false;
		double first = Double.NaN;
		while (e.hasNext()) {
			final double ev = e.next().getRealDouble();
			assertEquals(ev, a.next().getRealDouble(), 0, "flat index " + i);
			if (i == 0) first = ev;
			else if (Double.compare(ev, first) != 0) varied = true;
			i++;
		}
		assertTrue(varied, "test image must not be constant");
	}

	/** The folder holds exactly these files (so no temporary file was left). */
	private static void assertOnlyFiles(final Path dir, final String... names) throws Exception {
		final List<String> found;
		try (Stream<Path> s = Files.list(dir)) {
			found = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
		assertEquals(Stream.of(names).sorted().collect(Collectors.toList()), found);
	}

}
