package sc.fiji.cmems.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Deterministic mutants of a seed file: mutant {@code i} of a seed is always
 * the same bytes. Three kinds, in turn: a truncation, a few flipped bytes, and
 * an extreme value (0, 1, -1, 2^31-1, 2^31, 2^32-1, 2^16-1, the file length,
 * the position itself) written over 2, 4 or 8 bytes in either byte order, most
 * often in the first kilobytes, where headers and directories are.
 */
public final class Mutations {

	/** The kinds of mutation, in the order mutant numbers cycle through them. */
	public enum Kind {
		TRUNCATE, FLIP_BYTES, EXTREME_VALUE
	}

	private Mutations() {}

	/** @return the kind of mutant {@code index} */
	public static Kind kind(final long index) {
		return Kind.values()[(int) (index % Kind.values().length)];
	}

	/**
	 * @param seed the original bytes (not changed)
	 * @param index which mutant; the same index gives the same mutant
	 * @param hot the length of the region most mutations go to (a header), or 0 for the whole file
	 */
	public static byte[] mutate(final byte[] seed, final long index, final int hot) {
		final Random random = new Random(0x9E3779B97F4A7C15L * (index + 1));
		switch (kind(index)) {
			case TRUNCATE:
				return Arrays.copyOf(seed, random.nextInt(Math.max(1, seed.length - 1)) + (random.nextBoolean() ? 0 : 1));
			case FLIP_BYTES: {
				final byte[] out = seed.clone();
				final int n = 1 + random.nextInt(8);
				for (int k = 0; k < n; k++) {
					final int at = position(random, seed.length, hot, 1);
					out[at] = (byte) (random.nextBoolean() ? out[at] ^ (1 << random.nextInt(8)) : random.nextInt(256));
				}
				return out;
			}
			default: {
				final byte[] out = seed.clone();
				final int width = new int[] { 2, 4, 4, 8 }[random.nextInt(4)];
				if (seed.length < width) return Arrays.copyOf(seed, seed.length / 2);
				final int at = position(random, seed.length, hot, width);
				final long[] extremes = { 0, 1, -1, Integer.MAX_VALUE, 1L << 31, 0xffffffffL, 0xffff, 0x7fff, seed.length, at, Long.MAX_VALUE };
				final long value = extremes[random.nextInt(extremes.length)];
				final ByteBuffer b = ByteBuffer.wrap(out).order(random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
				if (width == 2) b.putShort(at, (short) value);
				else if (width == 4) b.putInt(at, (int) value);
				else b.putLong(at, value);
				return out;
			}
		}
	}

	/** A position for a {@code width}-byte change: three times in four inside the hot region. */
	private static int position(final Random random, final int length, final int hot, final int width) {
		final int region = hot > 0 && random.nextInt(4) != 0 ? Math.min(hot, length) : length;
		return random.nextInt(Math.max(1, region - width + 1));
	}
}
