package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a method's step: the total loss to differentiate, the named
 * scalar terms to report, and named per-class statistics (for example the
 * pseudo-label class fractions) that the loop reads back once per iteration
 * and hands to {@link TrainingMethod#observe}.
 */
public final class StepLoss {

	private final NDArray total;
	private final Map<String, NDArray> terms = new LinkedHashMap<>();
	private final Map<String, NDArray> statistics = new LinkedHashMap<>();

	public StepLoss(final NDArray total) {
		this.total = total;
	}

	/** Adds a scalar term to report (not added to the total). */
	public StepLoss term(final String name, final NDArray scalar) {
		terms.put(name, scalar);
		return this;
	}

	/** Adds a vector statistic to read back after the step. */
	public StepLoss statistic(final String name, final NDArray vector) {
		statistics.put(name, vector);
		return this;
	}

	public NDArray total() {
		return total;
	}

	public Map<String, NDArray> terms() {
		return Collections.unmodifiableMap(terms);
	}

	public Map<String, NDArray> statistics() {
		return Collections.unmodifiableMap(statistics);
	}
}
