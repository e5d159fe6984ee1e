package sc.fiji.cmems.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.integer.UnsignedByteType;

class CardiacPhantomTest {

	private static final int N = 200;
	private static final long SEED = 20260101L;
	private static final List<CardiacPhantom.Sample> SMALL = new ArrayList<>();
	private static final List<CardiacPhantom.Sample> LARGE = new ArrayList<>();

	@BeforeAll
	static void generate() {
		CardiacPhantom phantom = new CardiacPhantom(SEED);
		for (int i = 0; i < N; i++) {
			SMALL.add(phantom.sample(i, 64, 64));
			LARGE.add(phantom.sample(i, 128, 128));
		}
	}

	// --- determinism ---

	@Test
	void sameSeedAndIndexGiveIdenticalPixels() {
		CardiacPhantom a = new CardiacPhantom(99);
		CardiacPhantom b = new CardiacPhantom(99);
		for (int i : new int[] { 0, 1, 17, -5, 123456 }) {
			CardiacPhantom.Sample sa = a.sample(i, 96, 80);
			CardiacPhantom.Sample sb = b.sample(i, 96, 80);
			assertArrayEquals(sa.imageData(), sb.imageData(), "image " + i);
			assertArrayEquals(sa.labelData(), sb.labelData(), "labels " + i);
		}
	}

	@Test
	void differentIndicesAndSeedsGiveDifferentImages() {
		CardiacPhantom a = new CardiacPhantom(99);
		float[] i0 = a.sample(0, 64, 64).imageData();
		float[] i1 = a.sample(1, 64, 64).imageData();
		float[] other = new CardiacPhantom(100).sample(0, 64, 64).imageData();
		assertTrue(fractionDifferent(i0, i1) > 0.9, "index 0 vs 1");
		assertTrue(fractionDifferent(i0, other) > 0.9, "seed 99 vs 100");
		assertFalse(java.util.Arrays.equals(a.sample(0, 64, 64).labelData(), a.sample(1, 64, 64)
			.labelData()), "labels of index 0 vs 1");
	}

	@Test
	void sampleDoesNotDependOnGenerationOrder() {
		CardiacPhantom a = new CardiacPhantom(5);
		for (int i = 0; i < 10; i++) {
			a.sample(i, 64, 64);
		}
		CardiacPhantom.Sample late = a.sample(7, 64, 64);
		CardiacPhantom.Sample fresh = new CardiacPhantom(5).sample(7, 64, 64);
		assertArrayEquals(fresh.imageData(), late.imageData());
		assertArrayEquals(fresh.labelData(), late.labelData());
	}

	@Test
	void anatomyDoesNotDependOnResolution() {
		// Same parameters at any size: the LV covers the same fraction of the image
		for (int i = 0; i < 20; i++) {
			double f64 = SMALL.get(i).count(CardiacPhantom.LV) / (64.0 * 64);
			double f128 = LARGE.get(i).count(CardiacPhantom.LV) / (128.0 * 128);
			assertEquals(f128, f64, 0.25 * f128 + 0.002, "LV fraction of sample " + i);
			assertEquals(SMALL.get(i).lvCentreX() / 64, LARGE.get(i).lvCentreX() / 128, 0.02);
		}
	}

	// --- labels ---

	@Test
	void imagesAndLabelsHaveTheRequestedShape() {
		CardiacPhantom.Sample s = new CardiacPhantom(1).sample(3, 96, 72);
		assertEquals(2, s.image().numDimensions());
		assertEquals(96, s.image().dimension(0));
		assertEquals(72, s.image().dimension(1));
		assertEquals(96, s.labels().dimension(0));
		assertEquals(72, s.labels().dimension(1));
		assertEquals(1, s.depth());
		// The imglib2 view and the backing array agree (x fastest)
		Cursor<UnsignedByteType> c = s.labels().localizingCursor();
		byte[] data = s.labelData();
		while (c.hasNext()) {
			c.fwd();
			assertEquals(data[c.getIntPosition(1) * 96 + c.getIntPosition(0)] & 0xff, c.get().get());
		}
		assertThrows(IllegalArgumentException.class, () -> new CardiacPhantom(1).sample(0, 8, 64));
	}

	@Test
	void everySampleHasAllFourLabelsInSensibleAmounts() {
		checkCounts(SMALL, 64);
		checkCounts(LARGE, 128);
	}

	private static void checkCounts(List<CardiacPhantom.Sample> samples, int size) {
		double scale = size * size / (64.0 * 64.0);
		for (CardiacPhantom.Sample s : samples) {
			long[] c = counts(s.labelData());
			String what = size + "px sample " + s.index() + " counts " + java.util.Arrays.toString(c);
			assertTrue(c[CardiacPhantom.RV] >= 20 * scale, what);
			assertTrue(c[CardiacPhantom.MYO] >= 30 * scale, what);
			assertTrue(c[CardiacPhantom.LV] >= 30 * scale, what);
			// The heart is a part of the image, not all of it
			long heart = c[1] + c[2] + c[3];
			assertTrue(heart <= 0.3 * size * size, what);
			assertTrue(c[CardiacPhantom.BACKGROUND] >= 0.6 * size * size, what);
		}
	}

	@Test
	void ringClosesThePoolAndCrescentTouchesTheRing() {
		for (List<CardiacPhantom.Sample> list : List.of(SMALL, LARGE)) {
			for (CardiacPhantom.Sample s : list) {
				checkTopology(s.labelData(), s.width(), s.height(), "sample " + s.index() + " at " + s
					.width());
			}
		}
	}

	static void checkTopology(byte[] l, int w, int h, String what) {
		boolean rvTouchesMyo = false;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int v = l[y * w + x];
				if (v == CardiacPhantom.LV) {
					// The pool never reaches the image border...
					assertTrue(x > 0 && y > 0 && x < w - 1 && y < h - 1, what + ": LV on border");
					// ...and never touches background or RV
					for (int n : neighbours(l, w, x, y)) {
						assertTrue(n == CardiacPhantom.LV || n == CardiacPhantom.MYO, what + ": LV at (" + x +
							"," + y + ") touches label " + n);
					}
				}
				if (v == CardiacPhantom.RV && !rvTouchesMyo && x > 0 && y > 0 && x < w - 1 && y < h - 1) {
					for (int n : neighbours(l, w, x, y)) {
						if (n == CardiacPhantom.MYO) rvTouchesMyo = true;
					}
				}
			}
		}
		assertTrue(rvTouchesMyo, what + ": RV never touches Myo");
	}

	private static int[] neighbours(byte[] l, int w, int x, int y) {
		int i = y * w + x;
		return new int[] { l[i - 1], l[i + 1], l[i - w], l[i + w] };
	}

	// --- variation ---

	@Test
	void shapePositionAndContrastVaryBetweenSamples() {
		int n = LARGE.size();
		double[] lvArea = new double[n], cx = new double[n], cy = new double[n];
		double[] bloodMean = new double[n], rvAngle = new double[n], myoFraction = new double[n];
		for (int k = 0; k < n; k++) {
			CardiacPhantom.Sample s = LARGE.get(k);
			byte[] l = s.labelData();
			float[] im = s.imageData();
			double[] sx = new double[4], sy = new double[4], si = new double[4];
			long[] c = new long[4];
			for (int y = 0; y < 128; y++) {
				for (int x = 0; x < 128; x++) {
					int i = y * 128 + x;
					int v = l[i];
					sx[v] += x;
					sy[v] += y;
					si[v] += im[i];
					c[v]++;
				}
			}
			lvArea[k] = c[3];
			cx[k] = sx[3] / c[3] / 128;
			cy[k] = sy[3] / c[3] / 128;
			bloodMean[k] = si[3] / c[3];
			rvAngle[k] = Math.atan2(sy[1] / c[1] - sy[3] / c[3], sx[1] / c[1] - sx[3] / c[3]);
			myoFraction[k] = c[2] / (double) (c[2] + c[3]);
		}
		// LV area: a factor of 3 or more between small and large hearts
		assertTrue(std(lvArea) / mean(lvArea) > 0.25, "LV area CV " + std(lvArea) / mean(lvArea));
		assertTrue(max(lvArea) / min(lvArea) > 3, "LV area range " + min(lvArea) + ".." + max(lvArea));
		// Heart centre moves by several pixels each way
		assertTrue(std(cx) > 0.03 && std(cy) > 0.03, "centre std " + std(cx) + ", " + std(cy));
		// Blood-pool brightness changes between images
		assertTrue(std(bloodMean) > 0.03 && max(bloodMean) - min(bloodMean) > 0.15, "LV mean " +
			min(bloodMean) + ".." + max(bloodMean) + " std " + std(bloodMean));
		// The RV sits at different places around the ring (circular spread of its direction)
		double cs = 0, sn = 0;
		for (double a : rvAngle) {
			cs += Math.cos(a);
			sn += Math.sin(a);
		}
		double resultant = Math.hypot(cs, sn) / n;
		assertTrue(resultant < 0.9, "RV direction too concentrated: R=" + resultant);
		// ...but mostly on the image-left side, as in real short-axis views
		assertTrue(cs / n < -0.3, "RV not mostly left of LV: " + cs / n);
		// Wall thickness relative to the cavity varies
		assertTrue(std(myoFraction) > 0.03 && max(myoFraction) - min(myoFraction) > 0.15,
			"myo fraction " + min(myoFraction) + ".." + max(myoFraction) + " std " + std(myoFraction));
	}

	@Test
	void settingsControlTheVariation() {
		CardiacPhantom fixed = new CardiacPhantom(PhantomSettings.builder().noVariation().build(), 3);
		double[] area = new double[40];
		for (int i = 0; i < area.length; i++) {
			area[i] = fixed.sample(i, 64, 64).count(CardiacPhantom.LV);
		}
		assertTrue(std(area) / mean(area) < 0.1, "LV area CV with noVariation " + std(area) / mean(
			area));
		PhantomSettings custom = PhantomSettings.builder().lvRadius(0.05, 0.06).build();
		assertEquals(0.05, custom.lvRadius().min());
		PhantomParameters p = new CardiacPhantom(custom, 1).parameters(4);
		assertTrue(p.lvRadius() >= 0.05 && p.lvRadius() <= 0.06);
		assertEquals(custom.lvRadius().max(), custom.toBuilder().build().lvRadius().max());
		assertThrows(IllegalArgumentException.class, () -> PhantomSettings.builder().lvRadius(0.2,
			0.1));
		assertThrows(IllegalArgumentException.class, () -> PhantomSettings.builder().noiseSigma(-1,
			0.1));
		assertThrows(IllegalArgumentException.class, () -> PhantomSettings.builder().supersampling(0));
	}

	@Test
	void parametersMatchTheSample() {
		CardiacPhantom phantom = new CardiacPhantom(SEED);
		for (int i = 0; i < 5; i++) {
			PhantomParameters drawn = phantom.parameters(i);
			PhantomParameters used = LARGE.get(i).parameters();
			assertEquals(drawn.toString(), used.toString());
			assertTrue(Double.isNaN(used.level()));
			// The drawn LV radius predicts the pool's area
			double expected = Math.PI * Math.pow(drawn.lvRadius() * 128, 2);
			double area = LARGE.get(i).count(CardiacPhantom.LV);
			assertEquals(expected, area, 0.35 * expected, "sample " + i);
		}
	}

	// --- intensities ---

	@Test
	void intensitiesAreFiniteInUnitRangeAndStructuresDistinguishable() {
		for (List<CardiacPhantom.Sample> list : List.of(SMALL, LARGE)) {
			for (CardiacPhantom.Sample s : list) {
				float[] im = s.imageData();
				byte[] l = s.labelData();
				double[] sum = new double[4];
				long[] c = new long[4];
				float lo = 1, hi = 0;
				for (int i = 0; i < im.length; i++) {
					float v = im[i];
					assertTrue(Float.isFinite(v) && v >= 0 && v <= 1, "value " + v);
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
					sum[l[i]] += v;
					c[l[i]]++;
				}
				String what = "sample " + s.index() + " at " + s.width();
				// Uses the range: not a flat or saturated image
				assertTrue(hi > 0.9 && lo < 0.2, what + ": range " + lo + ".." + hi);
				double lv = sum[3] / c[3], myo = sum[2] / c[2], rv = sum[1] / c[1];
				assertTrue(lv > myo + 0.1, what + ": LV " + lv + " vs Myo " + myo);
				assertTrue(rv > myo + 0.1, what + ": RV " + rv + " vs Myo " + myo);
			}
		}
	}

	@Test
	void backgroundIsClutteredNotEmpty() {
		// Bright things other than the heart: fat, vessels, CSF
		int withBrightClutter = 0;
		for (CardiacPhantom.Sample s : LARGE) {
			float[] im = s.imageData();
			byte[] l = s.labelData();
			double lvMean = 0;
			long lvCount = 0;
			for (int i = 0; i < im.length; i++) {
				if (l[i] == CardiacPhantom.LV) {
					lvMean += im[i];
					lvCount++;
				}
			}
			lvMean /= lvCount;
			long bright = 0;
			for (int i = 0; i < im.length; i++) {
				if (l[i] == CardiacPhantom.BACKGROUND && im[i] > 0.7 * lvMean) bright++;
			}
			if (bright > 100) withBrightClutter++;
		}
		assertTrue(withBrightClutter > 0.8 * LARGE.size(), "only " + withBrightClutter +
			" images have bright background structures");
	}

	// --- volumes ---

	@Test
	void volumeGoesFromBaseToApex() {
		CardiacPhantom phantom = new CardiacPhantom(11);
		for (int index = 0; index < 8; index++) {
			CardiacPhantom.Sample v = phantom.volume(index, 64, 64, 10);
			assertEquals(3, v.image().numDimensions());
			assertEquals(10, v.depth());
			assertEquals(10, v.labels().dimension(2));
			assertEquals(10, v.sliceParameters().size());
			int n = 64 * 64;
			byte[] l = v.labelData();
			float[] im = v.imageData();
			for (float f : im) {
				assertTrue(Float.isFinite(f) && f >= 0 && f <= 1);
			}
			long[] base = counts(java.util.Arrays.copyOfRange(l, 0, n));
			long[] apex = counts(java.util.Arrays.copyOfRange(l, 9 * n, 10 * n));
			for (int k = 1; k < 4; k++) {
				assertTrue(base[k] > 0, "base slice lacks label " + k);
			}
			assertEquals(0, apex[CardiacPhantom.RV], "RV at the apex");
			assertTrue(apex[3] + apex[2] < base[3] + base[2], "apex not smaller");
			// LV shrinks monotonically (allowing one pixel of rasterisation noise)
			long previous = Long.MAX_VALUE / 2;
			for (int z = 0; z < 10; z++) {
				long lv = counts(java.util.Arrays.copyOfRange(l, z * n, (z + 1) * n))[3];
				assertTrue(lv <= previous + 2, "LV grows at slice " + z);
				previous = lv;
				checkTopologyIfRv(java.util.Arrays.copyOfRange(l, z * n, (z + 1) * n), 64, 64,
					"volume " + index + " slice " + z);
			}
		}
		// Deterministic too
		assertArrayEquals(phantom.volume(2, 48, 48, 4).imageData(), new CardiacPhantom(11).volume(2,
			48, 48, 4).imageData());
	}

	private static void checkTopologyIfRv(byte[] l, int w, int h, String what) {
		if (counts(l)[CardiacPhantom.RV] > 0) {
			checkTopology(l, w, h, what);
		}
	}

	// --- helpers ---

	private static long[] counts(byte[] l) {
		long[] c = new long[4];
		for (byte b : l) {
			c[b]++;
		}
		return c;
	}

	private static double fractionDifferent(float[] a, float[] b) {
		int d = 0;
		for (int i = 0; i < a.length; i++) {
			if (a[i] != b[i]) d++;
		}
		return d / (double) a.length;
	}

	private static double mean(double[] v) {
		double s = 0;
		for (double x : v) {
			s += x;
		}
		return s / v.length;
	}

	private static double std(double[] v) {
		double m = mean(v), s = 0;
		for (double x : v) {
			s += (x - m) * (x - m);
		}
		return Math.sqrt(s / v.length);
	}

	private static double min(double[] v) {
		double m = Double.POSITIVE_INFINITY;
		for (double x : v) {
			m = Math.min(m, x);
		}
		return m;
	}

	private static double max(double[] v) {
		double m = Double.NEGATIVE_INFINITY;
		for (double x : v) {
			m = Math.max(m, x);
		}
		return m;
	}
}
