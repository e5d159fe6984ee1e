package sc.fiji.cmems.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.device.Djl;

/** Weighted losses, confidence masks and teacher detachment. */
class LossTest {

	@Test
	void crossEntropyMatchesAHandComputedValue() {
		try (NDManager m = Tensors.manager()) {
			// one pixel, logits (0, ln 3): p = (1/4, 3/4); label 1 -> CE = -ln(3/4)
			final NDArray logits = m.create(new float[] { 0, (float) Math.log(3) }, new Shape(1, 2, 1, 1));
			final NDArray labels = m.create(new long[] { 1 }, new Shape(1, 1, 1));
			final NDArray w = m.ones(new Shape(1, 1, 1));
			assertEquals(-Math.log(0.75), SegmentationLoss.crossEntropy(logits, labels, w, true).getFloat(), 1e-6);
			// Dice (V-Net form, mean over both classes): class 0: (0 + e) / (1/16 + e); class 1: (2 * 3/4 + e) / (9/16 + 1 + e)
			final double e = 1e-5, dice0 = e / (0.0625 + e), dice1 = (1.5 + e) / (1.5625 + e);
			assertEquals(1 - (dice0 + dice1) / 2, SegmentationLoss.dice(logits, labels, w).getFloat(), 1e-6);
		}
	}

	@Test
	void maskedLossIgnoresLowConfidencePixels() {
		try (NDManager m = Tensors.manager()) {
			final NDArray logits = m.randomNormal(new Shape(2, 3, 8, 8));
			final NDArray mask = m.randomUniform(0, 1, new Shape(2, 8, 8)).gt(0.5f).toType(DataType.FLOAT32, false);
			final NDArray labelsA = m.randomInteger(0, 3, new Shape(2, 8, 8), DataType.INT64);
			// other labels on the masked-out pixels only
			final NDArray labelsB = labelsA.mul(mask.toType(DataType.INT64, false)).add(m.full(new Shape(2, 8, 8), 2, DataType.INT64)
				.mul(mask.neg().add(1f).toType(DataType.INT64, false)));
			for (final UnlabeledLoss kind : UnlabeledLoss.values())
				assertEquals(kind.compute(logits, labelsA, mask).getFloat(), kind.compute(logits, labelsB, mask).getFloat(), 1e-6, kind + " ignores masked pixels");
			// and no gradient reaches a masked-out pixel
			logits.setRequiresGradient(true);
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				gc.backward(UnlabeledLoss.CE.compute(logits, labelsA, mask));
			}
			final float[] g = logits.getGradient().toFloatArray();
			final float[] mk = mask.toFloatArray();
			boolean someNonZero = false;
			for (int b = 0; b < 2; b++)
				for (int c = 0; c < 3; c++)
					for (int i = 0; i < 64; i++) {
						final float gi = g[(b * 3 + c) * 64 + i];
						if (mk[b * 64 + i] == 0) assertEquals(0f, gi, 0f);
						else someNonZero |= gi != 0;
					}
			assertTrue(someNonZero);
		}
	}

	@Test
	void lowConfidencePixelsAreIgnoredNotMadeBackground() {
		try (NDManager m = Tensors.manager()) {
			// pixel 0: class 1 with confidence ~1; pixel 1: class 2 with confidence e / (2 + e) = 0.58
			final PseudoLabels pl = PseudoLabels.fromLogits(m.create(new float[] { 0, 0, 10, 0, 0, 1 }, new Shape(1, 3, 1, 2)));
			assertEquals(1, pl.labels().toLongArray()[0]);
			assertEquals(2, pl.labels().toLongArray()[1]);
			final float[] mask = pl.confidentMask(new float[] { 0.95f, 0.95f, 0.95f }).toFloatArray();
			assertEquals(1f, mask[0], 0f);
			assertEquals(0f, mask[1], 0f, "low confidence: ignored");
			assertEquals(1f, pl.confidentMask(new float[] { 0.95f, 0.95f, 0.3f }).toFloatArray()[1], 0f, "a lower class threshold admits it");
		}
	}

	@Test
	void teacherTargetsCarryNoGradient() {
		try (NDManager m = Tensors.manager()) {
			final NDArray teacher = m.randomNormal(new Shape(2, 4, 8, 8)).mul(3f);
			final NDArray student = m.randomNormal(new Shape(2, 4, 8, 8));
			teacher.setRequiresGradient(true);
			student.setRequiresGradient(true);
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				final PseudoLabels pl = PseudoLabels.fromLogits(teacher.mul(1f));
				gc.backward(UnlabeledLoss.CE_DICE.compute(student, pl.labels(), pl.confidentMask(new float[] { 0.5f, 0.5f, 0.5f, 0.5f })));
			}
			for (final float g : teacher.getGradient().toFloatArray()) assertEquals(0f, g, 0f);
			float sum = 0;
			for (final float g : student.getGradient().toFloatArray()) sum += Math.abs(g);
			assertTrue(sum > 0, "the student learns");
		}
	}
}
