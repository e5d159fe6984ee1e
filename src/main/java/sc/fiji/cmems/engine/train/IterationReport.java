package sc.fiji.cmems.engine.train;

import java.util.Collections;
import java.util.Map;

/**
 * The outcome of one iteration: the loss terms (named by the method, e.g.
 * {@code sup1}, {@code img1}, {@code feat1}, {@code w}), the learning rate,
 * timing, and per-class statistics (e.g. {@code pl1}: fraction of pixels that
 * are confident pseudo-labels of each class).
 */
public final class IterationReport {

	private final int iteration;
	private final int iterations;
	private final float loss;
	private final Map<String, Float> terms;
	private final Map<String, float[]> statistics;
	private final float learningRate;
	private final double elapsedSeconds;
	private final double remainingSeconds;

	public IterationReport(final int iteration, final int iterations, final float loss, final Map<String, Float> terms,
		final Map<String, float[]> statistics, final float learningRate, final double elapsedSeconds, final double remainingSeconds)
	{
		this.iteration = iteration;
		this.iterations = iterations;
		this.loss = loss;
		this.terms = Collections.unmodifiableMap(terms);
		this.statistics = Collections.unmodifiableMap(statistics);
		this.learningRate = learningRate;
		this.elapsedSeconds = elapsedSeconds;
		this.remainingSeconds = remainingSeconds;
	}

	/** @return iterations done (1 after the first) */
	public int iteration() {
		return iteration;
	}

	public int iterations() {
		return iterations;
	}

	/** @return the total loss that was minimised */
	public float loss() {
		return loss;
	}

	public Map<String, Float> terms() {
		return terms;
	}

	public Map<String, float[]> statistics() {
		return statistics;
	}

	public float learningRate() {
		return learningRate;
	}

	/** @return seconds since this run (or its resumption) started */
	public double elapsedSeconds() {
		return elapsedSeconds;
	}

	/**
	 * @return estimated seconds left, from the mean time of the iterations after
	 *         the first of this run (validations included); NaN after the first,
	 *         when there is nothing to estimate from
	 */
	public double remainingSeconds() {
		return remainingSeconds;
	}
}
