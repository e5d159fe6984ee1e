package sc.fiji.cmems.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/** Slices of any pixel type and layout become the right arrays. */
class ImgSlicesTest {

	@Test
	void unsignedAndSignedTypesWidenCorrectly() {
		final byte[] b = { (byte) 200, 1, 0, (byte) 255 };
		assertArrayEquals(new float[] { 200, 1, 0, 255 }, ImgSlices.readFloats(ArrayImgs.unsignedBytes(b, 2, 2), 0));
		assertArrayEquals(new int[] { 200, 1, 0, 255 }, ImgSlices.readInts(ArrayImgs.unsignedBytes(b, 2, 2), 0));
		final short[] s = { -5, 40000 - 65536, 7, 0 };
		assertArrayEquals(new float[] { -5, 40000 - 65536, 7, 0 }, ImgSlices.readFloats(ArrayImgs.shorts(s, 2, 2), 0));
		assertArrayEquals(new float[] { 65531, 40000, 7, 0 }, ImgSlices.readFloats(ArrayImgs.unsignedShorts(s, 2, 2), 0));
		assertArrayEquals(new float[] { 0.5f, -2, 3, 4 }, ImgSlices.readFloats(ArrayImgs.doubles(new double[] { 0.5, -2, 3, 4 }, 2, 2), 0));
	}

	@Test
	void slicesOfStacksViewsAndPlanarImages() {
		final RandomAccessibleInterval<UnsignedShortType> stack = ArrayImgs.unsignedShorts(new short[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 2, 2, 3);
		assertEquals(3, ImgSlices.count(stack));
		assertArrayEquals(new int[] { 9, 10, 11, 12 }, ImgSlices.readInts(stack, 2));
		// a view with a non-zero origin and swapped axes
		final RandomAccessibleInterval<UnsignedShortType> view = Views.translate(Views.permute(stack, 0, 1), 10, 20, 30);
		assertArrayEquals(new int[] { 5, 7, 6, 8 }, ImgSlices.readInts(view, 1));
		final RandomAccessibleInterval<ShortType> planar = PlanarImgs.shorts(3, 2, 2);
		ImgSlices.writeInts(planar, 1, new int[] { 1, 2, 3, 4, 5, -6 });
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, -6 }, ImgSlices.readFloats(planar, 1));
		assertArrayEquals(new float[6], ImgSlices.readFloats(planar, 0));
		assertThrows(IllegalArgumentException.class, () -> ImgSlices.count(ArrayImgs.unsignedBytes(2, 2, 2, 2)));
		assertThrows(IllegalArgumentException.class, () -> ImgSlices.writeInts(ArrayImgs.unsignedBytes(2, 2), 0, new int[3]));
	}

	@Test
	void nonNativeTypesFallBackToCursors() {
		final RandomAccessibleInterval<DoubleType> converted = net.imglib2.converter.Converters.convert(
			(RandomAccessibleInterval<UnsignedByteType>) ArrayImgs.unsignedBytes(new byte[] { 1, 2, 3, 4 }, 2, 2), (a, o) -> o.set(a.get() * 0.5), new DoubleType());
		assertArrayEquals(new float[] { 0.5f, 1, 1.5f, 2 }, ImgSlices.readFloats(converted, 0));
	}
}
