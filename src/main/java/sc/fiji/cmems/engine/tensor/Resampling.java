package sc.fiji.cmems.engine.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Resizing of image batches {@code (B, C, H, W)} on their device.
 * <p>
 * DJL reaches PyTorch's {@code interpolate} only through its JNI layer; its
 * bilinear mode is the antialiased one, which is the right filter for
 * shrinking images and equals plain bilinear interpolation when enlarging
 * ({@code align_corners = false}). Labels are resized on the Java side, by
 * {@link sc.fiji.cmems.engine.data.LabelResize} (centred nearest neighbour).
 */
public final class Resampling {

	/** DJL JNI code of PyTorch's (antialiased) "bilinear" mode. */
	private static final int BILINEAR = 2;

	private Resampling() {}

	/**
	 * @param images float batch {@code (B, C, H, W)}
	 * @return the batch resized to {@code height x width} with (antialiased) bilinear interpolation
	 */
	public static NDArray bilinear(final NDArray images, final int height, final int width) {
		if (sizeIs(images, height, width)) return images.duplicate();
		return JniUtils.interpolate((PtNDArray) images, new long[] { height, width }, BILINEAR, false);
	}

	/**
	 * Doubles the spatial size of a batch {@code (B, C, H, W)} with bilinear
	 * interpolation ({@code align_corners = false}, edges replicated), as two
	 * matrix products {@code U_H x U_W^T} with the fixed interpolation matrices.
	 * <p>
	 * Why not simpler: PyTorch's antialiased bilinear kernel (the only bilinear
	 * mode DJL reaches), and element-wise formulations that interleave with
	 * {@code stack}/{@code reshape}, both gave non-deterministic gradients, at
	 * times NaN, in the convolution before them on the CPU (PyTorch 2.7.1 through
	 * DJL 0.35.1; measured over hundreds of identical backward passes). The
	 * matrix form gave identical gradients in every pass, costs about a tenth of
	 * the network's arithmetic at 256x256, and is exact. (Those formulations used
	 * constants made from Java data, so the cause was probably the one that
	 * {@link AutogradSafe} explains; they were not measured again.)
	 */
	public static NDArray upsample2x(final NDArray x) {
		final long[] s = x.getShape().getShape();
		final NDManager m = x.getManager();
		final NDArray wide = x.matMul(interpolationMatrix(m, (int) s[3]).transpose());
		return interpolationMatrix(m, (int) s[2]).matMul(wide);
	}

	/**
	 * The same x2 bilinear upsampling as {@link #upsample2x} (equal up to
	 * float rounding), in one pass of PyTorch's interpolation kernel, for passes
	 * that record no gradient (inference).
	 * <p>
	 * Why a second form: the matrix products broadcast the left matrix over the
	 * batch and channels and permute the result, which costs inference time that
	 * one interpolation pass does not. Training keeps {@link #upsample2x}, whose
	 * gradients were measured to be deterministic; for enlarging, the
	 * antialiased bilinear kernel equals plain bilinear interpolation
	 * ({@code align_corners = false}, edges replicated), which is what the
	 * matrices hold.
	 */
	public static NDArray upsample2xInference(final NDArray x) {
		final long[] s = x.getShape().getShape();
		return bilinear(x, (int) (2 * s[2]), (int) (2 * s[3]));
	}

	/** @return {@code x} upsampled by {@code 2^times} with {@link #upsample2x} */
	public static NDArray upsample(final NDArray x, final int times) {
		NDArray y = x;
		for (int i = 0; i < times; i++) y = upsample2x(y);
		return y;
	}

	/** @return the {@code (2n, n)} matrix of bilinear x2 interpolation with replicated edges */
	static NDArray interpolationMatrix(final NDManager manager, final int n) {
		final float[] u = new float[2 * n * n];
		for (int i = 0; i < n; i++) {
			u[2 * i * n + i] += 0.75f;
			u[2 * i * n + Math.max(i - 1, 0)] += 0.25f;
			u[(2 * i + 1) * n + i] += 0.75f;
			u[(2 * i + 1) * n + Math.min(i + 1, n - 1)] += 0.25f;
		}
		return AutogradSafe.create(manager, u, new Shape(2 * n, n)); // saved by autograd for the backward pass
	}

	private static boolean sizeIs(final NDArray a, final int height, final int width) {
		final long[] s = a.getShape().getShape();
		return s[2] == height && s[3] == width;
	}
}
