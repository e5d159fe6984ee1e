package sc.fiji.cmems.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.device.Djl;

/**
 * Semi-CML's and CAML's losses against PyTorch on fixed inputs, values and gradients:
 * the reference numbers are printed by {@code bench/pytorch/losses_reference.py}
 * (PyTorch 1.13), which computes ASC as the public code does (a mask over the
 * similarity matrix, cross-entropy with the positive as target); the engine
 * computes it another way (a log-sum-exp over the off-diagonal entries), so
 * agreement checks the formula, not a transcription.
 */
class LossParityTest {

	private static final int B = 3, C = 3, H = 4, W = 5;

	private static final float ASC = 1.707923651e+00f;
	private static final float[] ASC_GRAD_A = { -3.395557869e-04f, -1.525159460e-04f, 6.048325449e-04f, 2.048565540e-03f, 1.114838524e-03f,
		-5.635453635e-05f, 5.800736835e-04f, 1.838940079e-03f, 1.937534311e-03f, 6.058687577e-04f, 2.045759931e-03f, 2.690277528e-03f };
	private static final float[] ASC_GRAD_B = { -2.284791088e-03f, -2.717296826e-03f, -3.469188232e-03f, -2.376989927e-03f, -1.106173499e-03f,
		-3.791720374e-04f, -1.910948195e-03f, 8.454897761e-05f, 5.244917702e-04f, 8.842661628e-04f, -3.283175756e-04f, -2.078962047e-03f };
	private static final float SOFT_CE = 1.917235136e+00f, SOFT_DICE = 5.094102621e-01f;
	private static final float[] SOFT_GRAD = { 1.365551632e-02f, 1.133556850e-02f, 6.265725009e-03f, -4.843953066e-03f, -1.478711423e-02f,
		1.009632368e-02f, 6.296670064e-03f, -1.316049835e-03f, -1.145171467e-02f, -1.583324000e-02f, -1.203248510e-03f, -4.565408453e-03f };

	private static final float SHARPENED = 7.302799225e-01f;
	private static final float[] SHARPENED_GRAD_A = { -1.357299741e-03f, -1.598232193e-03f, -6.866138428e-04f, 1.537358202e-02f, 2.357433084e-03f,
		-2.367620356e-03f, -1.311379950e-03f, -2.810455859e-03f, 3.136397339e-03f, 1.801892999e-03f, 8.436145727e-04f, -3.262700513e-03f };
	private static final float[] SHARPENED_GRAD_B = { 1.436055987e-03f, -9.548192029e-04f, 1.441993751e-03f, 1.471060561e-03f, 1.490826602e-03f,
		1.479042228e-03f, -5.340806092e-04f, 1.511108130e-03f, 1.631592400e-03f, 1.868858351e-03f, -7.836746518e-04f, -1.360096736e-03f };
	private static final float OCC = 3.111782551e+00f;
	private static final float[] OCC_GRAD_V = { -3.244451014e-03f, 3.492132062e-03f, 9.916773066e-03f, 1.545557659e-02f, -5.982249277e-04f,
		-1.148109804e-04f, 3.788584727e-04f, 8.386858390e-04f, -3.120169595e-06f, -1.217082026e-04f, -2.294243750e-04f, -3.166467359e-04f };
	private static final float[] OCC_GRAD_A = { -1.274141762e-02f, -5.844927207e-02f, -9.893601388e-02f, -1.305851042e-01f, -1.195005141e-03f,
		-4.336244427e-03f, -7.090138737e-03f, -9.210691787e-03f, -2.036582213e-03f, -2.299481537e-03f, -2.356974408e-03f, -2.203925978e-03f };
	private static final float FOREGROUND_DICE = 7.504478097e-01f;
	private static final float[] FOREGROUND_DICE_GRAD = { 5.325877573e-03f, 5.610255525e-03f, 5.324969534e-03f, -9.431929793e-04f, -7.450197008e-04f,
		5.595952272e-03f, 5.421412643e-03f, 4.623520654e-03f, -7.817628793e-04f, -5.727667594e-04f, 4.078588448e-03f, 2.833197825e-03f };

	private static final double RELATIVE = 1e-4;

	@Test
	void camlSharpenedConsistencyIsTheReferences() {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final NDArray a = logitsA(m), b = logitsB(m);
			a.setRequiresGradient(true);
			b.setRequiresGradient(true);
			final float loss;
			try (GradientCollector c = Djl.engine().newGradientCollector()) {
				final NDArray l = CorrelationLosses.sharpenedConsistency(Arrays.asList(a.softmax(1), b.softmax(1)), 0.1, false);
				c.backward(l);
				loss = l.getFloat();
			}
			close(SHARPENED, loss, "sharpened consistency");
			closeAll(SHARPENED_GRAD_A, Arrays.copyOf(a.getGradient().toFloatArray(), 12), "its gradient of the first maps");
			final float[] gb = b.getGradient().toFloatArray();
			closeAll(SHARPENED_GRAD_B, Arrays.copyOfRange(gb, gb.length - 12, gb.length), "its gradient of the second maps");
		}
	}

	@Test
	void camlOmniCorrelationIsTheReferences() {
		final int n = 7, memory = 5, d = 4;
		try (NDManager m = Djl.engine().newBaseManager()) {
			final float[] v = new float[n * d], a = new float[n * d], bank = new float[memory * d];
			for (int i = 0; i < n; i++)
				for (int k = 0; k < d; k++) {
					v[i * d + k] = (float) Math.sin(0.3 * i + 0.7 * k);
					a[i * d + k] = (float) Math.cos(0.45 * i - 0.2 * k * k);
				}
			for (int j = 0; j < memory; j++) for (int k = 0; k < d; k++) bank[j * d + k] = (float) (0.5 * Math.sin(1.1 * j + 0.3 * k));
			final NDArray ev = m.create(v, new Shape(n, d)), ea = m.create(a, new Shape(n, d)), mem = m.create(bank, new Shape(memory, d));
			ev.setRequiresGradient(true);
			ea.setRequiresGradient(true);
			final float loss;
			try (GradientCollector c = Djl.engine().newGradientCollector()) {
				final NDArray l = CorrelationLosses.omniCorrelation(CorrelationLosses.correlation(ev, mem, 0.1), CorrelationLosses.correlation(ea, mem, 0.1));
				c.backward(l);
				loss = l.getFloat();
			}
			close(OCC, loss, "omni-correlation consistency");
			closeAll(OCC_GRAD_V, Arrays.copyOf(ev.getGradient().toFloatArray(), 12), "its gradient of the first embeddings");
			closeAll(OCC_GRAD_A, Arrays.copyOf(ea.getGradient().toFloatArray(), 12), "its gradient of the second embeddings");
		}
	}

	@Test
	void camlForegroundDiceIsTheReferences() {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final NDArray labels = logitsA(m).argMax(1), b = logitsB(m);
			b.setRequiresGradient(true);
			final float loss;
			try (GradientCollector c = Djl.engine().newGradientCollector()) {
				final NDArray l = CorrelationLosses.foregroundDice(b, labels, labels.onesLike().toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
				c.backward(l);
				loss = l.getFloat();
			}
			close(FOREGROUND_DICE, loss, "foreground soft Dice");
			closeAll(FOREGROUND_DICE_GRAD, Arrays.copyOf(b.getGradient().toFloatArray(), 12), "its gradient");
		}
	}

	@Test
	void areaSimilarityContrastIsTheReferences() {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final NDArray a = logitsA(m), b = logitsB(m);
			a.setRequiresGradient(true);
			b.setRequiresGradient(true);
			final float loss;
			try (GradientCollector c = Djl.engine().newGradientCollector()) {
				final NDArray l = AreaSimilarity.contrastive(a.softmax(1), b.softmax(1));
				c.backward(l);
				loss = l.getFloat();
			}
			close(ASC, loss, "ASC");
			final float[] ga = a.getGradient().toFloatArray(), gb = b.getGradient().toFloatArray();
			closeAll(ASC_GRAD_A, Arrays.copyOf(ga, 12), "ASC gradient of the first maps");
			closeAll(ASC_GRAD_B, Arrays.copyOfRange(gb, gb.length - 12, gb.length), "ASC gradient of the second maps");
		}
	}

	@Test
	void softTargetCrossEntropyAndDiceAreTheReferences() {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final NDArray target = logitsA(m).softmax(1), b = logitsB(m);
			b.setRequiresGradient(true);
			final float ce, dice;
			try (GradientCollector c = Djl.engine().newGradientCollector()) {
				final NDArray lce = SegmentationLoss.softCrossEntropy(b, target), ldice = SegmentationLoss.softDice(b, target);
				c.backward(lce.add(ldice));
				ce = lce.getFloat();
				dice = ldice.getFloat();
			}
			close(SOFT_CE, ce, "soft cross-entropy");
			close(SOFT_DICE, dice, "soft Dice");
			closeAll(SOFT_GRAD, Arrays.copyOf(b.getGradient().toFloatArray(), 12), "soft losses' gradient");
		}
	}

	@Test
	void oneSliceHasNoNegativesAndNoLoss() {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final NDArray a = logitsA(m).get("0:1").softmax(1), b = logitsB(m).get("0:1").softmax(1);
			assertEquals(0f, AreaSimilarity.contrastive(a, b).getFloat(), 1e-6f);
		}
	}

	private static NDArray logitsA(final NDManager m) {
		final float[] v = new float[B * C * H * W];
		int i = 0;
		for (int b = 0; b < B; b++)
			for (int c = 0; c < C; c++)
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++) v[i++] = (float) (2 * Math.sin(0.7 * b + 1.3 * c + 0.37 * y + 0.11 * x * x));
		return m.create(v, new Shape(B, C, H, W));
	}

	private static NDArray logitsB(final NDManager m) {
		final float[] v = new float[B * C * H * W];
		int i = 0;
		for (int b = 0; b < B; b++)
			for (int c = 0; c < C; c++)
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++) v[i++] = (float) (2 * Math.cos(0.5 * b - 0.9 * c + 0.23 * x + 0.19 * y * y));
		return m.create(v, new Shape(B, C, H, W));
	}

	private static void close(final float expected, final float actual, final String what) {
		assertTrue(Math.abs(actual - expected) <= RELATIVE * Math.abs(expected), what + ": " + actual + ", PyTorch " + expected);
	}

	/** Each value within 1e-4 of the largest reference value's magnitude. */
	private static void closeAll(final float[] expected, final float[] actual, final String what) {
		float scale = 0;
		for (final float e : expected) scale = Math.max(scale, Math.abs(e));
		for (int i = 0; i < expected.length; i++)
			assertTrue(Math.abs(actual[i] - expected[i]) <= RELATIVE * scale, what + " [" + i + "]: " + actual[i] + ", PyTorch " + expected[i]);
	}
}
