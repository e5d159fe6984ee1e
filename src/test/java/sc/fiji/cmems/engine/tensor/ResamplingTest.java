package sc.fiji.cmems.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;

/** The two forms of x2 bilinear upsampling: training's matrix products and inference's interpolation kernel. */
class ResamplingTest {

	/** Bilinear x2, {@code align_corners = false}, edges replicated, written out per pixel. */
	private static float[] bruteForce(final float[] x, final int planes, final int h, final int w) {
		final float[] y = new float[planes * 4 * h * w];
		for (int p = 0; p < planes; p++)
			for (int i = 0; i < 2 * h; i++)
				for (int j = 0; j < 2 * w; j++) {
					final double si = Math.max((i + 0.5) / 2 - 0.5, 0), sj = Math.max((j + 0.5) / 2 - 0.5, 0);
					final int i0 = (int) Math.floor(si), j0 = (int) Math.floor(sj);
					final int i1 = Math.min(i0 + 1, h - 1), j1 = Math.min(j0 + 1, w - 1);
					final double fi = si - i0, fj = sj - j0;
					final int o = p * h * w;
					y[p * 4 * h * w + i * 2 * w + j] = (float) ((1 - fi) * ((1 - fj) * x[o + i0 * w + j0] + fj * x[o + i0 * w + j1])
						+ fi * ((1 - fj) * x[o + i1 * w + j0] + fj * x[o + i1 * w + j1]));
				}
		return y;
	}

	@Test
	void matrixAndInterpolationFormsAreBilinearUpsampling() {
		final int b = 2, c = 3, h = 5, w = 7;
		final float[] x = new float[b * c * h * w];
		final Random random = new Random(11);
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
		final float[] expected = bruteForce(x, b * c, h, w);
		try (NDManager m = Tensors.manager()) {
			final NDArray in = m.create(x, new Shape(b, c, h, w));
			final NDArray matrix = Resampling.upsample2x(in), kernel = Resampling.upsample2xInference(in);
			assertEquals(new Shape(b, c, 2 * h, 2 * w), matrix.getShape());
			assertEquals(new Shape(b, c, 2 * h, 2 * w), kernel.getShape());
			assertArrayEquals(expected, matrix.toFloatArray(), 1e-5f, "matrix products");
			assertArrayEquals(expected, kernel.toFloatArray(), 1e-5f, "interpolation kernel");
			assertTrue(Tensors.maxDifference(matrix.toFloatArray(), kernel.toFloatArray()) < 1e-6f, "both forms agree to float rounding");
		}
	}
}
