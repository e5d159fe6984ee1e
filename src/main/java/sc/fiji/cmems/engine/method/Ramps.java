package sc.fiji.cmems.engine.method;

/** Weights that grow over a run, shared by the methods. */
final class Ramps {

	private Ramps() {}

	/** SSL4MIS's sigmoid ramp-up: {@code exp(-5 (1 - t/T)^2)} for {@code t < T}, 1 from {@code T} on (and for {@code T <= 0}). */
	static double sigmoid(final double t, final double length) {
		if (length <= 0) return 1;
		final double phase = 1 - Math.min(t, length) / length;
		return Math.exp(-5 * phase * phase);
	}
}
