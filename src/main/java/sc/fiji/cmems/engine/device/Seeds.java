package sc.fiji.cmems.engine.device;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Derived random seeds. Every random stream of a training run is a pure
 * function of the run's seed and a position (iteration, network, purpose), so
 * a run resumed at iteration {@code t} draws exactly what an uninterrupted run
 * draws there, and no generator state needs to be saved.
 */
public final class Seeds {

	private Seeds() {}

	/** @return a well-mixed 64-bit seed derived from {@code seed} and the given parts (SplitMix64 finaliser) */
	public static long derive(final long seed, final long... parts) {
		long h = mix(seed ^ 0x9E3779B97F4A7C15L);
		for (final long p : parts) h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
		return h;
	}

	/** Seeds PyTorch's generator (dropout, feature noise, random initialisation) on every device. */
	public static void seedEngine(final long seed) {
		Djl.engine();
		JniUtils.setSeed(seed & Long.MAX_VALUE);
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
