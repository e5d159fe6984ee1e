package sc.fiji.cmems.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.LongType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.metrics.ClassMetrics.Status;

class SegmentationMetricsTest {

	private static final double EPS = 1e-9;

	/** Fills the box [x0..x1] x [y0..y1] x [z0..z1] of a flat label array (x fastest) with the label. */
	private static void box(final int[] labels, final int[] dims, final int label, final int x0, final int x1,
		final int y0, final int y1, final int z0, final int z1)
	{
		for (int z = z0; z <= z1; z++)
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++)
					labels[x + dims[0] * (y + dims[1] * z)] = label;
	}

	private static RandomAccessibleInterval<UnsignedByteType> img(final int[] labels, final long... dims) {
		final byte[] b = new byte[labels.length];
		for (int i = 0; i < b.length; i++)
			b[i] = (byte) labels[i];
		return ArrayImgs.unsignedBytes(b, dims);
	}

	@Test
	void handCheckedTwoSquaresOffsetByTwo2D() {
		// 10x10 image. G: class 1 on the 4x4 square x 2..5, y 2..5; P: the same square shifted by 2 in x (x 4..7).
		// |P| = |G| = 16, |P∩G| = 8 (x 4..5) -> Dice = 16/32 = 0.5.
		// Surfaces: 12 voxels each (4x4 minus its 2x2 interior).
		// P->G: x=4 column: (4,2),(4,5) lie on G's top/bottom rows -> 0, (4,3),(4,4) -> 1 (to x=5);
		// x=7 column: 4 voxels at 2 (to x=5); top/bottom rows (5,2),(5,5) -> 0, (6,2),(6,5) -> 1.
		// So P->G = {0 x4, 1 x4, 2 x4}, ASD = (4 + 8) / 12 = 1. G->P is the mirror image: same multiset.
		// Pooled: 8 zeros, 8 ones, 8 twos; h = 23 * 0.95 = 21.85 between a[21] = a[22] = 2 -> HD95 = 2.
		// Class 2 is only in the truth, class 3 only in the prediction, class 4 in neither.
		final int[] dims = { 10, 10, 1 };
		final int[] g = new int[100];
		final int[] p = new int[100];
		box(g, dims, 1, 2, 5, 2, 5, 0, 0);
		box(p, dims, 1, 4, 7, 2, 5, 0, 0);
		box(g, dims, 2, 0, 1, 8, 9, 0, 0); // 4 voxels
		box(p, dims, 3, 8, 9, 8, 8, 0, 0); // 2 voxels
		final List<ClassMetrics> m = SegmentationMetrics.compute(img(p, 10, 10), img(g, 10, 10), 5);
		assertEquals(4, m.size());

		final ClassMetrics c1 = m.get(0);
		assertEquals(1, c1.classIndex());
		assertEquals(Status.OK, c1.status());
		assertEquals(0.5, c1.dice(), EPS);
		assertEquals(2.0, c1.hd95(), EPS);
		assertEquals(1.0, c1.asd(), EPS);
		assertEquals(16, c1.predictedVoxels());
		assertEquals(16, c1.truthVoxels());
		assertEquals(8, c1.intersectionVoxels());

		final ClassMetrics c2 = m.get(1);
		assertEquals(2, c2.classIndex());
		assertEquals(Status.EMPTY_PREDICTION, c2.status());
		assertEquals(0.0, c2.dice(), 0);
		assertTrue(Double.isNaN(c2.hd95()));
		assertTrue(Double.isNaN(c2.asd()));
		assertEquals(0, c2.predictedVoxels());
		assertEquals(4, c2.truthVoxels());

		final ClassMetrics c3 = m.get(2);
		assertEquals(Status.EMPTY_TRUTH, c3.status());
		assertEquals(0.0, c3.dice(), 0);
		assertTrue(Double.isNaN(c3.hd95()));
		assertTrue(Double.isNaN(c3.asd()));
		assertEquals(2, c3.predictedVoxels());
		assertEquals(0, c3.truthVoxels());

		final ClassMetrics c4 = m.get(3);
		assertEquals(4, c4.classIndex());
		assertEquals(Status.BOTH_EMPTY, c4.status());
		assertEquals(1.0, c4.dice(), 0);
		assertEquals(0.0, c4.hd95(), 0);
		assertEquals(0.0, c4.asd(), 0);
	}

	@Test
	void handCheckedTwoCubesOffsetByTwo3DWithSpacing() {
		// 7x5x5 image. G: class 1 on the 3x3x3 cube x 1..3, y 1..3, z 1..3; P: shifted by 2 in x (x 3..5).
		// |P| = |G| = 27, |P∩G| = 9 (plane x = 3) -> Dice = 18/54 = 1/3.
		// Surfaces: 26 voxels each (all but the centre).
		// P->G: plane x=3: 9 voxels on G's face -> 0; plane x=4: 8 ring voxels -> 1; plane x=5: 9 voxels -> 2.
		// ASD = (8 + 18) / 26 = 1. G->P mirrors it. Pooled: 18 zeros, 16 ones, 18 twos;
		// h = 51 * 0.95 = 48.45, a[48] = a[49] = 2 -> HD95 = 2.
		// With spacing (2, 0.5, 0.5): every nearest voxel is straight along x (any other surface voxel is at
		// least as far in x), so all distances double: ASD = 2, HD95 = 4.
		final int[] dims = { 7, 5, 5 };
		final int[] g = new int[175];
		final int[] p = new int[175];
		box(g, dims, 1, 1, 3, 1, 3, 1, 3);
		box(p, dims, 1, 3, 5, 1, 3, 1, 3);
		final ClassMetrics c = SegmentationMetrics.compute(img(p, 7, 5, 5), img(g, 7, 5, 5), 2).get(0);
		assertEquals(Status.OK, c.status());
		assertEquals(1.0 / 3, c.dice(), EPS);
		assertEquals(2.0, c.hd95(), EPS);
		assertEquals(1.0, c.asd(), EPS);
		assertEquals(9, c.intersectionVoxels());

		final ClassMetrics s = SegmentationMetrics.compute(p, g, dims, 2, new double[] { 2, 0.5, 0.5 }).get(0);
		assertEquals(1.0 / 3, s.dice(), EPS);
		assertEquals(4.0, s.hd95(), EPS);
		assertEquals(2.0, s.asd(), EPS);
	}

	@Test
	void handCheckedBumpOnCube3D() {
		// 7x7x7 image. G: 3x3x3 cube at 1..3; P: the same cube plus the voxel (4,2,2) on its x face.
		// Dice = 2*27 / (28 + 27) = 54/55.
		// In P, (3,2,2) becomes interior (its +x neighbour is the bump) and the bump is surface: 26 surface voxels.
		// P->G: 25 voxels on G's surface -> 0, the bump -> 1 (to (3,2,2)); ASD = 1/26.
		// G->P: 25 -> 0, (3,2,2) -> 1. Pooled: 50 zeros, 2 ones; h = 51 * 0.95 = 48.45, a[48] = a[49] = 0 -> 0.
		final int[] dims = { 7, 7, 7 };
		final int[] g = new int[343];
		box(g, dims, 1, 1, 3, 1, 3, 1, 3);
		final int[] p = g.clone();
		p[4 + 7 * (2 + 7 * 2)] = 1;
		final ClassMetrics c = SegmentationMetrics.compute(p, g, dims, 2, null).get(0);
		assertEquals(54.0 / 55, c.dice(), EPS);
		assertEquals(0.0, c.hd95(), EPS);
		assertEquals(1.0 / 26, c.asd(), EPS);
		// swapping the roles: ASD(G, P) = 1/26 as well, HD95 is symmetric
		final ClassMetrics r = SegmentationMetrics.compute(g, p, dims, 2, null).get(0);
		assertEquals(1.0 / 26, r.asd(), EPS);
		assertEquals(0.0, r.hd95(), EPS);
	}

	@Test
	void handCheckedInterpolatedHd95In3D() {
		// 6x3x3 image, G = {(1,1,1)}, P = {(1,1,1), (4,1,1)}: P->G = [0, 3], G->P = [0];
		// pooled [0, 0, 3] -> HD95 = 2.7 (numpy linear interpolation), ASD = 1.5, Dice = 2/3
		final int[] dims = { 6, 3, 3 };
		final int[] g = new int[54];
		final int[] p = new int[54];
		g[1 + 6 * (1 + 3)] = 1;
		p[1 + 6 * (1 + 3)] = 1;
		p[4 + 6 * (1 + 3)] = 1;
		final ClassMetrics c = SegmentationMetrics.compute(p, g, dims, 2, null).get(0);
		assertEquals(2.0 / 3, c.dice(), EPS);
		assertEquals(2.7, c.hd95(), EPS);
		assertEquals(1.5, c.asd(), EPS);
	}

	@Test
	void allEmptyVolumeReportsEveryClassWithoutException() {
		final int[] zeros = new int[24];
		final List<ClassMetrics> m = SegmentationMetrics.compute(zeros, zeros, new int[] { 2, 3, 4 }, 4, null);
		assertEquals(3, m.size());
		for (int c = 0; c < 3; c++) {
			assertEquals(c + 1, m.get(c).classIndex());
			assertEquals(Status.BOTH_EMPTY, m.get(c).status());
			assertEquals(1.0, m.get(c).dice(), 0);
			assertEquals(0.0, m.get(c).hd95(), 0);
			assertEquals(0.0, m.get(c).asd(), 0);
		}
	}

	@Test
	void matchesBruteForceOnRandomMultiClassVolumes() {
		final Random r = new Random(11);
		final int numClasses = 4;
		int ok = 0;
		for (int trial = 0; trial < 40; trial++) {
			final int[] dims = { 2 + r.nextInt(6), 2 + r.nextInt(6), 1 + r.nextInt(5) };
			final int n = BruteForce.size(dims);
			final int[] p = new int[n];
			final int[] g = new int[n];
			for (int i = 0; i < n; i++) {
				p[i] = r.nextInt(numClasses);
				g[i] = r.nextDouble() < 0.5 ? p[i] : r.nextInt(numClasses);
			}
			final double[] spacing = trial % 2 == 0 ? null : new double[] { 1.25, 1.25, 3 + 7 * r.nextDouble() };
			final List<ClassMetrics> m = SegmentationMetrics.compute(p, g, dims, numClasses, spacing);
			for (int c = 1; c < numClasses; c++) {
				final boolean[] pm = new boolean[n];
				final boolean[] gm = new boolean[n];
				long inter = 0;
				for (int i = 0; i < n; i++) {
					pm[i] = p[i] == c;
					gm[i] = g[i] == c;
					if (pm[i] && gm[i]) inter++;
				}
				final ClassMetrics cm = m.get(c - 1);
				assertEquals(c, cm.classIndex());
				assertEquals(inter, cm.intersectionVoxels());
				if (BruteForce.any(pm) && BruteForce.any(gm)) {
					assertEquals(Status.OK, cm.status());
					assertEquals(2.0 * inter / (cm.predictedVoxels() + cm.truthVoxels()), cm.dice(), EPS);
					assertEquals(BruteForce.hd95(pm, gm, dims, spacing), cm.hd95(), EPS);
					assertEquals(BruteForce.asd(pm, gm, dims, spacing), cm.asd(), EPS);
					ok++;
				}
			}
		}
		assertTrue(ok >= 100, "only " + ok + " classes with both sides non-empty");
	}

	@Test
	void imageAndArrayEntryPointsAgreeForAnyIntegerTypeAndOrigin() {
		final Random r = new Random(5);
		final int[] dims = { 9, 7, 4 };
		final int n = 252;
		final int[] p = new int[n];
		final int[] g = new int[n];
		for (int i = 0; i < n; i++) {
			p[i] = r.nextInt(3);
			g[i] = r.nextInt(3);
		}
		final List<ClassMetrics> fromArrays = SegmentationMetrics.compute(p, g, dims, 3, new double[] { 1, 2, 3 });
		final long[] pl = new long[n];
		for (int i = 0; i < n; i++)
			pl[i] = p[i];
		// a LongType image translated to a non-zero origin, against an unsigned byte image at the origin
		final RandomAccessibleInterval<LongType> pImg = Views.translate(ArrayImgs.longs(pl, 9, 7, 4), 5, -3, 2);
		final ArrayImg<UnsignedByteType, ByteArray> gImg = (ArrayImg<UnsignedByteType, ByteArray>) img(g, 9, 7, 4);
		final List<ClassMetrics> fromImages = SegmentationMetrics.compute(pImg, gImg, 3, new double[] { 1, 2, 3 });
		assertEquals(2, fromImages.size());
		for (int c = 0; c < 2; c++) {
			assertEquals(fromArrays.get(c).dice(), fromImages.get(c).dice(), 0);
			assertEquals(fromArrays.get(c).hd95(), fromImages.get(c).hd95(), 0);
			assertEquals(fromArrays.get(c).asd(), fromImages.get(c).asd(), 0);
			assertEquals(fromArrays.get(c).predictedVoxels(), fromImages.get(c).predictedVoxels());
		}
		// the copy follows flat iteration order (x fastest)
		assertEquals(p[1 + 9 * (2 + 7 * 3)], SegmentationMetrics.toLabelArray(pImg, 3, "p")[1 + 9 * (2 + 7 * 3)]);
		assertTrue(fromArrays.get(0).dice() > 0 && fromArrays.get(0).dice() < 1);
	}

	@Test
	void mismatchedShapesNameBothShapes() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics
			.compute(ArrayImgs.unsignedBytes(4, 5), ArrayImgs.unsignedBytes(5, 4), 3));
		assertTrue(e.getMessage().contains("[4, 5]") && e.getMessage().contains("[5, 4]"), e.getMessage());
		final IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics
			.compute(ArrayImgs.unsignedBytes(4, 5), ArrayImgs.unsignedBytes(4, 5, 1), 3));
		assertTrue(e3.getMessage().contains("[4, 5]") && e3.getMessage().contains("[4, 5, 1]"), e3.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics.compute(new int[20], new int[21],
			new int[] { 4, 5 }, 3, null));
	}

	@Test
	void outOfRangeLabelsAreNamed() {
		final int[] labels = new int[12];
		labels[7] = 3;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics
			.compute(img(labels, 4, 3), ArrayImgs.unsignedBytes(4, 3), 3));
		assertTrue(e.getMessage().contains("label 3") && e.getMessage().contains("prediction"), e.getMessage());

		final long[] neg = new long[12];
		neg[2] = -1;
		final IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics
			.compute(ArrayImgs.unsignedBytes(4, 3), ArrayImgs.longs(neg, 4, 3), 3));
		assertTrue(e2.getMessage().contains("label -1") && e2.getMessage().contains("truth"), e2.getMessage());

		final int[] big = new int[12];
		big[0] = 255;
		final IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics
			.compute(new int[12], big, new int[] { 4, 3 }, 4, null));
		assertTrue(e3.getMessage().contains("label 255"), e3.getMessage());
	}

	@Test
	void rejectsBadClassCountAndSpacing() {
		assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics.compute(new int[4], new int[4],
			new int[] { 2, 2 }, 1, null));
		assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics.compute(new int[4], new int[4],
			new int[] { 2, 2 }, 2, new double[] { 1, 1, 1 }));
	}

	/**
	 * An ACDC-sized volume (10 slices of 256x216, 4 classes) with heart-like
	 * nested ellipses; the prediction is the truth shifted by 2 voxels with
	 * speckle: every class is found, partly overlapping, at a positive
	 * distance. (Speed is measured by the benchmarks, not asserted here.)
	 */
	@Test
	void acdcSizedVolume() {
		final int nx = 216, ny = 256, nz = 10;
		final int[] g = new int[nx * ny * nz];
		final int[] p = new int[g.length];
		final Random r = new Random(1);
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					g[i] = heart(x, y, z);
					p[i] = r.nextInt(200) == 0 ? r.nextInt(4) : heart(x - 2, y + 1, z);
				}
		final List<ClassMetrics> m = SegmentationMetrics.compute(img(p, nx, ny, nz), img(g, nx, ny, nz), 4, new double[] { 1.5, 1.5, 10 });
		assertEquals(3, m.size());
		for (final ClassMetrics c : m) {
			assertEquals(Status.OK, c.status());
			assertTrue(c.dice() > 0.5 && c.dice() < 1, c.toString());
			assertTrue(c.hd95() > 0 && c.asd() > 0, c.toString());
		}
	}

	/** 0 background, 1 right ventricle, 2 myocardium ring, 3 left ventricle cavity; apex shrinks with z. */
	private static int heart(final int x, final int y, final int z) {
		final double scale = 1 - 0.06 * z;
		final double lx = (x - 120) / (30.0 * scale), ly = (y - 128) / (34.0 * scale);
		final double lv = lx * lx + ly * ly;
		if (lv <= 1) return 3;
		final double mx = (x - 120) / (40.0 * scale), my = (y - 128) / (44.0 * scale);
		if (mx * mx + my * my <= 1) return 2;
		final double rx = (x - 75) / (28.0 * scale), ry = (y - 125) / (45.0 * scale);
		if (rx * rx + ry * ry <= 1) return 1;
		return 0;
	}
}
