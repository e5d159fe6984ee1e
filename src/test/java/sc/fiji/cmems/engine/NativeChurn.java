package sc.fiji.cmems.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the JVM free the direct buffers that nothing references any more and
 * reuses their memory with a poison value: what a long training run does by
 * chance, made certain. On the CPU, DJL's PyTorch engine wraps the memory of a
 * Java direct buffer for every array made from Java data ({@code create},
 * and the scalars of {@code mul(Number)} and the like); once the array's
 * handle is closed, PyTorch may still read that memory (autograd saved the
 * tensor for the backward pass, or a view of it lives on). Run this between a
 * forward and a backward pass: any such read then sees the poison.
 */
public final class NativeChurn {

	/** The value written into reused memory: any gradient that reads it is off by orders of magnitude. */
	public static final float POISON = 1e30f;

	private NativeChurn() {}

	/** Collects garbage until the freed buffers' memory is released, then allocates and poisons small buffers. */
	public static void run() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			try {
				Thread.sleep(20); // the cleaner thread frees the native memory of collected buffers
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		final List<ByteBuffer> poisoned = new ArrayList<>();
		for (final int floats : new int[] { 1, 4, 16, 64, 256, 1024 })
			for (int k = 0; k < 400; k++) {
				final ByteBuffer b = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
				for (int j = 0; j < floats; j++) b.putFloat(4 * j, POISON);
				poisoned.add(b);
			}
		if (poisoned.isEmpty()) throw new AssertionError();
	}
}
