package sc.fiji.cmems.engine.method;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * CAML's memory bank: for each labeled sample of the batch (a slot), the embeddings of its pixels that both networks
 * labeled correctly at the last visit, with their classes. The original keeps one entry per labeled volume; here a slot
 * is a position of the labeled batch (exemplar copies and synthetic samples), so that one labeled slice fills several.
 */
final class CamlMemory {

	private static final int MAX_SLOTS = 4096, MAX_ROWS = 1 << 24;

	private final int width;
	private float[][] features = new float[0][];
	private int[][] classes = new int[0][];

	/** @param width the embeddings' width */
	CamlMemory(final int width) {
		this.width = width;
	}

	/** Replaces slot {@code slot}'s entries with {@code rows} embeddings ({@code rows * width} values) of {@code labels}. */
	void store(final int slot, final float[] embeddings, final int[] labels) {
		if (embeddings.length != labels.length * width) throw new IllegalArgumentException(labels.length + " labels for " + embeddings.length + " values of width " + width);
		if (slot >= features.length) {
			features = java.util.Arrays.copyOf(features, slot + 1);
			classes = java.util.Arrays.copyOf(classes, slot + 1);
		}
		features[slot] = embeddings;
		classes[slot] = labels;
	}

	/**
	 * @return {@code perClass} embeddings drawn without replacement for each class that has at least as many stored,
	 *         class after class, as rows of {@code width} values; empty when no class has enough
	 */
	float[] sample(final int classCount, final int perClass, final SplittableRandom random) {
		int total = 0;
		final int[] count = new int[classCount];
		for (final int[] slot : classes) if (slot != null) for (final int c : slot) count[c]++;
		for (final int c : count) if (c >= perClass) total += perClass;
		final float[] out = new float[total * width];
		int at = 0;
		for (int c = 0; c < classCount; c++) {
			if (count[c] < perClass) continue;
			final int[] rows = new int[count[c]];
			int n = 0;
			for (int s = 0; s < classes.length; s++)
				if (classes[s] != null) for (int r = 0; r < classes[s].length; r++) if (classes[s][r] == c) rows[n++] = s * MAX_ROWS + r;
			for (int i = 0; i < perClass; i++) { // partial Fisher-Yates: the first perClass of a random permutation
				final int j = i + random.nextInt(n - i);
				final int t = rows[i];
				rows[i] = rows[j];
				rows[j] = t;
				System.arraycopy(features[rows[i] / MAX_ROWS], (rows[i] % MAX_ROWS) * width, out, at, width);
				at += width;
			}
		}
		return out;
	}

	/** @return the stored embeddings of each class */
	int[] counts(final int classCount) {
		final int[] count = new int[classCount];
		for (final int[] slot : classes) if (slot != null) for (final int c : slot) count[c]++;
		return count;
	}

	byte[] toBytes() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(width);
			out.writeInt(features.length);
			for (int s = 0; s < features.length; s++) {
				final int rows = classes[s] == null ? -1 : classes[s].length;
				out.writeInt(rows);
				for (int r = 0; r < rows; r++) out.writeInt(classes[s][r]);
				for (int i = 0; rows > 0 && i < features[s].length; i++) out.writeFloat(features[s][i]);
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory failed", e);
		}
		return bytes.toByteArray();
	}

	/** Restores {@link #toBytes()}, checking every count against the bytes there are. */
	void load(final byte[] bytes, final int classCount) throws IOException {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			if (in.readInt() != width) throw new IOException("the memory bank's embeddings are not " + width + " wide");
			final int slots = in.readInt();
			if (slots < 0 || slots > MAX_SLOTS) throw new IOException("the memory bank has " + slots + " slots");
			final float[][] f = new float[slots][];
			final int[][] c = new int[slots][];
			for (int s = 0; s < slots; s++) {
				final int rows = in.readInt();
				if (rows < 0) continue;
				if ((long) rows * (4 + 4L * width) > in.available() || rows > MAX_ROWS) throw new IOException("the memory bank's slot " + s + " claims more rows than it holds");
				c[s] = new int[rows];
				for (int r = 0; r < rows; r++) {
					c[s][r] = in.readInt();
					if (c[s][r] < 0 || c[s][r] >= classCount) throw new IOException("the memory bank holds class " + c[s][r]);
				}
				f[s] = new float[rows * width];
				for (int i = 0; i < f[s].length; i++) f[s][i] = in.readFloat();
			}
			if (in.available() > 0) throw new IOException("the memory bank has bytes after its end");
			features = f;
			classes = c;
		}
	}
}
