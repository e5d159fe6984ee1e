package sc.fiji.cmems.io.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/** ImagePlus to imglib2 and back: types, axis order, stacks, calibration, label bit depth. */
class ImagePlusImgsTest {

	@Test
	void eightBit2DBothWays() {
		final byte[] px = new byte[7 * 5];
		for (int i = 0; i < px.length; i++)
			px[i] = (byte) (i * 9); // includes values above 127
		final ImagePlus imp = new ImagePlus("b", new ByteProcessor(7, 5, px.clone()));
		imp.getCalibration().pixelWidth = 0.3;
		imp.getCalibration().pixelHeight = 0.4;
		imp.getCalibration().setUnit("mm");

		final Img<? extends RealType<?>> img = ImagePlusImgs.toImg(imp);
		assertTrue(img.firstElement() instanceof UnsignedByteType);
		assertArrayEquals(new long[] { 7, 5 }, Intervals.dimensionsAsLongArray(img));
		// ImageJ pixel (x, y) = pixels[y * width + x]
		assertEquals(px[3 * 7 + 6] & 0xff, at(img, 6, 3), 0);
		assertEquals(252, at(img, 0, 4), 0); // 28 * 9 = 252, unsigned
		assertArrayEquals(new double[] { 0.3, 0.4 }, ImagePlusImgs.voxelSize(imp), 0);
		assertEquals("mm", ImagePlusImgs.unit(imp));

		final ImagePlus back = ImagePlusImgs.toImagePlus(img, ImagePlusImgs.voxelSize(imp), "mm", "copy");
		assertEquals(8, back.getBitDepth());
		assertArrayEquals(px, (byte[]) back.getProcessor().getPixels());
		assertEquals(0.3, back.getCalibration().pixelWidth, 0);
		assertEquals(0.4, back.getCalibration().pixelHeight, 0);
		assertEquals("mm", back.getCalibration().getUnit());
		assertEquals("copy", back.getTitle());
	}

	@Test
	void sixteenBitStackIsThreeDimensionalAndUnsigned() {
		final int w = 4, h = 3, d = 5;
		final ImageStack s = new ImageStack(w, h);
		for (int z = 0; z < d; z++) {
			final short[] p = new short[w * h];
			for (int i = 0; i < p.length; i++)
				p[i] = (short) (z * 1000 + i);
			if (z == 4) p[0] = (short) 65535;
			s.addSlice(new ShortProcessor(w, h, p, null));
		}
		final ImagePlus imp = new ImagePlus("s", s);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.6;
		imp.getCalibration().pixelDepth = 3.0;
		imp.getCalibration().setUnit("micron");

		final Img<? extends RealType<?>> img = ImagePlusImgs.toImg(imp);
		assertTrue(img.firstElement() instanceof UnsignedShortType);
		assertArrayEquals(new long[] { w, h, d }, Intervals.dimensionsAsLongArray(img));
		assertEquals(3 * 1000 + 2 * w + 1, at(img, 1, 2, 3), 0);
		assertEquals(65535, at(img, 0, 0, 4), 0);
		assertArrayEquals(new double[] { 0.5, 0.6, 3.0 }, ImagePlusImgs.voxelSize(imp), 0);
		assertEquals("µm", ImagePlusImgs.unit(imp));

		final ImagePlus back = ImagePlusImgs.toImagePlus(img, new double[] { 0.5, 0.6, 3.0 }, "µm", null);
		assertEquals(16, back.getBitDepth());
		assertEquals(d, back.getNSlices());
		assertEquals(1, back.getNChannels());
		assertEquals(1, back.getNFrames());
		for (int z = 0; z < d; z++)
			assertArrayEquals((short[]) s.getPixels(z + 1), (short[]) back.getStack().getPixels(z + 1));
		assertEquals(3.0, back.getCalibration().pixelDepth, 0);
	}

	@Test
	void floatAndSigned16Bit() {
		final float[] f = { -3.5f, Float.NaN, 1e-7f, 42, Float.NEGATIVE_INFINITY, 0 };
		final Img<? extends RealType<?>> img = ImagePlusImgs.toImg(new ImagePlus("f", new FloatProcessor(3, 2, f
			.clone())));
		assertTrue(img.firstElement() instanceof FloatType);
		assertEquals(-3.5, at(img, 0, 0), 0);
		assertTrue(Double.isNaN(at(img, 1, 0)));
		assertArrayEquals(f, (float[]) ImagePlusImgs.toImagePlus(img, null, null, null).getProcessor().getPixels(),
			0);

		// signed 16-bit goes through ImageJ's offset-by-32768 calibration and comes back signed
		final ArrayImg<ShortType, ?> signed = ArrayImgs.shorts(new short[] { -32768, -1, 0, 1, 32767, -200 }, 3, 2);
		final ImagePlus imp = ImagePlusImgs.toImagePlus(signed, null, null, "signed");
		assertTrue(imp.getCalibration().isSigned16Bit());
		assertEquals(-200, imp.getCalibration().getCValue(imp.getProcessor().get(2, 1)), 0);
		final Img<? extends RealType<?>> back = ImagePlusImgs.toImg(imp);
		assertTrue(back.firstElement() instanceof ShortType);
		assertEquals(-32768, at(back, 0, 0), 0);
		assertEquals(32767, at(back, 1, 1), 0);
		assertEquals(-200, at(back, 2, 1), 0);
	}

	@Test
	void nonArrayAndOtherTypesTakeTheGenericPath() {
		// a shifted sub-view of a bigger image: the copy must take exactly that region
		final ArrayImg<UnsignedByteType, ?> big = ArrayImgs.unsignedBytes(10, 10);
		int i = 0;
		for (final UnsignedByteType t : big)
			t.set(i++ % 256);
		final ImagePlus sub = ImagePlusImgs.toImagePlus(Views.interval(big, new long[] { 2, 3 }, new long[] { 5,
			7 }), null, null, null);
		assertEquals(4, sub.getWidth());
		assertEquals(5, sub.getHeight());
		assertEquals(3 * 10 + 2, sub.getProcessor().get(0, 0));
		assertEquals(7 * 10 + 5, sub.getProcessor().get(3, 4));

		final ArrayImg<DoubleType, ?> dbl = ArrayImgs.doubles(new double[] { 0.5, -2, 1e3, 7 }, 2, 2);
		final ImagePlus f = ImagePlusImgs.toImagePlus(dbl, new double[] { 2, 3 }, "cm", null);
		assertEquals(32, f.getBitDepth());
		assertArrayEquals(new float[] { 0.5f, -2f, 1e3f, 7f }, (float[]) f.getProcessor().getPixels(), 0);
		assertEquals("cm", f.getCalibration().getUnit());
	}

	@Test
	void labelsChooseEightOrSixteenBit() {
		final ArrayImg<IntType, ?> l8 = ArrayImgs.ints(new int[] { 0, 1, 255, 3, 4, 5 }, 3, 2);
		final ImagePlus a = ImagePlusImgs.labelsToImagePlus(l8, new double[] { 1.5, 2.5 }, "mm", "l8");
		assertEquals(8, a.getBitDepth());
		assertArrayEquals(new byte[] { 0, 1, (byte) 255, 3, 4, 5 }, (byte[]) a.getProcessor().getPixels());
		assertEquals(1.5, a.getCalibration().pixelWidth, 0);
		assertEquals(2.5, a.getCalibration().pixelHeight, 0);

		final ArrayImg<IntType, ?> l16 = ArrayImgs.ints(new int[] { 0, 256, 2, 65535, 4, 5, 6, 7 }, 2, 2, 2);
		final ImagePlus b = ImagePlusImgs.labelsToImagePlus(l16, new double[] { 1, 1, 4 }, "mm", null);
		assertEquals(16, b.getBitDepth());
		assertEquals(2, b.getNSlices());
		assertArrayEquals(new short[] { 0, 256, 2, (short) 65535 }, (short[]) b.getStack().getPixels(1));
		assertArrayEquals(new short[] { 4, 5, 6, 7 }, (short[]) b.getStack().getPixels(2));
		assertEquals(4, b.getCalibration().pixelDepth, 0);

		// 8-bit ArrayImg labels take the arraycopy path
		final ArrayImg<UnsignedByteType, ?> u8 = ArrayImgs.unsignedBytes(new byte[] { 9, 8, 7, 6 }, 2, 2);
		assertArrayEquals(new byte[] { 9, 8, 7, 6 }, (byte[]) ImagePlusImgs.labelsToImagePlus(u8, null, null, null)
			.getProcessor().getPixels());

		assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.labelsToImagePlus(ArrayImgs.ints(
			new int[] { -1, 0 }, 2, 1), null, null, null));
		assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.labelsToImagePlus(ArrayImgs.ints(
			new int[] { 65536, 0 }, 2, 1), null, null, null));
	}

	@Test
	void unsupportedImagePlusesAreRejected() {
		final IllegalArgumentException rgb = assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs
			.toImg(new ImagePlus("rgb", new ColorProcessor(2, 2))));
		assertTrue(rgb.getMessage().contains("RGB"));
		final ImageStack s = new ImageStack(2, 2);
		for (int i = 0; i < 6; i++)
			s.addSlice(new ByteProcessor(2, 2));
		final ImagePlus c = new ImagePlus("c", s);
		c.setDimensions(2, 3, 1);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.toImg(c)).getMessage()
			.contains("2 channels"));
		final ImagePlus t = new ImagePlus("t", s);
		t.setDimensions(1, 2, 3);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.toImg(t)).getMessage()
			.contains("3 time frames"));
		assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.toImagePlus(ArrayImgs.floats(2, 2, 2, 2),
			null, null, null));
	}

	@Test
	void singleSliceBecomesTwoDimensional() {
		final ImagePlus one = new ImagePlus("one", new ByteProcessor(3, 3));
		assertEquals(2, ImagePlusImgs.toImg(one).numDimensions());
		assertEquals(2, ImagePlusImgs.voxelSize(one).length);
		assertFalse(ImagePlusImgs.unit(one).isEmpty());
	}

	private static double at(final Img<? extends RealType<?>> img, final long... pos) {
		final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().getRealDouble();
	}
}
