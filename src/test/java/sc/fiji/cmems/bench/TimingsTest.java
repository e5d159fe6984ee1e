package sc.fiji.cmems.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Order statistics of timings. */
class TimingsTest {

	@Test
	void quantilesAreNearestRank() {
		final Timings t = new Timings();
		for (final double v : new double[] { 5, 1, 4, 2, 3, 10, 9, 8, 7, 6 }) t.add(v);
		assertEquals(1, t.min(), 0);
		assertEquals(5.5, t.median(), 1e-12);
		assertEquals(9, t.p90(), 0);
		assertEquals(10, t.max(), 0);
		t.add(11);
		assertEquals(6, t.median(), 0, "odd count: the middle value");
		assertEquals(10, t.p90(), 0);
		assertTrue(Double.isNaN(new Timings().p90()));
	}
}
