package sc.fiji.cmems.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** CAML's memory bank: what it draws, and what it reads back. */
class CamlMemoryTest {

	/** Slot 0: rows 0..4 of class 1 and 5..6 of class 2; slot 1: rows of class 1 and 0. Row r has values (r, -r). */
	private static CamlMemory filled() {
		final CamlMemory memory = new CamlMemory(2);
		memory.store(0, values(0, 7), new int[] { 1, 1, 1, 1, 1, 2, 2 });
		memory.store(1, values(7, 3), new int[] { 1, 0, 0 });
		return memory;
	}

	private static float[] values(final int from, final int rows) {
		final float[] v = new float[2 * rows];
		for (int r = 0; r < rows; r++) {
			v[2 * r] = from + r;
			v[2 * r + 1] = -(from + r);
		}
		return v;
	}

	@Test
	void drawsDistinctRowsOfEachClassThatHasEnough() {
		final CamlMemory memory = filled();
		assertArrayEquals(new int[] { 2, 6, 2 }, memory.counts(3));
		final float[] drawn = memory.sample(3, 2, new SplittableRandom(4));
		assertEquals(3 * 2 * 2, drawn.length, "two rows of each of the three classes");
		final float[][] allowed = { { 8, 9 }, { 0, 1, 2, 3, 4, 7 }, { 5, 6 } };
		for (int c = 0; c < 3; c++) {
			final Set<Float> seen = new HashSet<>();
			for (int r = 0; r < 2; r++) {
				final float row = drawn[(2 * c + r) * 2];
				assertEquals(-row, drawn[(2 * c + r) * 2 + 1], "a row's values stay together");
				assertEquals(true, Arrays.binarySearch(allowed[c], row) >= 0, "row " + row + " is of class " + c);
				seen.add(row);
			}
			assertEquals(2, seen.size(), "drawn without replacement");
		}
		// three per class: class 1 alone has enough
		assertEquals(3 * 2, memory.sample(3, 3, new SplittableRandom(4)).length);
		assertEquals(0, memory.sample(3, 7, new SplittableRandom(4)).length);
	}

	@Test
	void aSlotIsReplacedAtItsNextVisit() {
		final CamlMemory memory = filled();
		memory.store(0, values(20, 1), new int[] { 0 });
		assertArrayEquals(new int[] { 3, 1, 0 }, memory.counts(3));
	}

	@Test
	void readsBackWhatItWroteAndRefusesDamage() throws IOException {
		final CamlMemory memory = filled();
		final byte[] bytes = memory.toBytes();
		final CamlMemory back = new CamlMemory(2);
		back.load(bytes, 3);
		assertArrayEquals(memory.counts(3), back.counts(3));
		assertArrayEquals(memory.sample(3, 2, new SplittableRandom(9)), back.sample(3, 2, new SplittableRandom(9)));
		assertThrows(IOException.class, () -> new CamlMemory(3).load(bytes, 3), "another width");
		assertThrows(IOException.class, () -> new CamlMemory(2).load(bytes, 2), "a class the model does not have");
		final byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
		assertThrows(IOException.class, () -> new CamlMemory(2).load(longer, 3), "bytes after the end");
		final byte[] claims = bytes.clone();
		claims[11] = 0x7f; // slot 0's row count
		assertThrows(IOException.class, () -> new CamlMemory(2).load(claims, 3), "more rows than the bytes hold");
	}
}
