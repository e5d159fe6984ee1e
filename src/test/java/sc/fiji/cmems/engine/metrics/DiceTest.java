package sc.fiji.cmems.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DiceTest {

	@Test
	void handCheckedConfusionAndPerClassDice() {
		// truth:      0 1 1 2 2 2
		// prediction: 0 1 2 2 2 0
		// class 0: |P|=2 |G|=1 |P∩G|=1 -> 2/3 ; class 1: |P|=1 |G|=2 |P∩G|=1 -> 2/3
		// class 2: |P|=3 |G|=3 |P∩G|=2 -> 4/6 ; class 3: absent from both -> 1 (convention)
		final int[] g = { 0, 1, 1, 2, 2, 2 };
		final int[] p = { 0, 1, 2, 2, 2, 0 };
		final long[][] m = Dice.confusionMatrix(p, g, 4);
		assertArrayEquals(new long[] { 1, 0, 0, 0 }, m[0]);
		assertArrayEquals(new long[] { 0, 1, 1, 0 }, m[1]);
		assertArrayEquals(new long[] { 1, 0, 2, 0 }, m[2]);
		assertArrayEquals(new long[] { 0, 0, 0, 0 }, m[3]);
		assertArrayEquals(new double[] { 2.0 / 3, 2.0 / 3, 2.0 / 3, 1.0 }, Dice.perClass(m), 1e-12);
		assertEquals((2.0 / 3 + 2.0 / 3 + 1.0) / 3, Dice.meanForeground(m), 1e-12);
	}

	@Test
	void batchIsPooledOverSlices() {
		// slice A: class 1 predicted on 1 of its 2 voxels; slice B: class 1 exact on 2 voxels.
		// pooled: |P|=3 |G|=4 |P∩G|=3 -> 6/7 (a per-slice mean would give (2/3 + 1) / 2 = 5/6)
		final int[][] truths = { { 1, 1, 0, 0 }, { 1, 1, 0, 0 } };
		final int[][] preds = { { 1, 0, 0, 0 }, { 1, 1, 0, 0 } };
		assertEquals(6.0 / 7, Dice.meanForegroundDice(preds, truths, 2), 1e-12);
	}

	@Test
	void agreesWithSegmentationMetricsOnRandomVolumes() {
		final Random r = new Random(9);
		final int[] dims = { 12, 10, 3 };
		final int n = 360;
		final int[] p = new int[n];
		final int[] g = new int[n];
		for (int i = 0; i < n; i++) {
			p[i] = r.nextInt(4);
			g[i] = r.nextBoolean() ? p[i] : r.nextInt(4);
		}
		final List<ClassMetrics> full = SegmentationMetrics.compute(p, g, dims, 4, null);
		final double[] fast = Dice.perClass(Dice.confusionMatrix(p, g, 4));
		double mean = 0;
		for (int c = 1; c < 4; c++) {
			assertEquals(full.get(c - 1).dice(), fast[c], 1e-12);
			mean += fast[c] / 3;
		}
		// the same volume cut into its 3 slices gives the same pooled mean
		final int[][] ps = new int[3][120];
		final int[][] gs = new int[3][120];
		for (int z = 0; z < 3; z++) {
			System.arraycopy(p, z * 120, ps[z], 0, 120);
			System.arraycopy(g, z * 120, gs[z], 0, 120);
		}
		assertEquals(mean, Dice.meanForegroundDice(ps, gs, 4), 1e-12);
		assertTrue(mean > 0.3 && mean < 1);
	}

	@Test
	void emptyAndInvalidInputs() {
		assertEquals(1.0, Dice.dice(0, 0, 0), 0);
		assertEquals(0.0, Dice.dice(0, 5, 0), 0);
		assertEquals(0.0, Dice.dice(0, 0, 5), 0);
		assertThrows(IllegalArgumentException.class, () -> Dice.dice(3, 2, 5));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dice.confusionMatrix(
			new int[] { 0, 4 }, new int[] { 0, 0 }, 3));
		assertTrue(e.getMessage().contains("label 4"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Dice.confusionMatrix(new int[2], new int[3], 3));
		assertThrows(IllegalArgumentException.class, () -> Dice.meanForegroundDice(new int[1][4], new int[2][4], 3));
	}
}
